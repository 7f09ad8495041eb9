package io.qubitd.device;

/**
 * The coherence limit of a gate: the average gate error that amplitude damping (T1) and dephasing
 * (T2) alone cause over the gate's duration t. No gate can err less, so every stated error of the
 * truth is at least this.
 *
 * <p>Derivation. Over t the combined channel keeps a qubit's coherences e^{−t/T2} (T2 includes
 * the T1 part) and its population difference e^{−t/T1}, and pushes population to |0⟩. Its Pauli
 * transfer matrix has the diagonal (1, x, x, z) with x = e^{−t/T2}, z = e^{−t/T1}; the
 * non-unital column does not enter the trace. The process (entanglement) fidelity is
 * F_e = tr R / d² and the average gate fidelity F = (d·F_e + 1)/(d + 1) (Horodecki et al.,
 * PRA 60, 1888 (1999); Nielsen, Phys. Lett. A 303, 249 (2002)), so the error r = 1 − F is
 * <pre>
 *   one qubit (d = 2):  r = (2/3)(1 − (1 + z + 2x)/4) = (3 − z − 2x)/6
 *                         ≈ t/(6·T1) + t/(3·T2) to first order;
 *   two qubits (d = 4): r = (4/5)(1 − (1 + z_a + 2x_a)(1 + z_b + 2x_b)/16),
 * </pre>
 * the two-qubit channel being the product of each qubit's own decay over the gate. These are the
 * formulas of Qiskit Ignis' {@code rb_utils.coherence_limit} (expanded there term by term).
 */
public final class CoherenceLimit {
  private CoherenceLimit() {}

  /** Average error that decay alone causes in a single-qubit gate of {@code duration} s on a qubit with these T1, T2 (s). */
  public static double oneQubit(double duration, double t1, double t2) {
    return (3 - Math.exp(-duration / t1) - 2 * Math.exp(-duration / t2)) / 6;
  }

  /** Average error that both qubits' decay alone causes in a two-qubit gate of {@code duration} s. */
  public static double twoQubit(double duration, double t1a, double t2a, double t1b, double t2b) {
    return 0.8 * (1 - transferTrace(duration, t1a, t2a) * transferTrace(duration, t1b, t2b) / 16);
  }

  /** As {@link #oneQubit(double, double, double)} for the qubit's current T1, T2. */
  public static double oneQubit(double duration, QubitTruth q) { return oneQubit(duration, q.t1(), q.t2()); }

  /** As {@link #twoQubit(double, double, double, double, double)} for the two qubits' current T1, T2. */
  public static double twoQubit(double duration, QubitTruth a, QubitTruth b) {
    return twoQubit(duration, a.t1(), a.t2(), b.t1(), b.t2());
  }

  /** Trace 1 + z + 2x of one qubit's decay transfer matrix over {@code duration}. */
  private static double transferTrace(double duration, double t1, double t2) {
    return 1 + Math.exp(-duration / t1) + 2 * Math.exp(-duration / t2);
  }
}
