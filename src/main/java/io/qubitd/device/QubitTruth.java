package io.qubitd.device;

/**
 * The true state of one physical qubit at one emulated time. Times in seconds, frequency in
 * Hz, errors as probabilities. {@code t1} and {@code t2} are the current values, a TLS dip
 * included; {@code nominal} holds the long-term values that drift reverts to.
 *
 * @param readoutP01  P(read 0 | prepared 1)
 * @param readoutP10  P(read 1 | prepared 0)
 * @param gateError1q average gate error of SX and X
 */
public record QubitTruth(
    int qubit, double t1, double t2, double frequency, double gateError1q,
    double readoutP01, double readoutP10, TlsDip tls, Nominal nominal) {

  /** Tolerance on T2 ≤ 2·T1, for rounding in drift arithmetic. */
  private static final double T2_BOUND_SLACK = 1e-12;

  public QubitTruth {
    if (!(t1 > 0) || !(t2 > 0) || Double.isInfinite(t1) || Double.isInfinite(t2)) {
      throw new IllegalArgumentException("qubit " + qubit + ": T1 and T2 must be positive and finite, got T1="
          + t1 + " T2=" + t2);
    }
    if (t2 > 2 * t1 * (1 + T2_BOUND_SLACK)) {
      throw new IllegalArgumentException("qubit " + qubit + ": T2=" + t2 + " exceeds 2*T1=" + 2 * t1);
    }
    checkProbability(qubit, "gateError1q", gateError1q);
    checkProbability(qubit, "readoutP01", readoutP01);
    checkProbability(qubit, "readoutP10", readoutP10);
    if (tls == null || nominal == null) throw new IllegalArgumentException("qubit " + qubit + ": tls and nominal are required");
  }

  private static void checkProbability(int qubit, String name, double p) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("qubit " + qubit + ": " + name + "=" + p + " not in [0, 1]");
  }

  /**
   * A two-level-system defect resonant with the qubit: T1 is multiplied by {@code t1Factor}
   * for {@code remaining} more seconds. {@link #NONE} when there is no dip.
   */
  public record TlsDip(double t1Factor, double remaining) {
    public static final TlsDip NONE = new TlsDip(1, 0);

    public TlsDip {
      if (!(t1Factor > 0 && t1Factor <= 1) || !(remaining >= 0)) {
        throw new IllegalArgumentException("bad TLS dip: factor " + t1Factor + ", remaining " + remaining + " s");
      }
    }

    public boolean active() { return remaining > 0; }
  }

  /**
   * The centre values the qubit's drifting parameters revert to: T1, T2 (without a dip), frequency,
   * the 1q gate error beyond its coherence limit ({@link CoherenceLimit}), and the readout errors.
   * NaN error centres mean the errors do not drift: they stay as stated (truths built by hand).
   */
  public record Nominal(double t1, double t2, double frequency, double gateExcess1q, double readoutP01, double readoutP10) {
    /** Centres for T1, T2 and frequency only; the qubit's errors stay as stated. */
    public Nominal(double t1, double t2, double frequency) { this(t1, t2, frequency, Double.NaN, Double.NaN, Double.NaN); }
  }

  public boolean inTlsDip() { return tls.active(); }

  /** Pure-dephasing rate 1/Tφ = 1/T2 − 1/(2·T1), in 1/s; never negative. */
  public double dephasingRate() { return Math.max(0, 1 / t2 - 1 / (2 * t1)); }
}
