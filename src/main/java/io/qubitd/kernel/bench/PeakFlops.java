package io.qubitd.kernel.bench;

import io.qubitd.kernel.Precision;
import java.util.Arrays;

/**
 * The machine's arithmetic peak as the kernels can reach it: SIMD fused multiply-adds (Vector API,
 * the preferred species, as the kernels use) on registers only, eight independent chains per thread
 * so the FMA units' latency is hidden ({@link DoubleFmaChains}, {@link FloatFmaChains}, generated
 * from one template), on {@code threads} threads at once. The counterpart of the STREAM triad for
 * circuits that memory does not bound.
 */
public final class PeakFlops {
  private PeakFlops() {}

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
    // an FMA is 2 flops per lane, on every chain
    int perRound = p == Precision.SINGLE ? FloatFmaChains.LANES * FloatFmaChains.CHAINS
        : DoubleFmaChains.LANES * DoubleFmaChains.CHAINS;
    double flops = 2.0 * perRound * ROUNDS * threads;
    double[] g = new double[repetitions];
    double[] sink = new double[threads + 1];
    // short calls until the JIT compiles the loop with its vector intrinsics (slow before)
    for (int w = 0; w < WARM_UP_CALLS; w++) {
      sink[threads] += chains(p, WARM_UP_ROUNDS);
    }
    for (int r = 0; r < repetitions; r++) {
      double seconds = KernelBench.onThreads(threads, "peak flops measurement", w -> sink[w] = chains(p, ROUNDS));
      g[r] = flops / seconds / 1e9;
    }
    if (!Double.isFinite(Arrays.stream(sink).sum())) throw new IllegalStateException("peak flops chains diverged");
    return Arrays.stream(g).max().orElseThrow();
  }

  private static double chains(Precision p, int rounds) {
    return p == Precision.SINGLE ? FloatFmaChains.run(rounds) : DoubleFmaChains.run(rounds);
  }
}
