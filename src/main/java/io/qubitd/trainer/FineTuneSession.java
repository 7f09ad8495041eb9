package io.qubitd.trainer;

import io.qubitd.progress.Progress;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qubitd.trainer.quantum.QuantumLayer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One fine-tuning run: the frozen base model (pretrained once under the data directory), the
 * word-problem task, and adapters on every attention query and value projection. Not thread-safe:
 * one caller at a time (the TrainerActor, the train command, a test).
 */
public final class FineTuneSession implements TrainerSession {
  static final String SESSION_FILE = "session.conf";
  static final String ADAPTER_FILE = "adapters.params";
  static final String OPTIMIZER_FILE = "optimizer.bin";

  private final TrainerSettings settings;
  private final AdapterKind kind;
  private final Path dataDir;
  private final long seed;
  private final NDManager manager;
  private final DecoderModel model;
  private final List<ProjectionAdapter> adapters = new ArrayList<>();
  private final List<Parameter> trainable = new ArrayList<>();
  private final QuantumTape tape;
  private final MathTasks.Split data;
  private final Adam adam;
  private final List<NDArray> persistent = new ArrayList<>();
  private SplitMix order;
  private int[] permutation;
  private int position;
  private int steps;

  private FineTuneSession(TrainerSettings settings, AdapterKind kind, QuantumLayer quantum, Path dataDir, long seed,
                          Progress pretraining) {
    if (kind == AdapterKind.QTHA && quantum == null) {
      throw new IllegalArgumentException("the qtha adapter needs a quantum layer");
    }
    if (quantum != null && (quantum.qubits() != settings.rank() || quantum.layers() != settings.quantumLayers())) {
      throw new IllegalArgumentException("quantum layer has " + quantum.qubits() + " qubits and " + quantum.layers()
          + " layers; the settings ask for rank " + settings.rank() + " and " + settings.quantumLayers() + " layers");
    }
    NdArrays.offline();
    this.settings = settings;
    this.kind = kind;
    this.dataDir = dataDir;
    this.seed = seed;
    this.manager = NDManager.newBaseManager();
    Steps.outsideRecording();
    this.model = BaseModels.loadOrTrain(settings, dataDir, manager, pretraining);
    this.tape = kind == AdapterKind.QTHA ? new QuantumTape(quantum) : null;
    this.data = MathTasks.wordProblems(settings.trainExamples(), settings.testExamples(), settings.dataSeed());
    SplitMix init = new SplitMix(seed ^ 0x5DEECE66DL);
    for (DecoderModel.Layer layer : model.layers()) {
      if (kind == AdapterKind.NONE) break;
      layer.attach(() -> newAdapter(init));
      adapters.addAll(layer.adapters());
    }
    for (ProjectionAdapter a : adapters) trainable.addAll(a.getParameters().values());
    List<double[]> angles = new ArrayList<>();
    List<double[]> angleGradients = new ArrayList<>();
    for (ProjectionAdapter a : adapters) {
      if (a instanceof QthaAdapter q) {
        angles.add(q.theta());
        angleGradients.add(q.thetaGradient());
      }
    }
    this.adam = new Adam(Adam.warmupCosine(settings.learningRate(), Math.max(1, settings.steps() / 20), settings.steps()),
        trainable, angles, angleGradients, manager, settings.angleRateScale());
    for (Parameter p : model.getParameters().values()) persistent.add(p.getArray());
    for (Parameter p : trainable) persistent.add(p.getArray());
    persistent.addAll(adam.state());
    this.order = new SplitMix(seed);
    this.permutation = shuffled(order, settings.trainExamples());
  }

  private ProjectionAdapter newAdapter(SplitMix init) {
    TrainerSettings s = settings;
    return switch (kind) {
      case LORA -> {
        LoraAdapter a = new LoraAdapter(s.width(), s.rank(), s.alpha());
        a.randomize(manager, DataType.FLOAT32, init);
        yield a;
      }
      case MPO -> {
        MpoAdapter a = new MpoAdapter(s.widthFactors(), s.rankFactors(), s.bondRank(), s.alpha());
        a.randomize(manager, DataType.FLOAT32, init);
        yield a;
      }
      case QTHA -> {
        QthaAdapter a = new QthaAdapter(s.widthFactors(), s.rankFactors(), s.bondRank(), s.alpha(), tape);
        a.encodingScale(s.encodingScale());
        a.randomize(manager, DataType.FLOAT32, init, s.angleInit());
        yield a;
      }
      case CLASSICAL -> {
        QthaAdapter a = QthaAdapter.classical(s.widthFactors(), s.rankFactors(), s.bondRank(), s.alpha(), s.quantumLayers());
        a.encodingScale(s.encodingScale());
        a.randomize(manager, DataType.FLOAT32, init, s.angleInit());
        yield a;
      }
      case NONE -> throw new IllegalStateException("no adapter for NONE");
    };
  }

  /**
   * Builds or loads the base model (checkpoint under {@code dataDir}), the task data, and the
   * adapter; {@code quantum} is required for {@link AdapterKind#QTHA} and ignored otherwise.
   */
  public static FineTuneSession create(TrainerSettings settings, AdapterKind adapter, QuantumLayer quantum,
                                       Path dataDir, long seed) {
    return create(settings, adapter, quantum, dataDir, seed, Progress.NONE);
  }

  /** As {@link #create(TrainerSettings, AdapterKind, QuantumLayer, Path, long)}, telling {@code pretraining} how far the base model got. */
  public static FineTuneSession create(TrainerSettings settings, AdapterKind adapter, QuantumLayer quantum,
                                       Path dataDir, long seed, Progress pretraining) {
    return new FineTuneSession(settings, adapter, adapter == AdapterKind.QTHA ? quantum : null, dataDir, seed, pretraining);
  }

  /** Resumes the session saved by {@link #checkpoint} in {@code checkpoint}, exactly where it stopped. */
  public static FineTuneSession resume(Path checkpoint, QuantumLayer quantum) {
    Config c;
    try {
      c = ConfigFactory.parseString(Files.readString(checkpoint.resolve(SESSION_FILE)));
    } catch (IOException e) {
      throw new UncheckedIOException("no fine-tuning checkpoint in " + checkpoint + ": " + e.getMessage(), e);
    }
    Config s = c.getConfig("session");
    AdapterKind kind = AdapterKind.parse(s.getString("adapter"));
    FineTuneSession session = create(TrainerSettings.fromConfig(c.getConfig("trainer")), kind, quantum,
        Path.of(s.getString("data-dir")), s.getLong("seed"));
    try {
      session.restore(checkpoint, s);
    } catch (IOException | RuntimeException e) {
      session.close();
      if (e instanceof IOException io) throw new UncheckedIOException("cannot resume from " + checkpoint + ": " + io.getMessage(), io);
      throw (RuntimeException) e;
    }
    return session;
  }

  private void restore(Path dir, Config s) throws IOException {
    Steps.outsideRecording();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(ADAPTER_FILE))))) {
      ParameterFiles.load(in, trainable);
      int i = 0;
      for (ProjectionAdapter a : adapters) {
        if (a instanceof QthaAdapter q) {
          double[] theta = ParameterFiles.read(in, "theta" + i++, q.theta().length);
          System.arraycopy(theta, 0, q.theta(), 0, theta.length);
        }
      }
    }
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(OPTIMIZER_FILE))))) {
      adam.load(in);
    }
    steps = s.getInt("steps");
    position = s.getInt("position");
    order = new SplitMix(Long.parseUnsignedLong(s.getString("order-state"), 16));
    permutation = s.getIntList("permutation").stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] shuffled(SplitMix rnd, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private List<MathTasks.Example> nextBatch() {
    List<MathTasks.Example> batch = new ArrayList<>(settings.batch());
    while (batch.size() < settings.batch()) {
      if (position == permutation.length) {
        permutation = shuffled(order, permutation.length);
        position = 0;
      }
      batch.add(data.train().get(permutation[position++]));
    }
    return batch;
  }

  /** One optimiser step on the next batch (calls the quantum layer's forward and backward, blocking). */
  public StepReport step() {
    if (kind == AdapterKind.NONE) throw new IllegalStateException("the base model alone has nothing to train");
    long t0 = System.nanoTime();
    long circuits0 = circuits();
    long quantum0 = tape == null ? 0 : tape.quantumNanos();
    TokenBatch batch = TokenBatch.of(nextBatch(), settings.contextLength());
    double loss;
    try (NDManager m = Steps.scope(manager, persistent)) {
      loss = HybridBackprop.lossAndGradients(model, trainable, tape, batch, m);
      adam.step();
    }
    steps++;
    double quantumSeconds = tape == null ? 0 : (tape.quantumNanos() - quantum0) / 1e9;
    StepReport.ChipProgress chip = tape != null && tape.layer() instanceof io.qubitd.trainer.quantum.FamilyLayer f
        ? (f.onChip() ? new StepReport.ChipProgress(f.chipSeconds(), f.dedupHitRate(), f.utilisation())
            : StepReport.ChipProgress.sampled(f.dedupHitRate()))
        : null;
    return new StepReport(steps, loss, circuits() - circuits0, quantumSeconds, (System.nanoTime() - t0) / 1e9, chip);
  }

  private long circuits() {
    return tape == null ? 0 : tape.layer().circuitsEvaluated();
  }

  public int stepsDone() { return steps; }

  public AdapterKind adapter() { return kind; }

  public TrainerSettings settings() { return settings; }

  /** Exact-match accuracy on the held-out test split. */
  public double evaluate() {
    if (tape != null) tape.start(false);
    return GreedyDecoder.accuracy(model, data.test(), () -> Steps.scope(manager, persistent));
  }

  /** Mean answer-token loss on the held-out split, teacher-forced: a smooth measure of progress. */
  public double heldOutLoss() {
    if (tape != null) tape.start(false);
    double sum = 0;
    int chunk = 64;
    for (int from = 0; from < data.test().size(); from += chunk) {
      List<MathTasks.Example> part = data.test().subList(from, Math.min(data.test().size(), from + chunk));
      try (NDManager m = Steps.scope(manager, persistent)) {
        sum += HybridBackprop.loss(model, TokenBatch.of(part, settings.contextLength()), m) * part.size();
      }
    }
    return sum / data.test().size();
  }

  /** Trainable numbers: every adapter weight, and for qtha the quantum layers' 4·r·L angles per adapter. */
  public long trainableParameters() {
    return adapters.stream().mapToLong(ProjectionAdapter::trainableParameters).sum();
  }

  /** Writes everything needed to resume into {@code dir} (created if absent); returns {@code dir}. */
  public Path checkpoint(Path dir) {
    Steps.outsideRecording();
    try {
      Files.createDirectories(dir);
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(ADAPTER_FILE))))) {
        ParameterFiles.save(out, trainable);
        int i = 0;
        for (ProjectionAdapter a : adapters) {
          if (a instanceof QthaAdapter q) ParameterFiles.write(out, "theta" + i++, q.theta());
        }
      }
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(OPTIMIZER_FILE))))) {
        adam.save(out);
      }
      String session = String.format(Locale.ROOT,
          "session { adapter = %s, seed = %d, data-dir = \"%s\", steps = %d, position = %d, order-state = \"%s\", permutation = %s }%n",
          kind.label(), seed, dataDir.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\""), steps, position,
          Long.toHexString(order.state()), Arrays.stream(permutation).mapToObj(String::valueOf).collect(Collectors.joining(",", "[", "]")));
      Files.writeString(dir.resolve(SESSION_FILE), session + "trainer {\n" + settings.toHocon() + "}\n");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint to " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    manager.close();
  }

  DecoderModel model() { return model; }

  List<ProjectionAdapter> adapters() { return adapters; }
}
