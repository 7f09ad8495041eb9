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
   * @param idealSeconds   one ideal run (deterministic in its work, so timed once)
   * @param compileSeconds one compile of the circuit, timed on its own (the noisy run compiles it again, inside {@code noisySeconds})
   * @param noisyCpuSeconds   CPU time of the whole process during the noisy run (on a shared machine the wall time
   *                          also counts other users' work; this does not)
   * @param truncationError   summed discarded weight of the noisy run's worst trajectory (MPS)
   * @param estimatedFidelity product of (1 − ε) over that run's truncations (MPS), 1 for exact methods
   */
  public record Figures(String circuit, int qubits, int shots, String method, int czCount, int swaps,
                        double idealSeconds, double noisySeconds, double noisyCpuSeconds, double compileSeconds, String idealMethod,
                        int maxBondDimension, double truncationError, double estimatedFidelity) {
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

  /**
   * Times the ideal run of {@code c} once and the compile and noisy run {@code repetitions} ≥ 1 times,
   * after a warm-up of both at 10 shots when {@code warmUp} (the JIT compiles the same kernels for every
   * circuit, so one warm-up on a small first circuit serves the rows after it), and returns the medians.
   */
  public static Figures measure(Circuit c, ChipSpec spec, ChipExecutor executor, IdealExecutor ideal, int shots,
      int repetitions, boolean warmUp) {
    ChipTruth truth = spec.sampleTruth();
    CalibrationSnapshot snapshot = truth.asSnapshot(spec.name(), 0, Instant.EPOCH);
    if (warmUp) {
      executor.run(c, snapshot, truth, Math.min(shots, 10), 0);
      ideal.run(c, Math.min(shots, 10), 0, false, MethodChooser.AUTO);
    }
    long i0 = System.nanoTime();
    String idealMethod = ideal.run(c, shots, 1, false, MethodChooser.AUTO).method();
    double idealSeconds = (System.nanoTime() - i0) / 1e9;
    ChipRunResult last = null;
    double[] tn = new double[repetitions], tc = new double[repetitions], cpu = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      long t1 = System.nanoTime();
      executor.compiler().compile(c, snapshot);
      long c2 = processCpuNanos();
      long t2 = System.nanoTime();
      last = executor.run(c, snapshot, truth, shots, r + 1);
      long t3 = System.nanoTime();
      cpu[r] = (processCpuNanos() - c2) / 1e9;
      tc[r] = (t2 - t1) / 1e9;
      tn[r] = (t3 - t2) / 1e9;
    }
    return new Figures(c.name(), c.numQubits(), shots, last.method(), last.twoQubitGates(), last.swaps(),
        idealSeconds, median(tn), median(cpu), median(tc), idealMethod, last.maxBondDimension(), last.truncationError(),
        last.estimatedFidelity());
  }

  /** CPU time of every thread of this process so far, or 0 where the JVM does not tell. */
  private static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : 0;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
