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
 * <p>The OU step uses the exact transition x' = μ + (x − μ)e^{−dt/τ} + σ√(1 − e^{−2dt/τ})·N(0,1),
 * with σ the stationary standard deviation, so any dt is allowed.
 */
public final class DriftModel {
  private final ChipSpec.DriftSpec spec;

  public DriftModel(ChipSpec.DriftSpec spec) { this.spec = spec; }

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
    return new QubitTruth(t.qubit(), t1, t2, f, t.gateError1q(), t.readoutP01(), t.readoutP10(), dip, t.nominal());
  }

  /** The coupler's truth {@code dtSeconds} later: it may fail; a dead coupler stays dead. */
  public CouplerTruth step(CouplerTruth c, double dtSeconds, SplittableRandom rng) {
    checkDt(dtSeconds);
    if (!c.alive()) return c;
    double pFail = -Math.expm1(-spec.couplerFailureRate() * dtSeconds);
    return rng.nextDouble() < pFail ? c.failed() : c;
  }

  /** Every qubit and coupler {@code dtSeconds} later, with time advanced. */
  public ChipTruth step(ChipTruth chip, double dtSeconds, SplittableRandom rng) {
    List<QubitTruth> qs = new ArrayList<>();
    for (QubitTruth q : chip.qubits()) qs.add(step(q, dtSeconds, rng));
    List<CouplerTruth> cs = new ArrayList<>();
    for (CouplerTruth c : chip.couplers()) cs.add(step(c, dtSeconds, rng));
    return new ChipTruth(chip.time() + dtSeconds, qs, cs);
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
