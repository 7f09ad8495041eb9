package io.qubitd.circuit;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Classical memory an OpenQASM 3 program needs beyond its bit registers: {@code bits} in all
 * (registers plus the bits subroutines, loop bodies and bare {@code measure} write), and the
 * register bits whose final value is not simply what a measurement left in their own memory bit
 * ({@code derived}: a value the program assigned, another bit's measurement, or a function of
 * several, such as an {@code output int} or a parity). A result reads those through here.
 */
public record ClassicalMemory(int bits, Map<Integer, DerivedBit> derived) {

  /** A bit's final value: true when memory bits {@code memoryBits} read (least significant first) as a value in {@code ones}. */
  public record DerivedBit(List<Integer> memoryBits, BitSet ones) {
    public DerivedBit {
      memoryBits = List.copyOf(memoryBits);
      if (memoryBits.size() > Condition.MAX_TABLE_BITS) {
        throw new IllegalArgumentException("a derived bit reads " + memoryBits.size() + " bits; at most " + Condition.MAX_TABLE_BITS);
      }
      ones = (BitSet) ones.clone();
    }

    @Override public BitSet ones() { return (BitSet) ones.clone(); }

    boolean valueIn(long memory) {
      int v = 0;
      for (int i = 0; i < memoryBits.size(); i++) v |= (int) ((memory >>> memoryBits.get(i)) & 1L) << i;
      return ones.get(v);
    }
  }

  public ClassicalMemory {
    if (bits < 0 || bits > 64) throw new IllegalArgumentException("classical memory of " + bits + " bits; expected 0..64");
    derived = new TreeMap<>(derived);
    for (Map.Entry<Integer, DerivedBit> e : derived.entrySet()) {
      if (e.getKey() < 0 || e.getKey() >= bits) throw new IllegalArgumentException("derived bit " + e.getKey() + " outside " + bits + " bits");
      for (int m : e.getValue().memoryBits()) {
        if (m < 0 || m >= bits) throw new IllegalArgumentException("derived bit " + e.getKey() + " reads bit " + m + " of " + bits);
      }
    }
    derived = java.util.Collections.unmodifiableMap(derived);
  }

  /** The register bits at the end of a run that left {@code memory} in the kernel's classical memory. */
  public long finalBits(long memory) {
    long out = memory;
    for (Map.Entry<Integer, DerivedBit> e : derived.entrySet()) {
      long bit = 1L << e.getKey();
      out = e.getValue().valueIn(memory) ? out | bit : out & ~bit;
    }
    return out;
  }
}
