package io.qubitd.circuit.qasm;

/**
 * Limits and device facts the OpenQASM reader needs (from {@code qubitd.qasm} in reference.conf).
 *
 * @param maxOperations most operations a program may expand to (loops, subroutines and gate
 *     definitions inlined); also bounds the statements elaboration may execute, ten per operation
 * @param maxDynamicIterations most iterations of a {@code while} loop whose condition reads measured
 *     bits; the program is unrolled that far
 * @param dtSeconds the sample time {@code dt} of duration literals such as {@code delay[100dt]}
 * @param gateTimes how long operations take, for {@code durationof} and for stretches inside boxes
 */
public record QasmSettings(long maxOperations, int maxDynamicIterations, double dtSeconds, GateTimes gateTimes) {
  /**
   * Seconds per operation as a chip schedules it: a one-qubit gate is one pulse unless it is diagonal (a virtual Z,
   * no time), a two-qubit gate one two-qubit pulse; measure and reset as stated.
   */
  public record GateTimes(double oneQubit, double twoQubit, double measure, double reset) {
    /** The bundled chips' durations (conf/chips: 30 ns, 40 ns, 1.5 µs, 1 µs), for the ideal backend. */
    public static final GateTimes BUNDLED_CHIPS = new GateTimes(30e-9, 40e-9, 1.5e-6, 1e-6);

    public GateTimes {
      if (!(oneQubit >= 0) || !(twoQubit >= 0) || !(measure >= 0) || !(reset >= 0)) {
        throw new IllegalArgumentException("gate durations must be >= 0 s, got " + oneQubit + ", " + twoQubit + ", " + measure
            + ", " + reset);
      }
    }
  }

  public static final QasmSettings DEFAULTS = new QasmSettings(2_000_000, 64, 1e-9);

  public QasmSettings {
    if (maxOperations < 1) throw new IllegalArgumentException("qubitd.qasm.max-operations must be >= 1, got " + maxOperations);
    if (maxDynamicIterations < 1) {
      throw new IllegalArgumentException("qubitd.qasm.max-dynamic-iterations must be >= 1, got " + maxDynamicIterations);
    }
    if (!(dtSeconds > 0)) throw new IllegalArgumentException("qubitd.qasm.dt must be a positive duration, got " + dtSeconds);
    if (gateTimes == null) throw new IllegalArgumentException("gate times are required");
  }

  /** With the bundled chips' gate times. */
  public QasmSettings(long maxOperations, int maxDynamicIterations, double dtSeconds) {
    this(maxOperations, maxDynamicIterations, dtSeconds, GateTimes.BUNDLED_CHIPS);
  }

  public QasmSettings withDt(double seconds) { return new QasmSettings(maxOperations, maxDynamicIterations, seconds, gateTimes); }

  public QasmSettings withMaxOperations(long n) { return new QasmSettings(n, maxDynamicIterations, dtSeconds, gateTimes); }

  public QasmSettings withGateTimes(GateTimes t) { return new QasmSettings(maxOperations, maxDynamicIterations, dtSeconds, t); }
}
