package io.qubitd.kernel;

/**
 * A Pauli operator as a label of I, X, Y, Z, in Qiskit's order: the rightmost character acts on
 * qubit 0.
 */
public record PauliString(String label) {
  public PauliString {
    if (label == null || label.isEmpty()) {
      throw new IllegalArgumentException("a Pauli string needs at least one of I, X, Y, Z, got \"" + label + "\"");
    }
    for (int i = 0; i < label.length(); i++) {
      char ch = label.charAt(i);
      if (ch != 'I' && ch != 'X' && ch != 'Y' && ch != 'Z') {
        throw new IllegalArgumentException("Pauli string \"" + label + "\" has '" + ch + "' at position " + i
            + "; only I, X, Y, Z are allowed");
      }
    }
  }

  public int numQubits() { return label.length(); }

  /** The Pauli acting on {@code qubit} (precondition: 0 <= qubit < numQubits()). */
  public char on(int qubit) { return label.charAt(label.length() - 1 - qubit); }

  /** Bit q set when the Pauli on qubit q flips it (X or Y). */
  long xMask() { return mask('X', 'Y'); }

  /** Bit q set when the Pauli on qubit q has a Z part (Z or Y). */
  long zMask() { return mask('Z', 'Y'); }

  int countY() {
    int n = 0;
    for (int q = 0; q < numQubits(); q++) if (on(q) == 'Y') n++;
    return n;
  }

  private long mask(char a, char b) {
    long m = 0;
    for (int q = 0; q < numQubits() && q < 64; q++) {
      char ch = on(q);
      if (ch == a || ch == b) m |= 1L << q;
    }
    return m;
  }
}
