package io.qubitd.circuit.qasm;

/**
 * Limits and device facts the OpenQASM reader needs (from {@code qubitd.qasm} in reference.conf).
 *
 * @param maxOperations most operations a program may expand to (loops, subroutines and gate
 *     definitions inlined); also bounds the statements elaboration may execute, ten per operation
 * @param maxDynamicIterations most iterations of a {@code while} loop whose condition reads measured
 *     bits; the program is unrolled that far
 * @param dtSeconds the sample time {@code dt} of duration literals such as {@code delay[100dt]}
 */
public record QasmSettings(long maxOperations, int maxDynamicIterations, double dtSeconds) {
  public static final QasmSettings DEFAULTS = new QasmSettings(2_000_000, 64, 1e-9);

  public QasmSettings {
    if (maxOperations < 1) throw new IllegalArgumentException("qubitd.qasm.max-operations must be >= 1, got " + maxOperations);
    if (maxDynamicIterations < 1) {
      throw new IllegalArgumentException("qubitd.qasm.max-dynamic-iterations must be >= 1, got " + maxDynamicIterations);
    }
    if (!(dtSeconds > 0)) throw new IllegalArgumentException("qubitd.qasm.dt must be a positive duration, got " + dtSeconds);
  }

  public QasmSettings withDt(double seconds) { return new QasmSettings(maxOperations, maxDynamicIterations, seconds); }

  public QasmSettings withMaxOperations(long n) { return new QasmSettings(n, maxDynamicIterations, dtSeconds); }
}
