package io.qubitd.device;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How a chip's truth changes with emulated time. T1 and T2 (without a dip) follow
 * Ornstein–Uhlenbeck processes in their logarithms, so they stay positive; frequency follows
 * one in Hz; all revert to the qubit's nominal values. T2 is then capped at 2·T1. Two-level-system
 * dips arrive as a Poisson process, cut T1 by a factor and leave the pure-dephasing rate alone, so
 * T2 falls accordingly. Couplers fail at a constant rate and stay dead.
 *
 * <p>Gate errors follow the coherence they depend on: a 1q gate's error is its coherence limit
 * ({@link CoherenceLimit}) at the current T1 and T2 plus an excess of its own, and a CZ's the
 * same over both its qubits, so a TLS dip raises the gate errors too and no error falls below its
 * limit. The excesses and the readout errors walk slowly (OU in their logarithms). A qubit or
 * coupler whose nominal error centres are NaN keeps its errors as stated.
 *
 * <p>The OU step uses the exact transition x' = μ + (x − μ)e^{−dt/τ} + σ√(1 − e^{−2dt/τ})·N(0,1),
 * with σ the stationary standard deviation, so any dt is allowed.
 */
public final class DriftModel {
  /** Readout errors stay below this: beyond it a qubit's readout would say more about the other state. */
  private static final double MAX_READOUT_ERROR = 0.5;

  private final ChipSpec.DriftSpec spec;
  private final GateDurations durations;

  /** Drift as {@code spec} says, for gates of {@code durations} (their coherence limits). */
  public DriftModel(ChipSpec.DriftSpec spec, GateDurations durations) {
    this.spec = spec;
    this.durations = durations;
  }

  public ChipSpec.DriftSpec spec() { return spec; }

  /** One OU transition over {@code dt} seconds from {@code x}; dt ≥ 0. */
  public static double ouStep(double x, double mean, ChipSpec.OuSpec ou, double dt, SplittableRandom rng) {
    double decay = Math.exp(-dt / ou.reversionTime());
    double sd = ou.sigma() * Math.sqrt(-Math.expm1(-2 * dt / ou.reversionTime()));
    return mean + (x - mean) * decay + sd * gaussian(rng);
  }

  /** The qubit's truth {@code dtSeconds} later; dtSeconds ≥ 0. */
  public QubitTruth step(QubitTruth t, double dtSeconds, SplittableRandom rng) {
    checkDt(dtSeconds);
    double factor = t.tls().t1Factor();
    double t1Free = t.t1() / factor;
    double t2Free = t2WithT1(t.t2(), t.t1(), t1Free);
    t1Free = Math.exp(ouStep(Math.log(t1Free), Math.log(t.nominal().t1()), spec.t1(), dtSeconds, rng));
    t2Free = Math.exp(ouStep(Math.log(t2Free), Math.log(t.nominal().t2()), spec.t2(), dtSeconds, rng));
    t2Free = Math.min(t2Free, 2 * t1Free);
    double f = ouStep(t.frequency(), t.nominal().frequency(), spec.frequency(), dtSeconds, rng);

    QubitTruth.TlsDip dip = nextDip(t.tls(), dtSeconds, rng);
    double t1 = t1Free * dip.t1Factor();
    double t2 = Math.min(t2WithT1(t2Free, t1Free, t1), 2 * t1);

    QubitTruth.Nominal n = t.nominal();
    double error = t.gateError1q(), p01 = t.readoutP01(), p10 = t.readoutP10();
    if (Double.isFinite(n.gateExcess1q())) {
      double excess = t.gateError1q() - CoherenceLimit.oneQubit(durations.oneQubit(), t.t1(), t.t2());
      excess = logWalk(excess, n.gateExcess1q(), spec.gateError1q(), dtSeconds, rng);
      error = Math.min(1, CoherenceLimit.oneQubit(durations.oneQubit(), t1, t2) + excess);
    }
    if (Double.isFinite(n.readoutP01())) p01 = Math.min(MAX_READOUT_ERROR, logWalk(p01, n.readoutP01(), spec.readout(), dtSeconds, rng));
    if (Double.isFinite(n.readoutP10())) p10 = Math.min(MAX_READOUT_ERROR, logWalk(p10, n.readoutP10(), spec.readout(), dtSeconds, rng));
    return new QubitTruth(t.qubit(), t1, t2, f, error, p01, p10, dip, n);
  }

  /**
   * The coupler's truth {@code dtSeconds} later: it may fail (a dead coupler stays dead); its CZ
   * error beyond coherence walks. The CZ error itself keeps its old coherence limit until
   * {@link ChipTruth#withCzFollowingCoherence} joins it with the qubits' new T1 and T2.
   */
  public CouplerTruth step(CouplerTruth c, double dtSeconds, SplittableRandom rng) {
    checkDt(dtSeconds);
    if (!c.alive()) return c;
    double pFail = -Math.expm1(-spec.couplerFailureRate() * dtSeconds);
    boolean fails = rng.nextDouble() < pFail;
    if (c.followsCoherence()) {
      double excess = logWalk(c.czExcess(), c.nominalCzExcess(), spec.czError(), dtSeconds, rng);
      double error = Math.min(1, Math.max(0, c.czError() - c.czExcess() + excess));
      c = new CouplerTruth(c.a(), c.b(), error, c.residualZzHz(), c.alive(), excess, c.nominalCzExcess());
    }
    return fails ? c.failed() : c;
  }

  /** A positive quantity's OU step in its logarithm around {@code centre}; a zero one (or centre) stays put. */
  private static double logWalk(double x, double centre, ChipSpec.OuSpec ou, double dt, SplittableRandom rng) {
    if (!(x > 0) || !(centre > 0)) return Math.max(0, x);
    return Math.exp(ouStep(Math.log(x), Math.log(centre), ou, dt, rng));
  }

  /** Every qubit and coupler {@code dtSeconds} later, with time advanced. */
  public ChipTruth step(ChipTruth chip, double dtSeconds, SplittableRandom rng) {
    List<QubitTruth> qs = new ArrayList<>();
    for (QubitTruth q : chip.qubits()) qs.add(step(q, dtSeconds, rng));
    List<CouplerTruth> cs = new ArrayList<>();
    for (CouplerTruth c : chip.couplers()) cs.add(step(c, dtSeconds, rng));
    return new ChipTruth(chip.time() + dtSeconds, qs, cs).withCzFollowingCoherence(durations.twoQubit());
  }

  /**
   * The dip after dt: a running dip counts down; when none runs at the end, a new one may have
   * started in the interval (arrival uniform in it) and still be running.
   */
  private QubitTruth.TlsDip nextDip(QubitTruth.TlsDip dip, double dt, SplittableRandom rng) {
    ChipSpec.TlsSpec tls = spec.tls();
    double left = dip.remaining() - dt;
    if (left > 0) return new QubitTruth.TlsDip(dip.t1Factor(), left);
    double pStart = -Math.expm1(-tls.ratePerSecond() * dt);
    if (!(rng.nextDouble() < pStart)) return QubitTruth.TlsDip.NONE;
    double sinceStart = dt * rng.nextDouble();
    double duration = -tls.meanDuration() * Math.log(1 - rng.nextDouble());
    double remaining = duration - sinceStart;
    if (!(remaining > 0)) return QubitTruth.TlsDip.NONE;
    return new QubitTruth.TlsDip(tls.t1Factor().draw(rng), remaining);
  }

  /** T2 after T1 changes from {@code t1Old} to {@code t1New} with the pure-dephasing rate kept. */
  private static double t2WithT1(double t2, double t1Old, double t1New) {
    double dephasing = Math.max(0, 1 / t2 - 1 / (2 * t1Old));
    return 1 / (1 / (2 * t1New) + dephasing);
  }

  private static void checkDt(double dt) {
    if (!(dt >= 0) || Double.isInfinite(dt)) throw new IllegalArgumentException("drift step must be >= 0 s and finite, got " + dt);
  }

  /** A standard normal deviate (Box–Muller), from the given generator only. */
  private static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
