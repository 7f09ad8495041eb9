package io.qubitd.circuit;

/**
 * Classical memory an OpenQASM 3 program needs beyond its bit registers: {@code bits} in all
 * (registers plus the bits subroutines and bare {@code measure} write), and the register bits that
 * hold a value the program assigned rather than measured ({@code constantMask}, their values in
 * {@code constantValues}); a result reads those from here, not from the memory the kernel kept.
 */
public record ClassicalMemory(int bits, long constantMask, long constantValues) {
  public ClassicalMemory {
    if (bits < 0 || bits > 64) throw new IllegalArgumentException("classical memory of " + bits + " bits; expected 0..64");
    if ((constantValues & ~constantMask) != 0) {
      throw new IllegalArgumentException("constant values " + Long.toBinaryString(constantValues) + " outside mask "
          + Long.toBinaryString(constantMask));
    }
  }

  /** The register bits at the end of a run that left {@code memory} in the kernel's classical memory. */
  public long finalBits(long memory) { return (memory & ~constantMask) | constantValues; }
}
