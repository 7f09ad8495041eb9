package io.qubitd.device;

/** Durations of a chip's native operations, in seconds. RZ is virtual and takes no time. */
public record GateDurations(double oneQubit, double twoQubit, double measure, double reset) {
  public GateDurations {
    if (!(oneQubit > 0) || !(twoQubit > 0) || !(measure > 0) || !(reset >= 0)) {
      throw new IllegalArgumentException("gate durations must be positive: " + this);
    }
  }

  /** The wukong72 defaults: 30 ns single-qubit, 40 ns CZ, 1.5 µs readout, 1 µs reset. */
  public static GateDurations defaults() { return new GateDurations(30e-9, 40e-9, 1.5e-6, 1e-6); }
}
