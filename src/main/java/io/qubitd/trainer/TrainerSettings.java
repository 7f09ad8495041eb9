package io.qubitd.trainer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every option of a fine-tuning run. Model: width d, depth, heads, context length. Base model:
 * pretraining steps, batch and learning rate on the arithmetic corpus. Data: sizes and seed of the
 * word-problem task. Adapter: rank r, MPO factorisations of d and r with the bond rank, quantum
 * layers L, scale α, how the quantum angles start. Optimiser: Adam's learning rate, batch, steps,
 * and the factor on that rate for the quantum angles.
 */
public record TrainerSettings(
    int width, int depth, int heads, int contextLength,
    int baseSteps, int baseBatch, double baseLearningRate, long baseSeed,
    int trainExamples, int testExamples, long dataSeed,
    int rank, List<Integer> widthFactors, List<Integer> rankFactors, int bondRank, int quantumLayers, double alpha,
    double learningRate, int batch, int steps, AngleInit angleInit, double angleRateScale, double encodingScale) {

  /** How the QTHA adapter's quantum angles θ start. */
  public enum AngleInit {
    /** Uniform in [−π, π): a random circuit on top of the encoding. */
    UNIFORM,
    /** Zero: every trainable gate starts as the identity, so Q(u) starts as the bare encoding (⟨Z_i⟩ = cos u_i for L = 1). */
    ZERO;

    /** Parses {@code uniform|zero}, case-insensitive. */
    public static AngleInit parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown angle initialisation '" + name + "': use uniform or zero", e);
      }
    }

    public String label() { return name().toLowerCase(Locale.ROOT); }
  }

  /** The settings before the encoding option: u = π·tanh(·). */
  public TrainerSettings(int width, int depth, int heads, int contextLength,
                         int baseSteps, int baseBatch, double baseLearningRate, long baseSeed,
                         int trainExamples, int testExamples, long dataSeed,
                         int rank, List<Integer> widthFactors, List<Integer> rankFactors, int bondRank, int quantumLayers,
                         double alpha, double learningRate, int batch, int steps, AngleInit angleInit, double angleRateScale) {
    this(width, depth, heads, contextLength, baseSteps, baseBatch, baseLearningRate, baseSeed, trainExamples, testExamples,
        dataSeed, rank, widthFactors, rankFactors, bondRank, quantumLayers, alpha, learningRate, batch, steps,
        angleInit, angleRateScale, 1.0);
  }

  /** The settings before the angle options: angles uniform, at the adapter's learning rate. */
  public TrainerSettings(int width, int depth, int heads, int contextLength,
                         int baseSteps, int baseBatch, double baseLearningRate, long baseSeed,
                         int trainExamples, int testExamples, long dataSeed,
                         int rank, List<Integer> widthFactors, List<Integer> rankFactors, int bondRank, int quantumLayers,
                         double alpha, double learningRate, int batch, int steps) {
    this(width, depth, heads, contextLength, baseSteps, baseBatch, baseLearningRate, baseSeed, trainExamples, testExamples,
        dataSeed, rank, widthFactors, rankFactors, bondRank, quantumLayers, alpha, learningRate, batch, steps,
        AngleInit.UNIFORM, 1.0);
  }

  public TrainerSettings {
    if (angleInit == null) throw new IllegalArgumentException("qubitd.trainer.adapter.angle-init must be uniform or zero");
    if (!(angleRateScale > 0)) {
      throw new IllegalArgumentException("qubitd.trainer.optimizer.angle-rate-scale must be > 0, got " + angleRateScale);
    }
    if (!(encodingScale > 0) || encodingScale > 1) {
      throw new IllegalArgumentException("qubitd.trainer.adapter.encoding-scale must be in (0, 1], got " + encodingScale);
    }
    widthFactors = List.copyOf(widthFactors);
    rankFactors = List.copyOf(rankFactors);
    positive("width", width);
    positive("depth", depth);
    positive("heads", heads);
    positive("context-length", contextLength);
    positive("base-steps", baseSteps);
    positive("base-batch", baseBatch);
    positive("train-examples", trainExamples);
    positive("test-examples", testExamples);
    positive("rank", rank);
    positive("bond-rank", bondRank);
    positive("quantum-layers", quantumLayers);
    positive("batch", batch);
    positive("steps", steps);
    if (width % heads != 0) {
      throw new IllegalArgumentException("qubitd.trainer.model: width " + width + " is not a multiple of heads " + heads);
    }
    if (product(widthFactors) != width) {
      throw new IllegalArgumentException("qubitd.trainer.adapter.width-factors " + widthFactors + " must multiply to the width " + width);
    }
    if (product(rankFactors) != rank) {
      throw new IllegalArgumentException("qubitd.trainer.adapter.rank-factors " + rankFactors + " must multiply to the rank " + rank);
    }
    if (widthFactors.size() != rankFactors.size()) {
      throw new IllegalArgumentException("qubitd.trainer.adapter: width-factors " + widthFactors + " and rank-factors "
          + rankFactors + " need the same number of cores");
    }
    if (!(learningRate > 0) || !(baseLearningRate > 0) || !(alpha > 0)) {
      throw new IllegalArgumentException("qubitd.trainer: learning rates and alpha must be > 0, got lr " + learningRate
          + ", base lr " + baseLearningRate + ", alpha " + alpha);
    }
  }

  private static void positive(String key, int v) {
    if (v < 1) throw new IllegalArgumentException("qubitd.trainer: " + key + " must be ≥ 1, got " + v);
  }

  private static int product(List<Integer> f) {
    return f.stream().reduce(1, (a, b) -> a * b);
  }

  /** The defaults of reference.conf: a small model that pretrains in about eight minutes on two cores. */
  public static TrainerSettings defaults() {
    return fromConfig(ConfigFactory.defaultReference().getConfig("qubitd.trainer"));
  }

  /** A very small model for tests: seconds, not minutes. */
  public static TrainerSettings tiny() {
    return new TrainerSettings(16, 1, 2, 96, 400, 32, 1e-2, 7, 256, 64, 5,
        4, List.of(4, 4), List.of(2, 2), 2, 1, 8.0, 3e-2, 8, 30);
  }

  /** Reads the subtree {@code qubitd.trainer} (keys model, data, adapter, optimizer). */
  public static TrainerSettings fromConfig(Config c) {
    Config m = c.getConfig("model");
    Config d = c.getConfig("data");
    Config a = c.getConfig("adapter");
    Config o = c.getConfig("optimizer");
    return new TrainerSettings(
        m.getInt("width"), m.getInt("depth"), m.getInt("heads"), m.getInt("context-length"),
        m.getInt("base-steps"), m.getInt("base-batch"), m.getDouble("base-learning-rate"), m.getLong("base-seed"),
        d.getInt("train-examples"), d.getInt("test-examples"), d.getLong("seed"),
        a.getInt("rank"), a.getIntList("width-factors"), a.getIntList("rank-factors"), a.getInt("bond-rank"),
        a.getInt("quantum-layers"), a.getDouble("alpha"),
        o.getDouble("learning-rate"), o.getInt("batch"), o.getInt("steps"),
        // checkpoints written before these keys existed lack them
        a.hasPath("angle-init") ? AngleInit.parse(a.getString("angle-init")) : AngleInit.UNIFORM,
        o.hasPath("angle-rate-scale") ? o.getDouble("angle-rate-scale") : 1.0,
        a.hasPath("encoding-scale") ? a.getDouble("encoding-scale") : 1.0);
  }

  /** The same settings as HOCON that {@link #fromConfig} reads back; checkpoints keep them so. */
  public String toHocon() {
    return String.format(Locale.ROOT, String.join("\n",
        "model { width = %d, depth = %d, heads = %d, context-length = %d, base-steps = %d, base-batch = %d, base-learning-rate = %s, base-seed = %d }",
        "data { train-examples = %d, test-examples = %d, seed = %d }",
        "adapter { rank = %d, width-factors = %s, rank-factors = %s, bond-rank = %d, quantum-layers = %d, alpha = %s, angle-init = %s, encoding-scale = %s }",
        "optimizer { learning-rate = %s, batch = %d, steps = %d, angle-rate-scale = %s }", ""),
        width, depth, heads, contextLength, baseSteps, baseBatch, Double.toString(baseLearningRate), baseSeed,
        trainExamples, testExamples, dataSeed,
        rank, list(widthFactors), list(rankFactors), bondRank, quantumLayers, Double.toString(alpha), angleInit.label(), Double.toString(encodingScale),
        Double.toString(learningRate), batch, steps, Double.toString(angleRateScale));
  }

  private static String list(List<Integer> f) {
    return f.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
  }

  /** These settings with another number of steps. */
  public TrainerSettings withSteps(int n) {
    return new TrainerSettings(width, depth, heads, contextLength, baseSteps, baseBatch, baseLearningRate, baseSeed,
        trainExamples, testExamples, dataSeed, rank, widthFactors, rankFactors, bondRank, quantumLayers, alpha,
        learningRate, batch, n, angleInit, angleRateScale, encodingScale);
  }

  /**
   * These settings with the adapter's rank r (also the quantum layer's qubits), its rank factors
   * (as many as the width factors; they must multiply to r), layers L and the quantum angles' options.
   */
  public TrainerSettings withAdapter(int r, List<Integer> factors, int layers, AngleInit init, double rateScale) {
    return new TrainerSettings(width, depth, heads, contextLength, baseSteps, baseBatch, baseLearningRate, baseSeed,
        trainExamples, testExamples, dataSeed, r, widthFactors, factors, bondRank, layers, alpha,
        learningRate, batch, steps, init, rateScale, encodingScale);
  }

  /** These settings with the QTHA encoding u = scale·π·tanh(·). */
  public TrainerSettings withEncodingScale(double scale) {
    return new TrainerSettings(width, depth, heads, contextLength, baseSteps, baseBatch, baseLearningRate, baseSeed,
        trainExamples, testExamples, dataSeed, rank, widthFactors, rankFactors, bondRank, quantumLayers, alpha,
        learningRate, batch, steps, angleInit, angleRateScale, scale);
  }

  /** A stable name for the base model these settings pretrain: the keys that shape it and the corpus it reads, hashed. */
  public String baseModelKey() {
    String shape = String.format(Locale.ROOT, "w%d-d%d-h%d-c%d-s%d-b%d-lr%s-seed%d-v%d-corpus%x", width, depth, heads,
        contextLength, baseSteps, baseBatch, Double.toString(baseLearningRate), baseSeed, CharVocabulary.SIZE,
        MathTasks.corpusFingerprint(baseSeed));
    return Long.toHexString(fnv64(shape));
  }

  private static long fnv64(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
