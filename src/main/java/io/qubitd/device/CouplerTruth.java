package io.qubitd.device;

/**
 * The true state of the tunable coupler between physical qubits {@code a < b}.
 *
 * @param czError         average gate error of a CZ on this coupler: the two qubits' coherence limit
 *                        over the CZ ({@link CoherenceLimit#twoQubit}) plus {@code czExcess}
 * @param residualZzHz    frequency shift of |11⟩ while the coupler idles, in Hz
 * @param alive           false once the coupler has failed: no CZ can run on it
 * @param czExcess        the CZ's error beyond its qubits' coherence limit (control, leakage), which
 *                        drifts on its own; NaN when the CZ error is fixed as stated (truths built by hand)
 * @param nominalCzExcess the centre {@code czExcess} drifts back to; NaN with it
 */
public record CouplerTruth(int a, int b, double czError, double residualZzHz, boolean alive, double czExcess,
    double nominalCzExcess) {
  public CouplerTruth {
    if (a >= b) throw new IllegalArgumentException("coupler needs qubits a < b, got " + a + ", " + b);
    if (!(czError >= 0 && czError <= 1)) throw new IllegalArgumentException("coupler (" + a + "," + b + "): czError=" + czError + " not in [0, 1]");
    if (!Double.isFinite(residualZzHz)) throw new IllegalArgumentException("coupler (" + a + "," + b + "): residual ZZ not finite");
    if (czExcess < 0 || nominalCzExcess < 0) {
      throw new IllegalArgumentException("coupler (" + a + "," + b + "): CZ error beyond coherence must not be negative, got "
          + czExcess + " (centre " + nominalCzExcess + ")");
    }
  }

  /** A coupler whose CZ error is fixed as stated and does not follow its qubits' coherence. */
  public CouplerTruth(int a, int b, double czError, double residualZzHz, boolean alive) {
    this(a, b, czError, residualZzHz, alive, Double.NaN, Double.NaN);
  }

  /** Whether the CZ error is its qubits' coherence limit plus {@link #czExcess}, rather than fixed. */
  public boolean followsCoherence() { return Double.isFinite(czExcess); }

  public CouplerTruth failed() { return new CouplerTruth(a, b, czError, residualZzHz, false, czExcess, nominalCzExcess); }

  /** This coupler with its CZ error re-derived from its qubits' current coherence, when it follows it. */
  public CouplerTruth withCoherenceOf(QubitTruth qa, QubitTruth qb, double czDuration) {
    if (!followsCoherence()) return this;
    double error = Math.min(1, CoherenceLimit.twoQubit(czDuration, qa, qb) + czExcess);
    return new CouplerTruth(a, b, error, residualZzHz, alive, czExcess, nominalCzExcess);
  }
}
