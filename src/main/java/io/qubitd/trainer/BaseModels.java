package io.qubitd.trainer;

import io.qubitd.progress.Progress;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base model: pretrained by qubitd itself on the arithmetic corpus, once per model shape, and
 * kept under {@code <data>/trainer/base-<key>/}; later sessions load it. Returned frozen.
 */
final class BaseModels {
  private BaseModels() {}

  private static final Logger LOG = LoggerFactory.getLogger(BaseModels.class);
  static final String FILE = "model.params";

  /** Where the base model of these settings lives under {@code dataDir}. */
  static Path directory(TrainerSettings s, Path dataDir) {
    return dataDir.resolve("trainer").resolve("base-" + s.baseModelKey());
  }

  /**
   * Loads the base model of {@code s} from under {@code dataDir}, pretraining and saving it first if absent.
   * One caller at a time: sessions opened together pretrain once, and DJL's random seed is global.
   */
  static synchronized DecoderModel loadOrTrain(TrainerSettings s, Path dataDir, NDManager m, Progress progress) {
    DecoderModel model = new DecoderModel(s.width(), s.depth(), s.heads(), s.contextLength());
    Engine.getInstance().setRandomSeed((int) s.baseSeed());
    model.initialize(m, DataType.FLOAT32);
    Path file = directory(s, dataDir).resolve(FILE);
    try {
      if (Files.exists(file)) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
          ParameterFiles.load(in, parameters(model));
        }
      } else {
        pretrain(model, s, m, progress);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
          ParameterFiles.save(out, parameters(model));
        }
        Files.writeString(file.resolveSibling("settings.conf"), s.toHocon());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("base model under " + file.getParent() + ": " + e.getMessage(), e);
    }
    model.freezeParameters(true);
    return model;
  }

  static List<Parameter> parameters(DecoderModel model) {
    return new ArrayList<>(model.getParameters().values());
  }

  /** Adam (warm-up, cosine decay) on every weight, on fresh batches of the general corpus; loss on the answer tokens. */
  static void pretrain(DecoderModel model, TrainerSettings s, NDManager root, Progress progress) {
    List<Parameter> params = parameters(model);
    Adam adam = new Adam(Adam.warmupCosine(s.baseLearningRate(), Math.min(200, s.baseSteps() / 10 + 1), s.baseSteps()),
        params, List.of(), List.of(), root);
    SplitMix rnd = new SplitMix(s.baseSeed());
    List<NDArray> persistent = new ArrayList<>(adam.state());
    for (Parameter p : params) persistent.add(p.getArray());
    double recent = 0;
    String meanLoss = "";
    progress.start("pretraining the base model", s.baseSteps());
    for (int step = 1; step <= s.baseSteps(); step++) {
      TokenBatch batch = TokenBatch.of(MathTasks.generalBatch(rnd, s.baseBatch()), s.contextLength());
      try (NDManager m = Steps.scope(root, persistent)) {
        recent += HybridBackprop.lossAndGradients(model, params, null, batch, m);
        adam.step();
      }
      if (step % 100 == 0) {
        LOG.info("base model step {}: mean loss {}", step, String.format("%.4f", recent / 100));
        meanLoss = String.format("loss %.4f", recent / 100);
        recent = 0;
      }
      progress.update(step, meanLoss);
    }
    progress.finish();
  }
}
