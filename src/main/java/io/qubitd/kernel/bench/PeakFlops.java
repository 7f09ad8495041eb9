package io.qubitd.kernel.bench;

import io.qubitd.kernel.Precision;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The machine's arithmetic peak as the kernels can reach it: SIMD fused multiply-adds (Vector API,
 * the preferred species, as the kernels use) on registers only, eight independent chains per thread
 * so the FMA units' latency is hidden, on {@code threads} threads at once. The counterpart of the
 * STREAM triad for circuits that memory does not bound.
 */
public final class PeakFlops {
  private PeakFlops() {}

  /** Independent accumulators per thread: at least latency × FMA units (4 × 2 on current x86). */
  private static final int CHAINS = 8;
  /** FMA rounds per thread and repetition: about 0.05 s at one 512-bit FMA per cycle. */
  private static final int ROUNDS = 20_000_000;
  /** Untimed calls and their rounds: past the JIT's threshold for the optimising compiler (a few hundred calls). */
  private static final int WARM_UP_CALLS = 1000, WARM_UP_ROUNDS = 2000;

  /**
   * The best over {@code repetitions} of the flops per second, in 10^9, of {@code threads} threads (a
   * peak, as STREAM reports its best: on a shared machine each repetition loses a different share of
   * the cores). Precondition: threads >= 1, repetitions >= 1.
   */
  public static double gflops(Precision p, int threads, int repetitions) {
    if (threads < 1 || repetitions < 1) {
      throw new IllegalArgumentException("peak flops needs threads >= 1 and repetitions >= 1, got " + threads + ", " + repetitions);
    }
    int lanes = p == Precision.SINGLE ? FloatVector.SPECIES_PREFERRED.length() : DoubleVector.SPECIES_PREFERRED.length();
    double flops = 2.0 * lanes * CHAINS * ROUNDS * threads;
    double[] g = new double[repetitions];
    double[] sink = new double[threads + 1];
    // short calls until the JIT compiles the loop with its vector intrinsics (slow before)
    for (int w = 0; w < WARM_UP_CALLS; w++) {
      sink[threads] += p == Precision.SINGLE ? floatChains(WARM_UP_ROUNDS) : doubleChains(WARM_UP_ROUNDS);
    }
    for (int r = 0; r < repetitions; r++) {
      double seconds = KernelBench.onThreads(threads, "peak flops measurement",
          w -> sink[w] = p == Precision.SINGLE ? floatChains(ROUNDS) : doubleChains(ROUNDS));
      g[r] = flops / seconds / 1e9;
    }
    if (!Double.isFinite(Arrays.stream(sink).sum())) throw new IllegalStateException("peak flops chains diverged");
    return Arrays.stream(g).max().orElseThrow();
  }

  // x ← x·m + c converges to c / (1 − m): no overflow, no denormals, and the JIT cannot drop it
  private static double doubleChains(int rounds) {
    var s = DoubleVector.SPECIES_PREFERRED;
    DoubleVector m = DoubleVector.broadcast(s, 0.999), c = DoubleVector.broadcast(s, 1e-3);
    DoubleVector a0 = DoubleVector.broadcast(s, 0.1), a1 = DoubleVector.broadcast(s, 0.2);
    DoubleVector a2 = DoubleVector.broadcast(s, 0.3), a3 = DoubleVector.broadcast(s, 0.4);
    DoubleVector a4 = DoubleVector.broadcast(s, 0.5), a5 = DoubleVector.broadcast(s, 0.6);
    DoubleVector a6 = DoubleVector.broadcast(s, 0.7), a7 = DoubleVector.broadcast(s, 0.8);
    for (int i = 0; i < rounds; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).reduceLanes(VectorOperators.ADD);
  }

  private static double floatChains(int rounds) {
    var s = FloatVector.SPECIES_PREFERRED;
    FloatVector m = FloatVector.broadcast(s, 0.999f), c = FloatVector.broadcast(s, 1e-3f);
    FloatVector a0 = FloatVector.broadcast(s, 0.1f), a1 = FloatVector.broadcast(s, 0.2f);
    FloatVector a2 = FloatVector.broadcast(s, 0.3f), a3 = FloatVector.broadcast(s, 0.4f);
    FloatVector a4 = FloatVector.broadcast(s, 0.5f), a5 = FloatVector.broadcast(s, 0.6f);
    FloatVector a6 = FloatVector.broadcast(s, 0.7f), a7 = FloatVector.broadcast(s, 0.8f);
    for (int i = 0; i < rounds; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).reduceLanes(VectorOperators.ADD);
  }
}
