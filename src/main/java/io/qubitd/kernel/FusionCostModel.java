package io.qubitd.kernel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the fuser minimises: the time to apply a gate to the amplitudes of a cache block, by
 * structure. Passes over memory are the block plan's business (one per run, whatever the gates), so
 * inside a block the cost is the arithmetic and the L1/L2 traffic each structure does per amplitude:
 *
 * <pre>
 *   dense on k qubits    2^k · column[k]      (1 qubit: SIMD, half when every entry is real)
 *   diagonal             DIAGONAL             (one complex product per amplitude, any width)
 *   permutation          touched/2^k · MOVE   (MOVE_PHASED when some phase is not 1)
 *   controlled, c of k   2^(k-c)/2^c · COLUMN_WIDE  (the general loop, on the control subspace only)
 * </pre>
 *
 * The constants are nanoseconds per amplitude of a 2^16-amplitude double-precision block on one
 * thread, measured with {@code qubitd bench --explain} (which prints them again for the machine it
 * runs on) on this project's 2-core machine while it was shared (load average about 20), rounded.
 * They are fixed rather than measured at start so that fusion, and with it every rounding, is the
 * same on every run. Dense gates on 2 to 4 qubits are SIMD like the 1-qubit ones; their columns
 * were timed against the 1-qubit kernel in one process (best of 15, so the load cancels): per
 * column 2.0× the 1-qubit kernel's on 2 qubits, 2.5–3× on 3 and 2.3–2.6× on 4 (lane qubits
 * included), scaled here onto COLUMN_1. A wide dense gate still costs more per amplitude than the
 * 1-qubit gates it replaces unless it absorbs more than about 2^k of them.
 */
public final class FusionCostModel {
  private FusionCostModel() {}

  /** Per matrix column of a complex 1-qubit dense gate (SIMD). */
  public static final double COLUMN_1 = 0.225;
  /** Per matrix column of a 2-qubit dense gate (SIMD, inputs in registers). */
  public static final double COLUMN_2 = 0.45;
  /** Per matrix column of a dense gate on 3 or more qubits (SIMD, inputs through an L1 scratch array). */
  public static final double COLUMN_WIDE = 0.6;
  /**
   * A diagonal, charged one 1-qubit column whatever its width, not its measured kernel: the
   * diagonals of a layer fold into one wide diagonal after the greedy merge, which shares that
   * kernel among them but which the greedy merge cannot see; charged any more, H·RZ would merge
   * into a complex 1-qubit gate and the layer's RZs would never meet.
   */
  public static final double DIAGONAL = COLUMN_1;
  /** A moved amplitude: one load and one store of both parts. */
  public static final double MOVE = 0.9;
  /** A moved or rephased amplitude with a complex phase. */
  public static final double MOVE_PHASED = 1.1;

  /** The model, as {@code bench --explain} prints it. */
  public static final String FORMULA = """
        dense on k qubits   2^k * column_k      (k = 1: half when every entry is real; k >= 3: column_wide)
        diagonal            diagonal            (any width: one complex product per amplitude)
        permutation         touched/2^k * move  (move_phased when some phase is not 1)
        controlled c of k   2^(k-c)/2^c * column_wide (the general loop on the control subspace)""";

  /** Estimated nanoseconds per amplitude to apply {@code g} inside a block. */
  public static double cost(FusedGate g) {
    return switch (g.structure()) {
      case DIAGONAL -> DIAGONAL;
      case PERMUTATION -> (double) g.touched() / (1 << g.width()) * (g.unitPhases() ? MOVE : MOVE_PHASED);
      case DENSE -> g.width() == 1 ? 2 * COLUMN_1 * (g.isReal() ? 0.5 : 1)
          : (1 << g.width()) * (g.width() == 2 ? COLUMN_2 : COLUMN_WIDE);
      case CONTROLLED -> {
        int c = Integer.bitCount(g.controlBits());
        yield (double) (1 << (g.width() - c)) / (1 << c) * COLUMN_WIDE;
      }
    };
  }

  /** The constants by name, for {@code bench --explain}. */
  public static Map<String, Double> constants() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("column_1_ns", COLUMN_1);
    m.put("column_2_ns", COLUMN_2);
    m.put("column_wide_ns", COLUMN_WIDE);
    m.put("diagonal_ns", DIAGONAL);
    m.put("move_ns", MOVE);
    m.put("move_phased_ns", MOVE_PHASED);
    return m;
  }
}
