package io.qubitd.kernel.bench;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.kernel.FlopCount;
import io.qubitd.kernel.FloatStateVector;
import io.qubitd.kernel.FusedGate;
import io.qubitd.kernel.FusionCostModel;
import io.qubitd.kernel.GateFuser;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.Precision;
import io.qubitd.kernel.QubitRelabeling;
import io.qubitd.kernel.StateVector;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures the kernel's state evolution against the machine's memory bandwidth. Not a test: the
 * CLI's {@code bench} command calls it; numbers depend on the machine and its load.
 */
public final class KernelBench {
  private KernelBench() {}

  /**
   * One circuit's timing.
   *
   * @param medianSeconds median wall time of the state evolution (allocation and fusion excluded)
   * @param memoryPasses full passes over the state (cache-blocked runs count once)
   * @param bytesMoved estimate: each pass reads and writes the whole state
   * @param bandwidthGBs bytesMoved / medianSeconds, in 10^9 bytes per second
   * @param flops the floating-point operations the fused gates execute ({@link FlopCount})
   */
  public record Result(String circuit, int qubits, Precision precision, int threads, int fusionMaxWidth,
                       int gatesBefore, int gatesAfter, int memoryPasses, double medianSeconds,
                       double[] seconds, double bytesMoved, double bandwidthGBs, double flops) {}

  /**
   * A STREAM-style triad a[i] = b[i] + s·c[i] over three double arrays. Its bandwidth counts 24 B per
   * element, as STREAM does; the hardware moves 32 (the line of {@code a} is read before it is written).
   */
  public record Triad(long elements, int threads, double medianSeconds, double bandwidthGBs) {}

  /**
   * A state pass's access pattern: two arrays (real, imaginary parts) read and written in place,
   * 32 B per element pair, every byte counted moved once. This is the bandwidth a cache-blocked
   * pass over the state can reach; the triad's 24 B per element understate what it moves.
   */
  public record StatePass(long elements, int threads, double medianSeconds, double bandwidthGBs) {}

  /**
   * Untimed warm-up per circuit and precision, until the JIT compiler has gone quiet: C2 compiles the
   * kernels, the block planner and the run schedules over the first hundred or so runs of rc_20q_20l
   * (single, 2 threads, AVX-512: 1.6 s the first run, 20–36 ms while compiling, 14.5–16 ms after, with
   * quiet stretches of ten runs between the compiles), and a run during which the compiler works
   * takes a core from the kernel's threads. So: runs until {@link #QUIET_RUNS} in a row saw the
   * compiler work less than 1 % of their time
   * ({@link java.lang.management.CompilationMXBean}), or until the warm-ups add up to
   * {@link #WARM_UP_SECONDS} (25 qubits: a handful of runs), or {@link #MAX_WARM_UPS}.
   */
  static final double WARM_UP_SECONDS = 6.0;
  /** Consecutive quiet runs that end the warm-up. */
  static final int QUIET_RUNS = 20;
  /** At most this many warm-up runs, however short. */
  static final int MAX_WARM_UPS = 400;

  /**
   * Times {@code repetitions} evolutions of a unitary circuit from |0…0⟩ after untimed warm-ups (one,
   * then more until the compiler is quiet or {@link #WARM_UP_SECONDS} are spent); final measurements (nothing touches
   * their qubit afterwards) are left out, as the peers' drivers do.
   * Precondition: only gates, barriers, delays and final measurements; repetitions >= 1.
   */
  public static Result measure(Circuit c, KernelSettings s, int repetitions) {
    if (repetitions < 1) throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
    List<Operation.GateOp> gates = new ArrayList<>();
    java.util.Set<Integer> measured = new java.util.HashSet<>();
    for (Operation op : c.operations()) {
      if (op instanceof Operation.GateOp g && g.condition() == null && !g.qubits().isEmpty()
          && g.qubits().stream().noneMatch(measured::contains)) {
        gates.add(g);
      } else if (op instanceof Operation.Measure m && m.condition() == null) {
        measured.add(m.qubit());
      } else if (!(op instanceof Operation.Barrier) && !(op instanceof Operation.Delay)) {
        throw new IllegalArgumentException("the benchmark takes unitary circuits with final measurements; "
            + c.name() + " has " + op);
      }
    }
    // as a run does: SWAPs relabel the qubits, the final measurements read the positions
    List<FusedGate> fused = GateFuser.fuse(new QubitRelabeling(c.numQubits()).absorbSwaps(gates), s.fusionMaxWidth());
    int n = c.numQubits();
    // the first run also loads and links the kernels (about 1 s at any size), so the budget starts after it
    if (s.precision() == Precision.SINGLE) timeSingle(n, s, fused);
    else timeDouble(n, s, fused);
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean watch = jit != null && jit.isCompilationTimeMonitoringSupported();
    double warm = 0;
    for (int w = 1, quiet = 0; w < MAX_WARM_UPS && warm < WARM_UP_SECONDS && quiet < QUIET_RUNS; w++) {
      long compiling = watch ? jit.getTotalCompilationTime() : 0;
      double t = s.precision() == Precision.SINGLE ? timeSingle(n, s, fused) : timeDouble(n, s, fused);
      warm += t;
      // compilation time is in ms; without the compiler's figures, the time budget alone
      quiet = watch && (jit.getTotalCompilationTime() - compiling) / 1e3 <= 0.01 * t ? quiet + 1 : 0;
    }
    double[] t = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      t[r] = s.precision() == Precision.SINGLE ? timeSingle(n, s, fused) : timeDouble(n, s, fused);
    }
    int passes = s.precision() == Precision.SINGLE
        ? FloatStateVector.memoryPasses(fused, n) : StateVector.memoryPasses(fused, n);
    double bytes = 2.0 * passes * Math.scalb(1.0, n) * s.precision().bytesPerAmplitude();
    double median = median(t);
    return new Result(c.name(), n, s.precision(), s.threads(), s.fusionMaxWidth(), gates.size(), fused.size(),
        passes, median, t, bytes, bytes / median / 1e9, FlopCount.of(fused, n));
  }

  private static double timeDouble(int n, KernelSettings s, List<FusedGate> fused) {
    StateVector v = StateVector.zero(n, s);
    long t0 = System.nanoTime();
    v.applyFused(fused);
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double timeSingle(int n, KernelSettings s, List<FusedGate> fused) {
    FloatStateVector v = FloatStateVector.zero(n, s);
    long t0 = System.nanoTime();
    v.applyFused(fused);
    return (System.nanoTime() - t0) / 1e9;
  }

  /** The triad on {@code threads} threads, each owning a contiguous slice. Precondition: elements >= threads. */
  public static Triad triad(int elements, int threads, int repetitions) {
    if (threads < 1 || elements < threads || repetitions < 1) {
      throw new IllegalArgumentException("triad needs threads >= 1, elements >= threads, repetitions >= 1; got "
          + threads + ", " + elements + ", " + repetitions);
    }
    double[] a = new double[elements], b = new double[elements], c = new double[elements];
    Arrays.fill(b, 1.0);
    Arrays.fill(c, 2.0);
    double median = median(afterOneRun(repetitions, () -> onThreads(threads, "triad", w -> {
      int from = slice(elements, threads, w), to = slice(elements, threads, w + 1);
      for (int i = from; i < to; i++) a[i] = b[i] + 3.0 * c[i];
    })));
    return new Triad(elements, threads, median, 24.0 * elements / median / 1e9);
  }

  /**
   * Negates two arrays of {@code elements} doubles in place on {@code threads} threads, each owning a
   * contiguous slice: the memory traffic of one pass over a state of that many amplitudes.
   * Precondition: elements >= threads, repetitions >= 1.
   */
  public static StatePass statePass(int elements, int threads, int repetitions) {
    if (threads < 1 || elements < threads || repetitions < 1) {
      throw new IllegalArgumentException("state pass needs threads >= 1, elements >= threads, repetitions >= 1; got "
          + threads + ", " + elements + ", " + repetitions);
    }
    double[] re = new double[elements], im = new double[elements];
    Arrays.fill(re, 1.0);
    Arrays.fill(im, 2.0);
    // negation is exact, so repetitions never drift into denormals
    double median = median(afterOneRun(repetitions, () -> onThreads(threads, "state pass", w -> {
      int from = slice(elements, threads, w), to = slice(elements, threads, w + 1);
      for (int i = from; i < to; i++) {
        re[i] = -re[i];
        im[i] = -im[i];
      }
    })));
    return new StatePass(elements, threads, median, 32.0 * elements / median / 1e9);
  }

  /** {@code repetitions} timings of {@code run} (seconds it returns) after one untimed run that pages the arrays in. */
  private static double[] afterOneRun(int repetitions, java.util.function.DoubleSupplier run) {
    run.getAsDouble();
    double[] t = new double[repetitions];
    for (int r = 0; r < repetitions; r++) t[r] = run.getAsDouble();
    return t;
  }

  /** Where slice {@code w} of {@code threads} equal slices of {@code elements} begins. */
  private static int slice(int elements, int threads, int w) {
    return (int) ((long) elements * w / threads);
  }

  /**
   * Runs {@code work.accept(w)} for w = 0 … threads − 1, each on a thread of its own started at once,
   * and returns the wall seconds until the last ends ({@code what} names the measurement if interrupted).
   */
  static double onThreads(int threads, String what, java.util.function.IntConsumer work) {
    long t0 = System.nanoTime();
    Thread[] workers = new Thread[threads];
    for (int w = 0; w < threads; w++) {
      int slot = w;
      workers[w] = new Thread(() -> work.accept(slot));
      workers[w].start();
    }
    for (Thread w : workers) {
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(what + " interrupted", e);
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * The shape of {@code rc_<n>q_<layers>l.qasm}: per layer H on every qubit, RZ(random angle) on
   * every qubit, CZ on a brickwork starting at layer % 2.
   */
  public static Circuit randomCircuit(int n, int layers, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Circuit.Builder b = Circuit.builder(n, 0).name("rc_" + n + "q_" + layers + "l");
    Gate cz = Gate.controlled(GateKind.Z, 1);
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) b.gate(GateKind.H, q);
      for (int q = 0; q < n; q++) b.gate(Gate.of(GateKind.RZ, r.nextDouble(0, 2 * Math.PI)), q);
      for (int a = l % 2; a + 1 < n; a += 2) b.gate(cz, a, a + 1);
    }
    return b.build();
  }

  /**
   * One structure's kernel measured in a cache-resident block.
   *
   * @param nsPerAmplitude wall time per amplitude of the state to apply the gate once
   * @param nsPerUnit the same per unit of the cost model (per column for dense, per touched amplitude for permutations)
   * @param modelNs what {@link FusionCostModel} says for nsPerUnit
   */
  public record KernelCost(String structure, String gate, String unit, double nsPerAmplitude, double nsPerUnit,
                           double modelNs) {}

  /**
   * Times each structure's kernel on one thread in double precision, on a 2^16-amplitude state (one
   * cache block), to set and check the constants of {@link FusionCostModel}.
   */
  public static List<KernelCost> kernelCosts(int repetitions) {
    SplittableRandom r = new SplittableRandom(1);
    KernelSettings s = new KernelSettings(4, 30, 1, 1L << 30, Precision.DOUBLE);
    List<KernelCost> out = new ArrayList<>();
    Gate u = Gate.of(GateKind.U, 0.3, 1.1, -0.4);
    out.add(kernelCost("dense", "H on q5", "column", FusedGate.of(Gate.of(GateKind.H), new int[] {5}), 2,
        FusionCostModel.COLUMN_1 / 2, s, repetitions));
    out.add(kernelCost("dense", "U on q5", "column", FusedGate.of(u, new int[] {5}), 2, FusionCostModel.COLUMN_1, s, repetitions));
    for (int k = 2; k <= 4; k++) {
      int[] q = new int[k];
      for (int j = 0; j < k; j++) q[j] = 1 + 4 * j;
      FusedGate g = FusedGate.of(Gate.of(GateKind.U, r.nextDouble(), r.nextDouble(), r.nextDouble()), new int[] {q[0]});
      for (int j = 1; j < k; j++) {
        g = g.then(FusedGate.of(Gate.controlled(GateKind.RY, 1, r.nextDouble()), new int[] {q[j - 1], q[j]}))
            .then(FusedGate.of(Gate.of(GateKind.U, r.nextDouble(), r.nextDouble(), r.nextDouble()), new int[] {q[j]}));
      }
      out.add(kernelCost("dense", k + "-qubit random on " + Arrays.toString(q), "column", g, 1 << k,
          k == 2 ? FusionCostModel.COLUMN_2 : FusionCostModel.COLUMN_WIDE, s, repetitions));
    }
    FusedGate diag = FusedGate.of(Gate.controlled(GateKind.P, 1, 0.4), new int[] {3, 9})
        .then(FusedGate.of(Gate.of(GateKind.RZ, 0.9), new int[] {12}));
    out.add(kernelCost("diagonal", "CP·RZ on [3, 9, 12]", "amplitude", diag, 1, FusionCostModel.DIAGONAL, s, repetitions));
    FusedGate cx = FusedGate.of(Gate.controlled(GateKind.X, 1), new int[] {3, 9});
    out.add(kernelCost("permutation", "CX on [3, 9]", "moved amplitude", cx, 0.5, FusionCostModel.MOVE, s, repetitions));
    FusedGate cy = FusedGate.of(Gate.controlled(GateKind.Y, 1), new int[] {3, 9});
    out.add(kernelCost("permutation", "CY on [3, 9]", "moved amplitude", cy, 0.5, FusionCostModel.MOVE_PHASED, s, repetitions));
    FusedGate ch = FusedGate.of(Gate.controlled(GateKind.H, 1), new int[] {3, 9});
    out.add(kernelCost("controlled", "CH on [3, 9]", "column", ch, 1, FusionCostModel.COLUMN_WIDE, s, repetitions));
    return out;
  }

  private static KernelCost kernelCost(String structure, String name, String unit, FusedGate g, double units,
                                       double model, KernelSettings s, int repetitions) {
    int n = 16, inner = 20;
    StateVector v = StateVector.zero(n, s);
    List<FusedGate> one = List.of(g);
    double[] t = new double[repetitions];
    for (int rep = -3; rep < repetitions; rep++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < inner; i++) v.applyFused(one);
      if (rep >= 0) t[rep] = (System.nanoTime() - t0) / (double) inner / (1 << n);
    }
    double ns = median(t);
    return new KernelCost(structure, name, unit, ns, ns / units, model);
  }

  private static double median(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
