package io.qubitd.circuit;

import java.util.BitSet;
import java.util.List;

/**
 * Classical control: true when the classical bits {@code clbits} (least significant first)
 * read as the integer {@code value}, or, when {@code accepted} is not null, as any integer in
 * {@code accepted}. OpenQASM 2's {@code if(c==5)} lists all bits of c; OpenQASM 3's
 * {@code if (c[2])} is one bit compared with 1; a condition such as {@code c[0] && !c[1] || d}
 * is the set of readings of its bits for which it is true.
 */
public record Condition(List<Integer> clbits, long value, BitSet accepted) {
  /** Most bits a condition given as a set of accepted readings may read. */
  public static final int MAX_TABLE_BITS = 16;

  public Condition {
    clbits = List.copyOf(clbits);
    if (clbits.isEmpty()) throw new IllegalArgumentException("a condition needs at least one bit");
    if (accepted != null) {
      if (clbits.size() > MAX_TABLE_BITS) {
        throw new IllegalArgumentException("a condition table reads " + clbits.size() + " bits; at most " + MAX_TABLE_BITS);
      }
      if (accepted.length() > (1 << clbits.size())) {
        throw new IllegalArgumentException("accepted readings " + accepted + " do not fit in " + clbits.size() + " bit(s)");
      }
      accepted = (BitSet) accepted.clone();
      value = 0;
    } else if (clbits.size() < 63 && (value < 0 || value >= (1L << clbits.size()))) {
      throw new IllegalArgumentException(
          "condition value " + value + " does not fit in " + clbits.size() + " bit(s)");
    }
  }

  public Condition(List<Integer> clbits, long value) { this(clbits, value, null); }

  /** The condition true for the readings in {@code accepted}; one reading gives the plain form. */
  public static Condition anyOf(List<Integer> clbits, BitSet accepted) {
    return accepted.cardinality() == 1 ? new Condition(clbits, accepted.nextSetBit(0)) : new Condition(clbits, 0, accepted);
  }

  @Override
  public BitSet accepted() { return accepted == null ? null : (BitSet) accepted.clone(); }

  /** Whether the condition holds for classical memory {@code bits} (bit i of the long is clbit i). */
  public boolean holds(long bits) {
    long v = 0;
    for (int i = 0; i < clbits.size(); i++) {
      v |= ((bits >>> clbits.get(i)) & 1L) << i;
    }
    return accepted == null ? v == value : accepted.get((int) v);
  }
}
