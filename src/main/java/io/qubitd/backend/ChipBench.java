package io.qubitd.backend;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.kernel.MethodChooser;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times noisy chip runs (compile, noise model, simulation) against the ideal state-vector run of
 * the same logical circuit: the cost of emulating a machine rather than mathematics.
 */
public final class ChipBench {
  private ChipBench() {}

  /**
   * Medians over repetitions, in seconds.
   *
   * @param compileSeconds one compile of the circuit, timed on its own (the noisy run compiles it again, inside {@code noisySeconds})
   */
  public record Figures(String circuit, int qubits, int shots, String method, int czCount, int swaps,
                        double idealSeconds, double noisySeconds, double compileSeconds, String idealMethod,
                        int maxBondDimension, double truncationError) {
    public double noisyPerShot() { return noisySeconds / shots; }
    public double idealPerShot() { return idealSeconds / shots; }
  }

  /** A GHZ state on n qubits: H then a chain of CX. */
  public static Circuit ghz(int n) {
    Circuit.Builder b = Circuit.builder(n, n).name("ghz_" + n).gate(GateKind.H, 0);
    for (int q = 0; q + 1 < n; q++) b.gate(Gate.controlled(GateKind.X, 1), q, q + 1);
    for (int q = 0; q < n; q++) b.measure(q, q);
    return b.build();
  }

  /** {@code layers} layers of random RY on every qubit and a CZ brickwork on the line, fixed seed. */
  public static Circuit layered(int n, int layers, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Circuit.Builder b = Circuit.builder(n, n).name("layered_" + n + "x" + layers);
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) b.gate(Gate.of(GateKind.RY, rng.nextDouble(0, 2 * Math.PI)), q);
      for (int q = l % 2; q + 1 < n; q += 2) b.gate(Gate.controlled(GateKind.Z, 1), q, q + 1);
    }
    for (int q = 0; q < n; q++) b.measure(q, q);
    return b.build();
  }

  /**
   * {@code layers} layers on the chip's first {@code n} qubits (row by row): RY at random angles on
   * every qubit, then CZ on one of the lattice's four edge classes (horizontal or vertical, even or
   * odd column/row), in turn, so four layers touch every coupler once; fixed seed.
   */
  public static Circuit lattice(io.qubitd.device.Topology topology, int n, int layers, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Circuit.Builder b = Circuit.builder(n, n).name("lattice_" + n + "x" + layers);
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) b.gate(Gate.of(GateKind.RY, rng.nextDouble(0, 2 * Math.PI)), q);
      for (io.qubitd.device.Topology.Edge e : topology.edges()) {
        if (e.a() >= n || e.b() >= n) continue;
        var pa = topology.position(e.a());
        var pb = topology.position(e.b());
        boolean horizontal = pa.row() == pb.row();
        int parity = (horizontal ? Math.min(pa.col(), pb.col()) : Math.min(pa.row(), pb.row())) % 2;
        if ((horizontal ? 0 : 2) + parity == l % 4) b.gate(Gate.controlled(GateKind.Z, 1), e.a(), e.b());
      }
    }
    for (int q = 0; q < n; q++) b.measure(q, q);
    return b.build();
  }

  /** Runs {@code c} {@code repetitions} ≥ 1 times each way after one warm-up and returns the medians. */
  public static Figures measure(Circuit c, ChipSpec spec, ChipExecutor executor, IdealExecutor ideal, int shots,
      int repetitions) {
    ChipTruth truth = spec.sampleTruth();
    CalibrationSnapshot snapshot = truth.asSnapshot(spec.name(), 0, Instant.EPOCH);
    ChipRunResult last = executor.run(c, snapshot, truth, Math.min(shots, 10), 0);
    String idealMethod = ideal.run(c, Math.min(shots, 10), 0, false, MethodChooser.AUTO).method();
    double[] ti = new double[repetitions], tn = new double[repetitions], tc = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      long t0 = System.nanoTime();
      ideal.run(c, shots, r + 1, false, MethodChooser.AUTO);
      long t1 = System.nanoTime();
      executor.compiler().compile(c, snapshot);
      long t2 = System.nanoTime();
      last = executor.run(c, snapshot, truth, shots, r + 1);
      long t3 = System.nanoTime();
      ti[r] = (t1 - t0) / 1e9;
      tc[r] = (t2 - t1) / 1e9;
      tn[r] = (t3 - t2) / 1e9;
    }
    return new Figures(c.name(), c.numQubits(), shots, last.method(), last.twoQubitGates(), last.swaps(),
        median(ti), median(tn), median(tc), idealMethod, last.maxBondDimension(), last.truncationError());
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
