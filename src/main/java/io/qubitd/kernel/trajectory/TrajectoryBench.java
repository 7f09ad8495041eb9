package io.qubitd.kernel.trajectory;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Schedule;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.GateDurations;
import io.qubitd.device.noise.NoiseModel;
import io.qubitd.device.noise.NoisyProgram;
import io.qubitd.kernel.IdealSimulator;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times noisy trajectories against the ideal state vector on an n-qubit GHZ circuit of native
 * gates (H as RZ·SX·RZ, CNOT as H·CZ·H) laid along a snake path of the wukong72 chip, every
 * noise source on, all qubits measured at the end.
 */
public final class TrajectoryBench {
  private TrajectoryBench() {}

  /**
   * Median wall-clock seconds of one run of each method, and what was run. {@code noisyCpuSeconds}
   * is the median CPU time of the process over a noisy run (all threads; NaN when the JVM does not
   * report it): on a shared machine it tells the work apart from the wait.
   */
  public record Figures(int qubits, int shots, int trajectories, int instructions, double idealSeconds, double noisySeconds,
                        double noisyCpuSeconds) {
    @Override
    public String toString() {
      return String.format("n=%d shots=%d trajectories=%d noisy-instructions=%d ideal=%.3f s noisy=%.3f s (x%.0f) noisy-cpu=%.3f s",
          qubits, shots, trajectories, instructions, idealSeconds, noisySeconds, noisySeconds / idealSeconds, noisyCpuSeconds);
    }
  }

  /**
   * Runs each method {@code repeats} ≥ 1 times after one short warm-up and returns the medians.
   * Precondition: 2 ≤ n ≤ 72, shots ≥ 1.
   */
  public static Figures measure(int n, int shots, int repeats, TrajectorySimulator.Settings settings) {
    if (n < 2 || n > 72) throw new IllegalArgumentException("benchmark qubits must be within 2..72, got " + n);
    if (shots < 1 || repeats < 1) throw new IllegalArgumentException("shots and repeats must be >= 1, got " + shots + ", " + repeats);
    ChipSpec spec = ChipSpec.load("wukong72");
    ChipTruth truth = spec.sampleTruth();
    int cols = spec.topology().numQubits() / 6;
    int[] path = snake(n, cols);
    NoisyProgram program = NoiseModel.program(schedule(path, spec.topology().numQubits(), spec.durations()), n, truth);
    Circuit ideal = circuit(n);
    TrajectorySimulator noisy = new TrajectorySimulator(settings);
    IdealSimulator sv = new IdealSimulator(settings.kernel());
    noisy.run(program, Math.min(shots, 20), 1);
    sv.run(ideal, shots, 1, false);
    double[] tIdeal = new double[repeats], tNoisy = new double[repeats], cpuNoisy = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      sv.run(ideal, shots, r, false);
      long t1 = System.nanoTime();
      double c1 = processCpuSeconds();
      noisy.run(program, shots, r);
      long t2 = System.nanoTime();
      tIdeal[r] = (t1 - t0) / 1e9;
      tNoisy[r] = (t2 - t1) / 1e9;
      cpuNoisy[r] = processCpuSeconds() - c1;
    }
    return new Figures(n, shots, Math.min(shots, settings.maxTrajectories()), program.instructions().size(),
        median(tIdeal), median(tNoisy), median(cpuNoisy));
  }

  private static double processCpuSeconds() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() / 1e9 : Double.NaN;
  }

  /**
   * Command line: {@code TrajectoryBench [maxTrajectories [n ...]]}, defaults to the simulator's
   * default and n = 12 and 20, 1000 shots, median of 3.
   */
  public static void main(String[] args) {
    TrajectorySimulator.Settings s = TrajectorySimulator.Settings.defaults();
    if (args.length > 0) s = s.withMaxTrajectories(Integer.parseInt(args[0]));
    int[] sizes = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {12, 20};
    for (int n : sizes) System.out.println(measure(n, 1000, 3, s));
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** The first n qubits of a boustrophedon path over rows of {@code cols} qubits: neighbours on the path are coupled. */
  private static int[] snake(int n, int cols) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      int row = i / cols, c = i % cols;
      p[i] = row * cols + (row % 2 == 0 ? c : cols - 1 - c);
    }
    return p;
  }

  /** GHZ along {@code path}, each operation as soon as its qubits are free, then all measured together. */
  private static Schedule schedule(int[] path, int chipQubits, GateDurations d) {
    double[] free = new double[chipQubits];
    List<Schedule.TimedOperation> ops = new ArrayList<>();
    for (Operation op : ghzOps(path)) {
      double dur = op instanceof Operation.GateOp g
          ? switch (g.gate().kind()) { case RZ -> 0; case SX -> d.oneQubit(); default -> d.twoQubit(); }
          : d.measure();
      double start = 0;
      for (int q : op.qubits()) start = Math.max(start, free[q]);
      if (op instanceof Operation.Measure) start = Arrays.stream(path).mapToDouble(q -> free[q]).max().orElse(0);
      ops.add(new Schedule.TimedOperation(op, start, dur));
      for (int q : op.qubits()) free[q] = Math.max(free[q], start + dur);
    }
    double end = Arrays.stream(free).max().orElse(0);
    return new Schedule(chipQubits, ops, end);
  }

  private static List<Operation> ghzOps(int[] q) {
    List<Operation> ops = new ArrayList<>();
    hadamard(ops, q[0]);
    for (int i = 0; i + 1 < q.length; i++) {
      hadamard(ops, q[i + 1]);
      ops.add(new Operation.GateOp(Gate.controlled(GateKind.Z, 1), List.of(q[i], q[i + 1])));
      hadamard(ops, q[i + 1]);
    }
    for (int i = 0; i < q.length; i++) ops.add(new Operation.Measure(q[i], i));
    return ops;
  }

  private static void hadamard(List<Operation> ops, int q) {
    ops.add(new Operation.GateOp(Gate.of(GateKind.RZ, Math.PI / 2), List.of(q)));
    ops.add(new Operation.GateOp(Gate.of(GateKind.SX), List.of(q)));
    ops.add(new Operation.GateOp(Gate.of(GateKind.RZ, Math.PI / 2), List.of(q)));
  }

  private static Circuit circuit(int n) {
    int[] q = new int[n];
    for (int i = 0; i < n; i++) q[i] = i;
    Circuit.Builder b = Circuit.builder(n, n).name("ghz" + n);
    for (Operation op : ghzOps(q)) b.add(op);
    return b.build();
  }
}
