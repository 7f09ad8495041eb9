package io.qubitd.kernel;

/** Floating-point precision of the state vector's amplitudes. */
public enum Precision {
  /** Two 64-bit doubles per amplitude (16 bytes). */
  DOUBLE(16),
  /** Two 32-bit floats per amplitude (8 bytes): half the memory traffic, about 1e-6 relative error. */
  SINGLE(8);

  private final int bytesPerAmplitude;

  Precision(int bytesPerAmplitude) { this.bytesPerAmplitude = bytesPerAmplitude; }

  public int bytesPerAmplitude() { return bytesPerAmplitude; }
}
