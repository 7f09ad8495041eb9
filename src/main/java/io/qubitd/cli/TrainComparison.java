package io.qubitd.cli;

import io.qubitd.trainer.AdapterKind;
import io.qubitd.trainer.TrainerSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code train --compare}: each variant fine-tuned from the same base model on the same data for
 * seeds s, s+1, …, and its test accuracy summarised as mean ± standard error (sample standard
 * deviation over √n). The base model alone does not depend on the seed (the seed draws the
 * adapter's initial weights and the batch order), so it is evaluated once and counts for every seed.
 */
final class TrainComparison {

  /** One row of the comparison: an adapter, and for qtha the mode its quantum layer runs in. */
  enum Variant {
    BASE("base", AdapterKind.NONE, "classical"),
    LORA("lora", AdapterKind.LORA, "classical"),
    MPO("mpo", AdapterKind.MPO, "classical"),
    QTHA_EXACT("qtha-exact", AdapterKind.QTHA, "exact"),
    QTHA_SHOTS("qtha-shots", AdapterKind.QTHA, "shots"),
    QTHA_CHIP("qtha-chip", AdapterKind.QTHA, "chip"),
    CLASSICAL("classical", AdapterKind.CLASSICAL, "classical");

    private final String wire;
    private final AdapterKind kind;
    private final String mode;

    Variant(String wire, AdapterKind kind, String mode) {
      this.wire = wire;
      this.kind = kind;
      this.mode = mode;
    }

    String wire() { return wire; }

    AdapterKind kind() { return kind; }

    String mode() { return mode; }
  }

  /** The variants' names, for help and errors (a constant: picocli's annotations quote it). */
  static final String VARIANT_NAMES = "base,lora,mpo,qtha-exact,qtha-shots,qtha-chip,classical";

  /** One fine-tuning run: the summary row the train command prints for a single run. */
  interface Runner {
    Map<String, Object> run(Variant variant, long seed);
  }

  private final List<Variant> variants;
  private final long firstSeed;
  private final int seeds;
  private final Map<Variant, List<Map<String, Object>>> runs = new LinkedHashMap<>();

  TrainComparison(List<Variant> variants, long firstSeed, int seeds) {
    if (seeds < 1) throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
    this.variants = List.copyOf(variants);
    this.firstSeed = firstSeed;
    this.seeds = seeds;
  }

  /** The variants named in {@code names} (in the order given), or all of them when null or empty. */
  static List<Variant> parseVariants(List<String> names) {
    if (names == null || names.isEmpty()) return List.of(Variant.values());
    List<Variant> out = new ArrayList<>();
    for (String n : names) {
      String name = n.trim().toLowerCase(Locale.ROOT);
      Variant v = Arrays.stream(Variant.values()).filter(x -> x.wire.equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown variant '" + n + "' in --variants; use " + VARIANT_NAMES));
      if (!out.contains(v)) out.add(v);
    }
    return out;
  }

  List<Long> seedList() {
    List<Long> s = new ArrayList<>(seeds);
    for (int i = 0; i < seeds; i++) s.add(firstSeed + i);
    return s;
  }

  /** Runs every variant for every seed; the base once. */
  void run(Runner runner) {
    for (Variant v : variants) {
      List<Map<String, Object>> rows = new ArrayList<>();
      if (v == Variant.BASE) {
        rows.add(runner.run(v, firstSeed));
      } else {
        for (long s : seedList()) rows.add(runner.run(v, s));
      }
      runs.put(v, rows);
    }
  }

  /** Mean of {@code xs}. */
  static double mean(double[] xs) {
    double sum = 0;
    for (double x : xs) sum += x;
    return sum / xs.length;
  }

  /** Standard error of the mean, s/√n with the sample standard deviation s; NaN for fewer than 2 values. */
  static double standardError(double[] xs) {
    if (xs.length < 2) return Double.NaN;
    double m = mean(xs);
    double ss = 0;
    for (double x : xs) ss += (x - m) * (x - m);
    return Math.sqrt(ss / (xs.length - 1) / xs.length);
  }

  /** Test accuracy per seed; the base's one evaluation repeated for every seed. */
  private double[] accuracies(Variant v) {
    List<Map<String, Object>> rows = runs.get(v);
    if (v == Variant.BASE) {
      double[] a = new double[seeds];
      Arrays.fill(a, (Double) rows.get(0).get("test_accuracy"));
      return a;
    }
    return rows.stream().mapToDouble(r -> (Double) r.get("test_accuracy")).toArray();
  }

  private double[] field(Variant v, String key) {
    return runs.get(v).stream().map(r -> r.get(key)).filter(x -> x != null).mapToDouble(x -> ((Number) x).doubleValue()).toArray();
  }

  private Long loraParameters() {
    List<Map<String, Object>> lora = runs.get(Variant.LORA);
    return lora == null ? null : ((Number) lora.get(0).get("trainable_parameters")).longValue();
  }

  /** The whole comparison as one JSON object. */
  Map<String, Object> toJson(TrainerSettings settings, String gradient) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seeds", seedList());
    out.put("steps", settings.steps());
    out.put("rank", settings.rank());
    out.put("quantum_layers", settings.quantumLayers());
    out.put("angle_init", settings.angleInit().label());
    out.put("angle_rate_scale", settings.angleRateScale());
    out.put("encoding_scale", settings.encodingScale());
    out.put("gradient", sampled() ? gradient : null);
    List<Map<String, Object>> rows = new ArrayList<>();
    Long lora = loraParameters();
    for (Variant v : variants) {
      double[] acc = accuracies(v);
      double[] loss = field(v, "train_loss");
      double[] wall = field(v, "wall_seconds");
      long params = ((Number) runs.get(v).get(0).get("trainable_parameters")).longValue();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("variant", v.wire());
      row.put("adapter", v.kind().label());
      row.put("mode", v.mode());
      row.put("trainable_parameters", params);
      row.put("parameters_vs_lora", lora == null || lora == 0 ? null : (double) params / lora);
      row.put("test_accuracy_mean", mean(acc));
      double se = standardError(acc);
      row.put("test_accuracy_stderr", Double.isNaN(se) ? null : se);
      row.put("test_accuracy", Arrays.stream(acc).boxed().toList());
      double[] testLoss = field(v, "test_loss");
      row.put("test_loss_mean", testLoss.length == 0 ? null : mean(testLoss));
      double lossError = standardError(testLoss);
      row.put("test_loss_stderr", Double.isNaN(lossError) ? null : lossError);
      row.put("train_loss_mean", loss.length == 0 ? null : mean(loss));
      row.put("wall_seconds", Arrays.stream(wall).sum());
      row.put("runs", runs.get(v));
      rows.add(row);
    }
    out.put("variants", rows);
    return out;
  }

  private static String plusMinus(double[] xs, String format) {
    if (xs.length == 0) return "-";
    double se = standardError(xs);
    return String.format(Locale.ROOT, format, mean(xs)) + " ± " + (Double.isNaN(se) ? "-" : String.format(Locale.ROOT, format, se));
  }

  /** The comparison as a table: one line per variant, accuracies per seed after mean ± s.e. */
  void print(PrintStream out, TrainerSettings settings, String gradient) {
    out.printf("%-11s %10s %8s %20s %18s %9s  %s%n", "variant", "trainable", "vs lora", "test accuracy ± s.e.",
        "test loss ± s.e.", "wall s", "accuracy per seed " + seedList());
    Long lora = loraParameters();
    for (Variant v : variants) {
      double[] acc = accuracies(v);
      double[] loss = field(v, "test_loss");
      long params = ((Number) runs.get(v).get(0).get("trainable_parameters")).longValue();
      out.printf(Locale.ROOT, "%-11s %10d %8s %20s %18s %9.1f  %s%n", v.wire(), params,
          lora == null || lora == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * params / lora),
          plusMinus(acc, "%.3f"), plusMinus(loss, "%.4f"), Arrays.stream(field(v, "wall_seconds")).sum(),
          Arrays.stream(acc).mapToObj(a -> String.format(Locale.ROOT, "%.3f", a)).collect(Collectors.joining(" ")));
    }
    out.printf("%d seeds from %d, %d steps, width %d, depth %d, rank %d, quantum layers %d, angles %s at %s× the rate, encoding %s·π·tanh%s;"
            + " the base does not depend on the seed%n", seeds, firstSeed, settings.steps(), settings.width(), settings.depth(),
        settings.rank(), settings.quantumLayers(), settings.angleInit().label(), settings.angleRateScale(), settings.encodingScale(), sampled() ? ", qtha-shots and qtha-chip gradient " + gradient : "");
  }

  /** Whether a variant takes its gradients by --gradient: qtha-shots and qtha-chip (qtha-exact is always adjoint). */
  private boolean sampled() {
    return variants.contains(Variant.QTHA_CHIP) || variants.contains(Variant.QTHA_SHOTS);
  }
}
