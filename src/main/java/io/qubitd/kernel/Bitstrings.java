package io.qubitd.kernel;

import io.qubitd.circuit.Register;
import java.util.List;

/** Result keys as Qiskit prints them. */
public final class Bitstrings {
  private Bitstrings() {}

  /**
   * Classical memory as a key: each register's bits highest first, registers separated by one
   * space with the last declared leftmost. Bit i of {@code clbits} is classical bit i.
   */
  public static String format(long clbits, List<Register> cregs) {
    StringBuilder sb = new StringBuilder();
    for (int r = cregs.size() - 1; r >= 0; r--) {
      Register reg = cregs.get(r);
      if (sb.length() > 0) sb.append(' ');
      for (int i = reg.size() - 1; i >= 0; i--) {
        sb.append(((clbits >>> reg.index(i)) & 1L) == 1L ? '1' : '0');
      }
    }
    return sb.toString();
  }
}
