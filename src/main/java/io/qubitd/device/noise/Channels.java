package io.qubitd.device.noise;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.ZMatrixRMaj;

/**
 * The noise channels of a superconducting qubit and the fidelity arithmetic that sizes them.
 *
 * <p>Fidelities: for a channel E on dimension d, the entanglement (process) fidelity is
 * F_e = Σ_k |tr K_k|² / d² = tr(R)/d², R its Pauli transfer matrix, and the average gate fidelity
 * is F_avg = (d·F_e + 1)/(d + 1) (Horodecki et al., PRA 60, 1888 (1999); Nielsen, Phys. Lett. A
 * 303, 249 (2002)). Gate errors are r = 1 − F_avg.
 */
public final class Channels {
  private Channels() {}

  /** Amplitude damping with decay probability γ = 1 − exp(−t/T1); γ in [0, 1]. */
  public static List<ZMatrixRMaj> amplitudeDamping(double gamma) {
    checkProbability("gamma", gamma);
    ZMatrixRMaj k0 = new ZMatrixRMaj(2, 2);
    k0.set(0, 0, 1, 0);
    k0.set(1, 1, Math.sqrt(1 - gamma), 0);
    ZMatrixRMaj k1 = new ZMatrixRMaj(2, 2);
    k1.set(0, 1, Math.sqrt(gamma), 0);
    return List.of(k0, k1);
  }

  /** γ = 1 − exp(−t/T1) for t ≥ 0. */
  public static double dampingProbability(double t, double t1) { return -Math.expm1(-t / t1); }

  /**
   * Probability of a Z flip for pure dephasing over t: coherences shrink by (1 − 2q) = exp(−t/Tφ),
   * with 1/Tφ = 1/T2 − 1/(2·T1), so that with damping they shrink by exp(−t/T2) in all.
   */
  public static double phaseFlipProbability(double t, double dephasingRate) { return -Math.expm1(-t * dephasingRate) / 2; }

  /**
   * Depolarizing on k qubits, ρ → (1 − p)ρ + p·I/2^k, as the Pauli mixture
   * (1 − p + p/4^k) on I and p/4^k on each other Pauli string; p in [0, 4^k/(4^k − 1)].
   */
  public static NoisyInstruction.MixedUnitary depolarizing(double p, List<Integer> qubits) {
    int k = qubits.size();
    int n = 1 << (2 * k);
    if (!(p >= 0 && p <= (double) n / (n - 1))) throw new IllegalArgumentException("depolarizing probability " + p + " out of range for " + k + " qubit(s)");
    List<Double> probs = new ArrayList<>();
    List<ZMatrixRMaj> us = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      probs.add(s == 0 ? 1 - p + p / n : p / n);
      us.add(pauliString(s, k));
    }
    return new NoisyInstruction.MixedUnitary(probs, us, qubits, null);
  }

  /** Phase flip with probability q on one qubit: (1 − q) I + q Z. */
  public static NoisyInstruction.MixedUnitary phaseFlip(double q, int qubit) {
    checkProbability("phase flip", q);
    return new NoisyInstruction.MixedUnitary(List.of(1 - q, q), List.of(pauli(0), pauli(3)), List.of(qubit), null);
  }

  /** Pauli string number s on k qubits: base-4 digit j (0=I, 1=X, 2=Y, 3=Z) acts on qubit j. */
  public static ZMatrixRMaj pauliString(int s, int k) {
    ZMatrixRMaj m = pauli(s & 3);
    for (int j = 1; j < k; j++) m = kron(pauli((s >> (2 * j)) & 3), m);
    return m;
  }

  /** I, X, Y or Z for 0..3. */
  public static ZMatrixRMaj pauli(int i) {
    ZMatrixRMaj m = new ZMatrixRMaj(2, 2);
    switch (i) {
      case 0 -> { m.set(0, 0, 1, 0); m.set(1, 1, 1, 0); }
      case 1 -> { m.set(0, 1, 1, 0); m.set(1, 0, 1, 0); }
      case 2 -> { m.set(0, 1, 0, -1); m.set(1, 0, 0, 1); }
      case 3 -> { m.set(0, 0, 1, 0); m.set(1, 1, -1, 0); }
      default -> throw new IllegalArgumentException("Pauli index " + i + " not in 0..3");
    }
    return m;
  }

  /** a ⊗ b with a on the high bits (little-endian: b acts on the lower-numbered qubits). */
  private static ZMatrixRMaj kron(ZMatrixRMaj a, ZMatrixRMaj b) {
    int n = a.numRows * b.numRows;
    ZMatrixRMaj m = new ZMatrixRMaj(n, n);
    for (int i = 0; i < a.numRows; i++) for (int j = 0; j < a.numCols; j++) {
      double ar = a.getReal(i, j), ai = a.getImag(i, j);
      if (ar == 0 && ai == 0) continue;
      for (int r = 0; r < b.numRows; r++) for (int c = 0; c < b.numCols; c++) {
        double br = b.getReal(r, c), bi = b.getImag(r, c);
        m.set(i * b.numRows + r, j * b.numCols + c, ar * br - ai * bi, ar * bi + ai * br);
      }
    }
    return m;
  }

  /**
   * tr R of one qubit's decay over t (R its Pauli transfer matrix): coherences shrink by
   * e^{−t/T2} (two Pauli entries), the Z entry by e^{−t/T1}, so tr R = 1 + e^{−t/T1} + 2e^{−t/T2}.
   * The non-unital part of damping lies off the diagonal and does not count.
   */
  public static double decayTransferTrace(double t, double t1, double t2) {
    return 1 + Math.exp(-t / t1) + 2 * Math.exp(-t / t2);
  }

  /**
   * Average gate fidelity → process fidelity on dimension d: F_e = ((d + 1)·F_avg − 1)/d.
   */
  public static double processFidelity(double averageFidelity, int d) { return ((d + 1) * averageFidelity - 1) / d; }

  /**
   * The depolarizing probability p that, following a channel whose Pauli transfer matrix has
   * trace {@code transferTrace}, brings the average gate error to {@code gateError} on dimension d.
   * Depolarizing scales every non-identity Pauli entry by (1 − p), so the composite has
   * tr R' = 1 + (1 − p)(tr R − 1); solving tr R' = d²·F_e(target) gives p. Returns 0 when the
   * channel alone already errs more than the stated error: depolarizing cannot remove error.
   */
  public static double depolarizingRemainder(double gateError, double transferTrace, int d) {
    if (!(gateError >= 0 && gateError <= 1)) throw new IllegalArgumentException("gate error " + gateError + " not in [0, 1]");
    double targetTrace = d * d * processFidelity(1 - gateError, d);
    double p = 1 - (targetTrace - 1) / (transferTrace - 1);
    double pMax = (double) d * d / (d * d - 1);
    return Math.min(Math.max(p, 0), pMax);
  }

  private static void checkProbability(String what, double p) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(what + " probability " + p + " not in [0, 1]");
  }
}
