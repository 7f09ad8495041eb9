package io.qubitd.device;

/**
 * The true state of the tunable coupler between physical qubits {@code a < b}.
 *
 * @param czError      average gate error of a CZ on this coupler
 * @param residualZzHz frequency shift of |11⟩ while the coupler idles, in Hz
 * @param alive        false once the coupler has failed: no CZ can run on it
 */
public record CouplerTruth(int a, int b, double czError, double residualZzHz, boolean alive) {
  public CouplerTruth {
    if (a >= b) throw new IllegalArgumentException("coupler needs qubits a < b, got " + a + ", " + b);
    if (!(czError >= 0 && czError <= 1)) throw new IllegalArgumentException("coupler (" + a + "," + b + "): czError=" + czError + " not in [0, 1]");
    if (!Double.isFinite(residualZzHz)) throw new IllegalArgumentException("coupler (" + a + "," + b + "): residual ZZ not finite");
  }

  public CouplerTruth failed() { return new CouplerTruth(a, b, czError, residualZzHz, false); }
}
