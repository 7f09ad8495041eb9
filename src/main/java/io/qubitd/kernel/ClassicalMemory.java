package io.qubitd.kernel;

import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Register;
import java.util.List;

/** Classical bits of any number (not capped at 64): bit i is clbit i. Mutable; copy per shot. */
public final class ClassicalMemory {
  private final long[] words;

  public ClassicalMemory(int numClbits) { words = new long[Math.max(1, (numClbits + 63) >>> 6)]; }

  private ClassicalMemory(long[] words) { this.words = words; }

  public ClassicalMemory copy() { return new ClassicalMemory(words.clone()); }

  public int get(int clbit) { return (int) (words[clbit >>> 6] >>> (clbit & 63)) & 1; }

  public void set(int clbit, int bit) {
    long mask = 1L << (clbit & 63);
    words[clbit >>> 6] = bit == 1 ? words[clbit >>> 6] | mask : words[clbit >>> 6] & ~mask;
  }

  /** Whether {@code c} holds (null holds always). */
  public boolean holds(Condition c) {
    if (c == null) return true;
    long v = 0;
    for (int i = 0; i < c.clbits().size(); i++) v |= (long) get(c.clbits().get(i)) << i;
    return v == c.value();
  }

  /** The key Qiskit prints: each register highest bit first, the last declared leftmost, separated by spaces. */
  public String key(List<Register> cregs) {
    StringBuilder sb = new StringBuilder();
    for (int r = cregs.size() - 1; r >= 0; r--) {
      Register reg = cregs.get(r);
      if (sb.length() > 0) sb.append(' ');
      for (int i = reg.size() - 1; i >= 0; i--) sb.append(get(reg.index(i)) == 1 ? '1' : '0');
    }
    return sb.toString();
  }
}
