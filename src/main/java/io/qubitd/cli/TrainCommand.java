package io.qubitd.cli;

import io.qubitd.config.QubitdConfig;
import io.qubitd.trainer.AdapterKind;
import io.qubitd.trainer.FineTuneSession;
import io.qubitd.trainer.StepReport;
import io.qubitd.trainer.TrainerSettings;
import io.qubitd.daemon.Daemon;
import io.qubitd.progress.Progress;
import io.qubitd.trainer.quantum.FamilyLayer;
import io.qubitd.trainer.quantum.QuantumLayer;
import io.qubitd.trainer.quantum.QuantumLayers;
import io.qubitd.trainer.quantum.QuantumSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qubitd train}: fine-tunes the base model on the word-problem task with one adapter and
 * reports parameters, loss, accuracy, circuits and time; {@code --compare} runs the base alone,
 * lora, mpo, qtha in each quantum mode and the classical-branch ablation on the same data over
 * several seeds and prints mean ± standard error ({@link TrainComparison}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Fine-tune the small base model with a LoRA, MPO or quantum-hybrid (QTHA) adapter.")
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--adapter", defaultValue = "qtha",
      description = "none, lora, mpo, qtha or classical (qtha with its quantum branch replaced by a classical one of the same"
          + " parameter count) (default ${DEFAULT-VALUE}).")
  String adapter;

  @Option(names = "--mode", defaultValue = "exact", description = "How the quantum layer runs: exact, shots or chip (default ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--gradient",
      description = "With --mode chip or shots, and for qtha-chip and qtha-shots in --compare: chip-shift (parameter shift on"
          + " the chip or on shots), chip-forward (forward on the chip or from shots, exact adjoint gradients) or spsa"
          + " (2 circuits per row) (default chip-shift; chip-forward with --compare).")
  String gradient;

  @Option(names = "--steps", description = "Optimiser steps (default qubitd.trainer.optimizer.steps).")
  Integer steps;

  @Option(names = "--rank", description = "Rank r of every adapter, the quantum layer's qubits (default qubitd.trainer.adapter.rank).")
  Integer rank;

  @Option(names = "--quantum-layers", description = "Layers L of the quantum circuit (default qubitd.trainer.adapter.quantum-layers).")
  Integer quantumLayers;

  @Option(names = "--angle-init", description = "uniform or zero: how the quantum angles start (default qubitd.trainer.adapter.angle-init).")
  String angleInit;

  @Option(names = "--angle-rate-scale",
      description = "The quantum angles' learning rate as a multiple of the adapter's (default qubitd.trainer.optimizer.angle-rate-scale).")
  Double angleRateScale;

  @Option(names = "--encoding-scale",
      description = "s in the QTHA encoding u = s·π·tanh(·), in (0, 1] (default qubitd.trainer.adapter.encoding-scale).")
  Double encodingScale;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the adapter's initial weights and the batch order (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--data-dir", description = "Where the base model is kept (default qubitd.daemon.data-dir).")
  Path dataDir;

  @Option(names = "--tiny", description = "Use the very small test settings instead of qubitd.trainer.")
  boolean tiny;

  @Option(names = "--compare", description = "Run the --variants on the same data for --seeds seeds; print mean ± standard"
      + " error of the test accuracy per variant.")
  boolean compare;

  @Option(names = "--seeds", defaultValue = "3", description = "With --compare: seeds --seed, --seed+1, ... (default ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--variants", split = ",", description = "With --compare: a comma-separated subset of "
      + TrainComparison.VARIANT_NAMES + " (default all).")
  List<String> variants;

  @Option(names = "--json", description = "Print JSON: one object (with --compare, the whole comparison).")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (gradient == null) gradient = compare ? "chip-forward" : "chip-shift";
    FamilyLayer.Gradient.parse(gradient);
    QubitdConfig config = QubitdConfig.load();
    TrainerSettings configured = tiny ? TrainerSettings.tiny() : TrainerSettings.fromConfig(config.root().getConfig("qubitd.trainer"));
    TrainerSettings adapted = adapterOptions(steps == null ? configured : configured.withSteps(steps));
    TrainerSettings settings = encodingScale == null ? adapted : adapted.withEncodingScale(encodingScale);
    Path dir = dataDir != null ? dataDir : ServeCommand.defaultDataDir(config);
    Progress progress = CliProgress.of(this.spec, json);
    if (compare) {
      TrainComparison comparison = new TrainComparison(TrainComparison.parseVariants(variants), seed, seeds);
      try {
        comparison.run((variant, s) -> {
          Map<String, Object> row = run(config, settings, variant.kind(), variant.mode(), s, dir, progress);
          // each finished run at once, so a long comparison that is stopped still shows what it measured
          System.err.println("finished " + variant.wire() + " seed " + s + ": " + Json.write(row));
          return row;
        });
      } finally {
        if (daemon != null) daemon.system().terminate();
      }
      if (json) System.out.println(Json.write(comparison.toJson(settings, gradient)));
      else comparison.print(System.out, settings, gradient);
      return 0;
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    try {
      rows.add(run(config, settings, AdapterKind.parse(adapter), mode, seed, dir, progress));
    } finally {
      if (daemon != null) daemon.system().terminate();
    }
    if (json) {
      System.out.println(Json.write(rows.get(0)));
    } else {
      System.out.printf("%-7s %10s %12s %11s %14s %12s %9s%n", "adapter", "trainable", "first loss", "train loss",
          "test accuracy", "circuits", "wall s");
      for (Map<String, Object> r : rows) {
        System.out.printf("%-7s %10d %12s %11s %14.3f %12d %9.1f%n", r.get("adapter"), r.get("trainable_parameters"),
            loss(r.get("first_loss")), loss(r.get("train_loss")), r.get("test_accuracy"), r.get("circuits"), r.get("wall_seconds"));
      }
      System.out.printf("mode %s%s, seed %d, %d steps, width %d, depth %d, rank %d, quantum layers %d%n", mode,
          mode.equals("chip") ? " (gradient " + gradient + ")" : "", seed,
          settings.steps(), settings.width(), settings.depth(), settings.rank(), settings.quantumLayers());
    }
    return 0;
  }

  /** The settings with --rank, --quantum-layers, --angle-init and --angle-rate-scale applied. */
  private TrainerSettings adapterOptions(TrainerSettings s) {
    if (rank == null && quantumLayers == null && angleInit == null && angleRateScale == null) return s;
    int r = rank == null ? s.rank() : rank;
    if (r < 2) throw new IllegalArgumentException("--rank must be at least 2 (the quantum layer's ring), got " + r);
    return s.withAdapter(r, rank == null ? s.rankFactors() : rankFactors(r, s.widthFactors().size()),
        quantumLayers == null ? s.quantumLayers() : quantumLayers,
        angleInit == null ? s.angleInit() : TrainerSettings.AngleInit.parse(angleInit),
        angleRateScale == null ? s.angleRateScale() : angleRateScale);
  }

  /** r as one factor per MPO core, as even as possible: the largest divisor f ≤ √r, then r/f, then ones. */
  static List<Integer> rankFactors(int r, int cores) {
    if (cores == 1) return List.of(r);
    int f = 1;
    for (int d = 1; d * d <= r; d++) if (r % d == 0) f = d;
    List<Integer> out = new ArrayList<>(List.of(f, r / f));
    while (out.size() < cores) out.add(1);
    return out;
  }

  private static String loss(Object v) {
    return v == null ? "-" : String.format("%.4f", (Double) v);
  }

  private Map<String, Object> run(QubitdConfig config, TrainerSettings settings, AdapterKind kind, String mode, long seed,
                                  Path dir, Progress progress) {
    long t0 = System.nanoTime();
    QuantumLayer quantum = kind == AdapterKind.QTHA ? quantumLayer(config, settings.rank(), settings.quantumLayers(), mode) : null;
    Map<String, Object> row = new LinkedHashMap<>();
    try (FineTuneSession session = FineTuneSession.create(settings, kind, quantum, dir, seed, progress)) {
      Double first = null;
      double recent = 0;
      int window = Math.min(20, settings.steps());
      long circuits = 0;
      double quantumSeconds = 0;
      if (kind != AdapterKind.NONE) {
        progress.start("training " + kind.label() + (kind == AdapterKind.QTHA ? " " + mode : "") + ", seed " + seed,
            settings.steps());
        for (int i = 0; i < settings.steps(); i++) {
          StepReport r = session.step();
          if (i == 0) first = r.loss();
          if (i >= settings.steps() - window) recent += r.loss();
          circuits += r.circuits();
          quantumSeconds += r.quantumSeconds();
          progress.update(i + 1, String.format("loss %.4f", r.loss()));
          if (quantum instanceof FamilyLayer f && f.onChip()) {
            System.err.printf("step %d/%d loss %.4f, %.0f circuits/s, chip %.1f s, dedup hit rate %.3f, packing utilisation %.2f%n",
                i + 1, settings.steps(), r.loss(), r.circuits() / Math.max(1e-9, r.quantumSeconds()), f.chipSeconds(),
                f.dedupHitRate(), f.utilisation());
          } else if (quantum instanceof FamilyLayer f) {
            System.err.printf("step %d/%d loss %.4f, %.0f circuits/s, dedup hit rate %.3f%n",
                i + 1, settings.steps(), r.loss(), r.circuits() / Math.max(1e-9, r.quantumSeconds()), f.dedupHitRate());
          }
        }
        progress.finish();
      }
      row.put("adapter", kind.label());
      row.put("mode", kind == AdapterKind.QTHA ? mode : "classical");
      row.put("steps", kind == AdapterKind.NONE ? 0 : settings.steps());
      row.put("seed", seed);
      row.put("trainable_parameters", session.trainableParameters());
      // loss of the first batch, and the mean of the last (up to) 20; none for the base model alone
      row.put("first_loss", first);
      row.put("train_loss", kind == AdapterKind.NONE ? null : recent / window);
      row.put("test_accuracy", session.evaluate());
      // teacher-forced, every test token is a row: in chip and shots modes one more deduplicated pass of the test
      // split through the same layer (on the chip, or sampled), after the training figures below are taken
      long forTest0 = quantum == null ? 0 : quantum.circuitsEvaluated();
      row.put("test_loss", session.heldOutLoss());
      row.put("circuits", circuits);
      row.put("quantum_seconds", quantumSeconds);
      if (quantum instanceof FamilyLayer f) {
        row.put("gradient", f.gradient().wire());
        row.put("circuits_per_second", circuits / Math.max(1e-9, quantumSeconds));
        row.put("dedup_hit_rate", f.dedupHitRate());
        row.put("test_loss_circuits", f.circuitsEvaluated() - forTest0);
        if (f.onChip()) {
          row.put("chip_seconds", f.chipSeconds());
          row.put("packing_utilisation", f.utilisation());
        }
      }
    }
    row.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
    return row;
  }

  /** The embedded daemon whose chip runs the quantum layer's circuits in chip mode; null otherwise. */
  private Daemon.Running daemon;

  /**
   * The quantum layer for {@code --mode}: exact and shots run in this process; chip sends its
   * circuits as jobs to an embedded daemon (its own journal in a temporary directory), compiled
   * onto the configured backend with its noise, exactly as a remote client's would be.
   */
  private QuantumLayer quantumLayer(QubitdConfig config, int qubits, int layers, String mode) {
    QuantumSettings qs = QuantumSettings.fromConfig(config.root().getConfig("qubitd.trainer.quantum"));
    if (!mode.equals("chip")) return QuantumLayers.create(mode, qubits, layers, qs, null, null, FamilyLayer.Gradient.parse(gradient));
    if (daemon == null) {
      try {
        daemon = Daemon.start(config, Files.createTempDirectory("qubitd-train-journal"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot create a journal directory for the embedded daemon", e);
      }
    }
    return QuantumLayers.create(mode, qubits, layers, qs, daemon.system(), daemon.gateway(), FamilyLayer.Gradient.parse(gradient));
  }
}
