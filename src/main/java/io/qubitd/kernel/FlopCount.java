package io.qubitd.kernel;

import java.util.List;

/**
 * The floating-point operations the kernels execute for fused gates, so the bench can say how
 * close a circuit runs to the machine's arithmetic peak where memory does not bound it. A complex
 * multiply-add is 8 flops (4 multiplies, 4 adds, as an FMA unit counts them), a complex product 6:
 *
 * <pre>
 *   dense on k qubits      2^k complex multiply-adds per amplitude       8 · 2^k
 *   dense, 1 qubit, real   2 real-by-complex multiply-adds               8
 *   Hadamard (c·[[1,1],[1,-1]])  one add or subtract per part            2   (its factor goes into a diagonal)
 *   controlled, c of k     2^(k-c) complex multiply-adds on the 2^-c of amplitudes it touches
 *   diagonal               one complex product per amplitude whose entry is not exactly 1
 *                                                                        6 · (entries not 1) / 2^k
 *   permutation            moves only; a phase not 1 is a complex product 6 · touched / 2^k (0 without phases)
 * </pre>
 *
 * Hadamards are counted as the butterflies a block applies when a SIMD diagonal follows them in its
 * run (random circuits, QFT); elsewhere the kernel multiplies by the real matrix (8), so the count is
 * a lower bound there. A diagonal's entries of exactly 1 (a controlled phase is 1 where its control
 * or target is 0) need no product, and the kernels skip runs of them (QFT); where a run is shorter
 * than a SIMD vector the kernel multiplies by 1, so the count is a lower bound there too.
 */
public final class FlopCount {
  private FlopCount() {}

  /** The rules above, as {@code bench --explain} prints them. */
  public static final String RULES = """
        dense on k qubits     8 * 2^k per amplitude (2^k complex multiply-adds)
        dense 1 qubit, real   8
        Hadamard              2 (one add or subtract per part; its factor is folded into a diagonal)
        controlled c of k     8 * 2^(k-c) / 2^c
        diagonal              6 * (entries not exactly 1)/2^k (one complex product each)
        permutation           6 * touched/2^k with phases, 0 without""";

  /** Flops per amplitude of the state to apply {@code g} once. */
  public static double perAmplitude(FusedGate g) {
    int k = g.width();
    return switch (g.structure()) {
      case DIAGONAL -> 6.0 * notOne(g) / (1 << k);
      case PERMUTATION -> g.unitPhases() ? 0 : 6.0 * g.touched() / (1 << k);
      case CONTROLLED -> {
        int c = Integer.bitCount(g.controlBits());
        yield 8.0 * (1 << (k - c)) / (1 << c);
      }
      case DENSE -> k == 1 && g.hadamardFactor() != 0 ? 2 : k == 1 && g.isReal() ? 8 : 8.0 * (1 << k);
    };
  }

  /** How many of diagonal g's entries are not exactly 1. */
  private static int notOne(FusedGate g) {
    double[] re = g.re(), im = g.im();
    int n = 0;
    for (int u = 0; u < re.length; u++) if (re[u] != 1 || im[u] != 0) n++;
    return n;
  }

  /** Flops to apply {@code gates} to a state of {@code numQubits} qubits. */
  public static double of(List<FusedGate> gates, int numQubits) {
    double perAmplitude = 0;
    for (FusedGate g : gates) perAmplitude += perAmplitude(g);
    return perAmplitude * Math.scalb(1.0, numQubits);
  }
}
