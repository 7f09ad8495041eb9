package io.qubitd.trainer.quantum;

import java.util.Map;

/** ⟨Z_i⟩ from probabilities and from counts, in qubitd's bit order. */
public final class ExpectationOps {
  private ExpectationOps() {}

  /** ⟨Z_i⟩ for i < qubits from basis probabilities p[b], b = Σ bit(q_j) << j. Precondition: p.length = 2^qubits. */
  public static double[] fromProbabilities(double[] p, int qubits) {
    if (p.length != 1 << qubits) {
      throw new IllegalArgumentException(p.length + " probabilities for " + qubits + " qubits; expected " + (1 << qubits));
    }
    double[] z = new double[qubits];
    for (int b = 0; b < p.length; b++) {
      for (int i = 0; i < qubits; i++) z[i] += ((b >> i) & 1) == 0 ? p[b] : -p[b];
    }
    return z;
  }

  /**
   * ⟨Z_i⟩ from counts keyed by bitstrings with bit 0 rightmost (Qiskit's order; spaces between
   * registers ignored), qubit i measured into bit i. Throws naming the key when one is shorter than {@code qubits}.
   */
  public static double[] fromCounts(Map<String, Long> counts, int qubits) {
    double[] z = new double[qubits];
    long total = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      String key = e.getKey().replace(" ", "");
      if (key.length() < qubits) {
        throw new IllegalArgumentException("bitstring '" + e.getKey() + "' has fewer than " + qubits + " bits");
      }
      long n = e.getValue();
      total += n;
      for (int i = 0; i < qubits; i++) z[i] += key.charAt(key.length() - 1 - i) == '0' ? n : -n;
    }
    if (total == 0) throw new IllegalArgumentException("no shots in counts " + counts);
    for (int i = 0; i < qubits; i++) z[i] /= total;
    return z;
  }
}
