package io.qubitd.backend;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.DriftModel;
import io.qubitd.kernel.IdealSimulator;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Noise-aware placement against the quick one, on chips drifted for hours: for each seed a chip
 * is sampled, drifted {@code hours}, calibrated (its truth then published as the snapshot, as an
 * exact calibration would), drifted half an hour more (the snapshot is stale, as between hourly
 * calibrations), and the circuit is compiled both ways and run with the chip's true noise. The
 * fidelity of a run is the Hellinger fidelity (Σ √(p·q))² of its counts to the ideal distribution.
 */
public final class PlacementBench {
  private PlacementBench() {}

  /** Emulated time between the published snapshot and the runs. */
  private static final double STALENESS_SECONDS = 1800;

  /**
   * Mean fidelities over the seeds with their standard errors (sd/√seeds), and the mean paired
   * difference noise-aware − quick with its standard error.
   */
  public record Comparison(String circuit, int seeds, int shots, double hours, double noiseAware, double noiseAwareError,
      double quick, double quickError, double difference, double differenceError, int noiseAwareBetter) {
    @Override
    public String toString() {
      return String.format("%-12s seeds=%d shots=%d drift=%.0fh  noise-aware %.4f ± %.4f  quick %.4f ± %.4f"
              + "  difference %+.4f ± %.4f  (noise-aware better in %d of %d)", circuit, seeds, shots, hours, noiseAware,
          noiseAwareError, quick, quickError, difference, differenceError, noiseAwareBetter, seeds);
    }
  }

  /**
   * A {@code rows} × {@code cols} lattice circuit: {@code layers} rounds of random RY on every qubit
   * followed by CZs on one of the four edge classes of the lattice (horizontal even/odd, vertical
   * even/odd), every qubit measured. Fixed by {@code seed}.
   */
  public static Circuit lattice(int rows, int cols, int layers, long seed) {
    int n = rows * cols;
    SplittableRandom rng = new SplittableRandom(seed);
    Circuit.Builder b = Circuit.builder(n, n).name("lattice_" + rows + "x" + cols);
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) b.gate(Gate.of(GateKind.RY, rng.nextDouble(0, 2 * Math.PI)), q);
      int kind = l % 4;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          boolean horizontal = kind < 2;
          int parity = kind % 2;
          if (horizontal && c % 2 == parity && c + 1 < cols) b.gate(Gate.controlled(GateKind.Z, 1), r * cols + c, r * cols + c + 1);
          if (!horizontal && r % 2 == parity && r + 1 < rows) b.gate(Gate.controlled(GateKind.Z, 1), r * cols + c, (r + 1) * cols + c);
        }
      }
    }
    for (int q = 0; q < n; q++) b.measure(q, q);
    return b.build();
  }

  /**
   * Compares placements of {@code circuit} over {@code seeds} ≥ 2 chips. {@code executor}'s compiler
   * settings give the noise-aware side (region candidates &gt; 0); the quick side is the same with 0.
   */
  public static Comparison compare(Circuit circuit, ChipSpec spec, ChipExecutor executor, CompilerSettings settings,
      IdealSimulator ideal, int seeds, double hours, int shots) {
    if (seeds < 2) throw new IllegalArgumentException("a comparison needs at least 2 seeds, got " + seeds);
    if (settings.regionCandidates() < 1) throw new IllegalArgumentException("noise-aware placement needs region-candidates >= 1");
    ChipExecutor aware = executor.withCompilerSettings(settings);
    ChipExecutor quick = executor.withCompilerSettings(settings.withRegionCandidates(0));
    Map<String, Double> p = ideal.probabilities(circuit);
    DriftModel drift = new DriftModel(spec.drift(), spec.durations());
    double[] fa = new double[seeds], fq = new double[seeds];
    int better = 0;
    for (int s = 0; s < seeds; s++) {
      SplittableRandom rng = new SplittableRandom(1000L + s);
      ChipTruth calibrated = drift.step(spec.sampleTruth(s + 1), hours * 3600, rng);
      CalibrationSnapshot snapshot = calibrated.asSnapshot(spec.name(), 1, Instant.EPOCH.plusSeconds((long) (hours * 3600)));
      ChipTruth now = drift.step(calibrated, STALENESS_SECONDS, rng);
      fa[s] = hellinger(aware.run(circuit, snapshot, now, shots, s + 1).counts(), p, shots);
      fq[s] = hellinger(quick.run(circuit, snapshot, now, shots, s + 1).counts(), p, shots);
      if (fa[s] > fq[s]) better++;
    }
    double[] d = new double[seeds];
    for (int s = 0; s < seeds; s++) d[s] = fa[s] - fq[s];
    return new Comparison(circuit.name(), seeds, shots, hours, mean(fa), standardError(fa), mean(fq), standardError(fq),
        mean(d), standardError(d), better);
  }

  /** (Σ √(p·q))² of measured frequencies against ideal probabilities. */
  static double hellinger(Map<String, Long> counts, Map<String, Double> ideal, int shots) {
    double bc = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) bc += Math.sqrt(e.getValue() / (double) shots * ideal.getOrDefault(e.getKey(), 0.0));
    return bc * bc;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }

  private static double standardError(double[] v) {
    double m = mean(v), s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return Math.sqrt(s / (v.length - 1) / v.length);
  }
}
