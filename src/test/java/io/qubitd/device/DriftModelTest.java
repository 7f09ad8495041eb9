package io.qubitd.device;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftModelTest {
  /** Relative tolerance on sample moments from a few thousand draws (several standard errors). */
  private static final double STATISTICAL_TOLERANCE = 0.08;

  private static final ChipSpec.Range FACTOR = new ChipSpec.Range(0.3, 0.5);

  private static ChipSpec.DriftSpec spec(double tlsRatePerSecond, double failurePerSecond) {
    return new ChipSpec.DriftSpec(new ChipSpec.OuSpec(0.15, 6 * 3600), new ChipSpec.OuSpec(0.2, 3 * 3600),
        new ChipSpec.OuSpec(50e3, 12 * 3600), new ChipSpec.TlsSpec(tlsRatePerSecond, FACTOR, 600), failurePerSecond,
        new ChipSpec.OuSpec(0.2, 6 * 3600), new ChipSpec.OuSpec(0.2, 6 * 3600), new ChipSpec.OuSpec(0.1, 12 * 3600));
  }

  private static QubitTruth qubit(double t1, double t2) {
    return new QubitTruth(0, t1, t2, 4.5e9, 0.001, 0.05, 0.02, QubitTruth.TlsDip.NONE, new QubitTruth.Nominal(t1, t2, 4.5e9));
  }

  @Test
  void manySmallStepsChangeTheChipAndKeepItPhysical() {
    ChipSpec chip = ChipSpec.load(Path.of("conf/chips/wukong72.conf"));
    ChipTruth start = chip.sampleTruth();
    DriftModel drift = new DriftModel(chip.drift(), chip.durations());
    SplittableRandom rng = new SplittableRandom(1);
    ChipTruth t = start;
    for (int i = 0; i < 500; i++) {
      t = drift.step(t, 60, rng);
      for (QubitTruth q : t.qubits()) {
        assertTrue(q.t1() > 0 && Double.isFinite(q.t1()));
        assertTrue(q.t2() > 0 && q.t2() <= 2 * q.t1() * (1 + 1e-12));
        assertTrue(q.frequency() > 3.5e9 && q.frequency() < 5.5e9);
      }
    }
    assertEquals(500 * 60, t.time(), 1e-9);
    for (int q = 0; q < 72; q++) {
      assertNotEquals(start.qubit(q).t1(), t.qubit(q).t1());
      assertNotEquals(start.qubit(q).frequency(), t.qubit(q).frequency());
    }
  }

  @Test
  void ouTransitionHasExactMeanAndVariance() {
    ChipSpec.OuSpec ou = new ChipSpec.OuSpec(2.0, 100);
    SplittableRandom rng = new SplittableRandom(2);
    double dt = 70, x0 = 5, mu = 1;
    int n = 20000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; i++) {
      double x = DriftModel.ouStep(x0, mu, ou, dt, rng);
      sum += x;
      sum2 += x * x;
    }
    double mean = sum / n, var = sum2 / n - mean * mean;
    double wantMean = mu + (x0 - mu) * Math.exp(-dt / 100);
    double wantVar = 4 * (1 - Math.exp(-2 * dt / 100));
    assertEquals(wantMean, mean, 5 * Math.sqrt(wantVar / n));
    assertEquals(wantVar, var, STATISTICAL_TOLERANCE * wantVar);
  }

  @Test
  void logT1ReachesTheStationaryVariance() {
    DriftModel drift = new DriftModel(spec(0, 0), GateDurations.defaults());
    SplittableRandom rng = new SplittableRandom(3);
    int n = 4000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; i++) {
      QubitTruth q = qubit(20e-6, 15e-6);
      for (int s = 0; s < 20; s++) q = drift.step(q, 6 * 3600, rng);
      double x = Math.log(q.t1() / 20e-6);
      sum += x;
      sum2 += x * x;
    }
    double var = sum2 / n - (sum / n) * (sum / n);
    assertEquals(0.15 * 0.15, var, STATISTICAL_TOLERANCE * 0.15 * 0.15);
    assertEquals(0, sum / n, 5 * 0.15 / Math.sqrt(n));
  }

  @Test
  void tlsDipsStartAtTheConfiguredRate() {
    double rate = 1.0 / 3600;
    DriftModel drift = new DriftModel(spec(rate, 0), GateDurations.defaults());
    SplittableRandom rng = new SplittableRandom(4);
    double dt = 5, freeTime = 0;
    int starts = 0;
    for (int k = 0; k < 10; k++) {
      QubitTruth q = qubit(20e-6, 30e-6);
      for (int i = 0; i < 100 * 3600 / 5; i++) {
        QubitTruth next = drift.step(q, dt, rng);
        if (!q.inTlsDip()) {
          freeTime += dt;
          if (next.inTlsDip()) {
            starts++;
            assertTrue(FACTOR.contains(next.tls().t1Factor()));
          }
        }
        q = next;
      }
    }
    double expected = rate * freeTime;
    assertEquals(expected, starts, 5 * Math.sqrt(expected));
    assertTrue(starts > 500, "too few dips to judge: " + starts);
  }

  @Test
  void aDipCutsT1AndKeepsPureDephasing() {
    ChipSpec.OuSpec still = new ChipSpec.OuSpec(0, 3600);
    DriftModel drift = new DriftModel(new ChipSpec.DriftSpec(still, still, still, new ChipSpec.TlsSpec(1e6, FACTOR, 600), 0, still, still, still), GateDurations.defaults());
    QubitTruth q = qubit(20e-6, 30e-6);
    QubitTruth d = drift.step(q, 1e-3, new SplittableRandom(5));
    assertTrue(d.inTlsDip());
    double f = d.tls().t1Factor();
    assertEquals(20e-6 * f, d.t1(), 20e-6 * 1e-12);
    assertEquals(q.dephasingRate(), d.dephasingRate(), q.dephasingRate() * 1e-9);
    DriftModel quiet = new DriftModel(new ChipSpec.DriftSpec(still, still, still, new ChipSpec.TlsSpec(0, FACTOR, 600), 0, still, still, still), GateDurations.defaults());
    QubitTruth after = quiet.step(new QubitTruth(0, d.t1(), d.t2(), d.frequency(), 0.001, 0.05, 0.02,
        new QubitTruth.TlsDip(f, 1), d.nominal()), 2, new SplittableRandom(6));
    assertFalse(after.inTlsDip());
    assertEquals(20e-6, after.t1(), 20e-6 * 1e-12);
    assertEquals(30e-6, after.t2(), 30e-6 * 1e-12);
  }

  @Test
  void couplersFailAtTheConfiguredRateAndStayDead() {
    double rate = 1.0 / 1000;
    DriftModel drift = new DriftModel(spec(0, rate), GateDurations.defaults());
    SplittableRandom rng = new SplittableRandom(6);
    int n = 20000, dead = 0;
    for (int i = 0; i < n; i++) {
      CouplerTruth c = new CouplerTruth(0, 1, 0.02, 3e4, true);
      c = drift.step(drift.step(c, 300, rng), 400, rng);
      if (!c.alive()) {
        dead++;
        assertFalse(drift.step(c, 1e6, rng).alive());
      }
    }
    double p = 1 - Math.exp(-rate * 700);
    assertEquals(p * n, dead, 5 * Math.sqrt(n * p * (1 - p)));
  }

  @Test
  void driftedErrorsNeverFallBelowTheirCoherenceLimitAndWalk() {
    ChipSpec chip = ChipSpec.load(Path.of("conf/chips/wukong72.conf"));
    GateDurations d = chip.durations();
    ChipTruth start = chip.sampleTruth();
    DriftModel drift = new DriftModel(chip.drift(), d);
    SplittableRandom rng = new SplittableRandom(8);
    ChipTruth t = start;
    for (int i = 0; i < 200; i++) {
      t = drift.step(t, 300, rng);
      for (QubitTruth q : t.qubits()) {
        assertTrue(q.gateError1q() >= CoherenceLimit.oneQubit(d.oneQubit(), q.t1(), q.t2()), "1q error below its limit: " + q);
        assertTrue(q.readoutP01() > 0 && q.readoutP01() <= 0.5 && q.readoutP10() > 0 && q.readoutP10() <= 0.5, "readout " + q);
      }
      for (CouplerTruth c : t.couplers()) {
        assertTrue(c.czError() >= CoherenceLimit.twoQubit(d.twoQubit(), t.qubit(c.a()), t.qubit(c.b())), "CZ error below its limit: " + c);
      }
    }
    for (int q = 0; q < 72; q++) {
      assertNotEquals(start.qubit(q).gateError1q(), t.qubit(q).gateError1q());
      assertNotEquals(start.qubit(q).readoutP01(), t.qubit(q).readoutP01());
    }
    int alive = 0, moved = 0;
    for (int c = 0; c < t.couplers().size(); c++) {
      if (!start.couplers().get(c).alive()) continue;
      alive++;
      if (start.couplers().get(c).czExcess() != t.couplers().get(c).czExcess()) moved++;
    }
    assertEquals(alive, moved, "every live coupler's own CZ error walks");
  }

  @Test
  void aTlsDipRaisesTheGateErrorByTheRiseOfItsCoherenceLimit() {
    ChipSpec.OuSpec still = new ChipSpec.OuSpec(0, 3600);
    GateDurations d = GateDurations.defaults();
    DriftModel drift = new DriftModel(new ChipSpec.DriftSpec(still, still, still, new ChipSpec.TlsSpec(1e6, FACTOR, 600), 0,
        still, still, still), d);
    double t1 = 20e-6, t2 = 15e-6, excess = 0.001;
    // Without a dip, 30 ns on T1 = 20 µs, T2 = 15 µs: (3 − e^{−t/T1} − 2e^{−t/T2})/6.
    double before = (3 - Math.exp(-30e-9 / t1) - 2 * Math.exp(-30e-9 / t2)) / 6 + excess;
    QubitTruth q = new QubitTruth(0, t1, t2, 4.5e9, before, 0.05, 0.02, QubitTruth.TlsDip.NONE,
        new QubitTruth.Nominal(t1, t2, 4.5e9, excess, 0.05, 0.02));
    QubitTruth dipped = drift.step(q, 1e-3, new SplittableRandom(5));
    assertTrue(dipped.inTlsDip());
    double after = (3 - Math.exp(-30e-9 / dipped.t1()) - 2 * Math.exp(-30e-9 / dipped.t2())) / 6 + excess;
    assertEquals(after, dipped.gateError1q(), 1e-15);
    assertTrue(dipped.gateError1q() > before + 1e-4, "a dip to T1 = " + dipped.t1() + " s must raise the error visibly");

    CouplerTruth c = new CouplerTruth(0, 1, CoherenceLimit.twoQubit(d.twoQubit(), q, q) + 0.01, 3e4, true, 0.01, 0.01);
    ChipTruth chip = new ChipTruth(0, java.util.List.of(dipped, new QubitTruth(1, t1, t2, 4.6e9, before, 0.05, 0.02,
        QubitTruth.TlsDip.NONE, q.nominal())), java.util.List.of(c)).withCzFollowingCoherence(d.twoQubit());
    double want = 0.8 * (1 - (1 + Math.exp(-40e-9 / dipped.t1()) + 2 * Math.exp(-40e-9 / dipped.t2()))
        * (1 + Math.exp(-40e-9 / t1) + 2 * Math.exp(-40e-9 / t2)) / 16) + 0.01;
    assertEquals(want, chip.couplers().get(0).czError(), 1e-15);
    assertTrue(chip.couplers().get(0).czError() > c.czError(), "the dip raises the CZ error too");
  }
}
