package io.qubitd.circuit;

import java.util.List;

/**
 * Classical control: true when the classical bits {@code clbits} (least significant first)
 * read as the integer {@code value}. OpenQASM 2's {@code if(c==5)} lists all bits of c;
 * OpenQASM 3's {@code if (c[2])} is one bit compared with 1.
 */
public record Condition(List<Integer> clbits, long value) {
  public Condition {
    clbits = List.copyOf(clbits);
    if (clbits.isEmpty()) throw new IllegalArgumentException("a condition needs at least one bit");
    if (clbits.size() < 63 && (value < 0 || value >= (1L << clbits.size()))) {
      throw new IllegalArgumentException(
          "condition value " + value + " does not fit in " + clbits.size() + " bit(s)");
    }
  }

  /** Whether the condition holds for classical memory {@code bits} (bit i of the long is clbit i). */
  public boolean holds(long bits) {
    long v = 0;
    for (int i = 0; i < clbits.size(); i++) {
      v |= ((bits >>> clbits.get(i)) & 1L) << i;
    }
    return v == value;
  }
}
