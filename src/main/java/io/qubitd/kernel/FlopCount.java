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
 *   diagonal               one complex product per amplitude             6
 *   permutation            moves only; a phase not 1 is a complex product 6 · touched / 2^k (0 without phases)
 * </pre>
 *
 * Hadamards are counted as the butterflies a block applies when a SIMD diagonal follows them in its
 * run (random circuits, QFT); elsewhere the kernel multiplies by the real matrix (8), so the count is
 * a lower bound there.
 */
public final class FlopCount {
  private FlopCount() {}

  /** The rules above, as {@code bench --explain} prints them. */
  public static final String RULES = """
        dense on k qubits     8 * 2^k per amplitude (2^k complex multiply-adds)
        dense 1 qubit, real   8
        Hadamard              2 (one add or subtract per part; its factor is folded into a diagonal)
        controlled c of k     8 * 2^(k-c) / 2^c
        diagonal              6 (one complex product)
        permutation           6 * touched/2^k with phases, 0 without""";

  /** Flops per amplitude of the state to apply {@code g} once. */
  public static double perAmplitude(FusedGate g) {
    int k = g.width();
    return switch (g.structure()) {
      case DIAGONAL -> 6;
      case PERMUTATION -> g.unitPhases() ? 0 : 6.0 * g.touched() / (1 << k);
      case CONTROLLED -> {
        int c = Integer.bitCount(g.controlBits());
        yield 8.0 * (1 << (k - c)) / (1 << c);
      }
      case DENSE -> k == 1 && g.hadamardFactor() != 0 ? 2 : k == 1 && g.isReal() ? 8 : 8.0 * (1 << k);
    };
  }

  /** Flops to apply {@code gates} to a state of {@code numQubits} qubits. */
  public static double of(List<FusedGate> gates, int numQubits) {
    double perAmplitude = 0;
    for (FusedGate g : gates) perAmplitude += perAmplitude(g);
    return perAmplitude * Math.scalb(1.0, numQubits);
  }
}
