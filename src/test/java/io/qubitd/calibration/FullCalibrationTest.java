package io.qubitd.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.CoherenceLimit;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.DriftModel;
import io.qubitd.device.QubitTruth;
import io.qubitd.device.noise.NoiseOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calibrates wukong72 as sampled, then again after two hours of drift with TLS dips and dead
 * couplers added, and holds both snapshots to the truth, whose stated gate errors are never below
 * their coherence limits, so the measured error is compared with the stated one as it is.
 */
class FullCalibrationTest {
  static final ChipSpec SPEC = ChipSpec.load("wukong72");
  static final double DRIFT_SECONDS = 2 * 3600;
  /** When the chip came up: its clock reads this at emulated time 0. */
  static final Instant UP = Instant.parse("2026-12-04T18:00:00Z");
  static final Set<Integer> DIPPED = Set.of(5, 30, 61);
  static final Set<Integer> KILLED = Set.of(10, 77);
  /** T1 multiplier of the dips added by hand, inside the chip file's range 0.2..0.6. */
  static final double DIP_FACTOR = 0.5;

  static final double DECAY_TIME_TOLERANCE = 0.10;
  static final double DECAY_TIME_QUANTILE = 0.95;
  static final double READOUT_TOLERANCE = 0.015;
  static final double GATE_ERROR_RELATIVE = 0.25;
  static final double GATE_ERROR_ABSOLUTE = 2e-4;
  static final double CZ_TOLERANCE = 0.25;
  static final double CZ_QUANTILE = 0.90;
  static final double ZZ_TOLERANCE = 0.15;
  static final double ZZ_QUANTILE = 0.90;
  static final double COVERAGE_SIGMAS = 2;
  static final double MIN_COVERAGE = 0.90, MAX_COVERAGE = 0.99;
  /** Ramsey resolves the qubit frequency far better than this; drift moves it by tens of kHz. */
  static final double FREQUENCY_TOLERANCE_HZ = 5e3;

  static ChipTruth before, after;
  static CalibrationOutcome first, second;

  @BeforeAll
  static void calibrateTwice() {
    before = SPEC.sampleTruth();
    long t0 = System.nanoTime();
    first = Calibrator.fullCalibration(SPEC, new TruthExperimenter(before, SPEC.durations(), NoiseOptions.all(), null, UP),
        CalibrationSettings.defaults(), 42, null);
    System.out.printf("full calibration of wukong72: %.1f s wall, %.3f s chip time, %d shots%n",
        (System.nanoTime() - t0) / 1e9, first.chipSeconds(), first.shots());
    after = withDipsAndDeadCouplers(new DriftModel(SPEC.drift(), SPEC.durations()).step(before, DRIFT_SECONDS, new SplittableRandom(7)));
    double[] frames = first.snapshot().qubits().stream().mapToDouble(CalibrationSnapshot.QubitCalibration::frequency).toArray();
    second = Calibrator.fullCalibration(SPEC, new TruthExperimenter(after, SPEC.durations(), NoiseOptions.all(), frames,
        UP.plusSeconds((long) DRIFT_SECONDS)),
        CalibrationSettings.defaults(), 43, first);
    for (var o : List.of(first, second)) {
      ChipTruth t = o == first ? before : after;
      System.out.println((o == first ? "initial" : "after drift") + " relative errors: "
          + Accuracy.summary("T1", Accuracy.relativeErrors(o.snapshot(), t, "t1")) + "; "
          + Accuracy.summary("T2", Accuracy.relativeErrors(o.snapshot(), t, "t2")) + "; "
          + Accuracy.summary("1q", Accuracy.relativeErrors(o.snapshot(), t, "1q")) + "; "
          + Accuracy.summary("CZ", Accuracy.czRelativeErrors(o.snapshot(), t)) + "; "
          + Accuracy.summary("ZZ", Accuracy.zzRelativeErrors(o.snapshot(), t)));
    }
  }

  static ChipTruth withDipsAndDeadCouplers(ChipTruth t) {
    List<QubitTruth> qs = new ArrayList<>(t.qubits());
    for (int q : DIPPED) {
      QubitTruth x = qs.get(q);
      double t1 = x.t1() * DIP_FACTOR;
      // A dip leaves the pure-dephasing rate alone, and raises the gate error with its coherence limit.
      double t2 = 1 / (1 / (2 * t1) + x.dephasingRate());
      double oneQubit = SPEC.durations().oneQubit();
      double error = x.gateError1q() - CoherenceLimit.oneQubit(oneQubit, x.t1(), x.t2()) + CoherenceLimit.oneQubit(oneQubit, t1, t2);
      qs.set(q, new QubitTruth(q, t1, t2, x.frequency(), error, x.readoutP01(), x.readoutP10(),
          new QubitTruth.TlsDip(DIP_FACTOR, 900), x.nominal()));
    }
    List<CouplerTruth> cs = new ArrayList<>(t.couplers());
    for (int c : KILLED) cs.set(c, cs.get(c).failed());
    return new ChipTruth(t.time(), qs, cs).withCzFollowingCoherence(SPEC.durations().twoQubit());
  }

  static void checkAccuracy(CalibrationOutcome o, ChipTruth t) {
    CalibrationSnapshot s = o.snapshot();
    for (String what : List.of("t1", "t2")) {
      double[] rel = Accuracy.relativeErrors(s, t, what);
      assertTrue(Accuracy.fractionWithin(rel, DECAY_TIME_TOLERANCE) >= DECAY_TIME_QUANTILE,
          what + " within 10 % for too few qubits: " + Accuracy.summary(what, rel));
    }
    for (QubitTruth q : t.qubits()) {
      var m = s.qubit(q.qubit());
      assertEquals(q.readoutP01(), m.readoutP01(), READOUT_TOLERANCE, "P01 of qubit " + q.qubit());
      assertEquals(q.readoutP10(), m.readoutP10(), READOUT_TOLERANCE, "P10 of qubit " + q.qubit());
      assertEquals(q.frequency(), m.frequency(), FREQUENCY_TOLERANCE_HZ, "frequency of qubit " + q.qubit());
      double e = q.gateError1q();
      assertTrue(Math.abs(m.gateError() - e) <= Math.max(GATE_ERROR_RELATIVE * e, GATE_ERROR_ABSOLUTE),
          "error per SX of qubit " + q.qubit() + ": measured " + m.gateError() + ", true " + e);
    }
    double[] cz = Accuracy.czRelativeErrors(s, t);
    assertTrue(Accuracy.fractionWithin(cz, CZ_TOLERANCE) >= CZ_QUANTILE, "CZ error within 25 % for too few couplers: " + Accuracy.summary("CZ", cz));
    double[] zz = Accuracy.zzRelativeErrors(s, t);
    assertTrue(Accuracy.fractionWithin(zz, ZZ_TOLERANCE) >= ZZ_QUANTILE, "residual ZZ within 15 % for too few couplers: " + Accuracy.summary("ZZ", zz));
    for (int c = 0; c < t.couplers().size(); c++) {
      if (!t.couplers().get(c).alive()) assertFalse(s.coupler(c).enabled(), "dead coupler " + c + " left enabled: " + s.coupler(c));
    }
  }

  @Test
  void initialCalibrationRecoversTheTruth() {
    checkAccuracy(first, before);
  }

  @Test
  void calibrationAfterDriftFollowsTheNewTruth() {
    int moved = 0;
    for (QubitTruth q : after.qubits()) if (Math.abs(q.frequency() - before.qubit(q.qubit()).frequency()) > 2 * FREQUENCY_TOLERANCE_HZ) moved++;
    assertTrue(moved > after.qubits().size() / 2, "drift should move most frequencies beyond the tolerance, moved " + moved);
    checkAccuracy(second, after);
  }

  @Test
  void everyQubitInATlsDipIsFlaggedAndOnlyThoseAreCalledDips() {
    List<Integer> inDip = after.qubits().stream().filter(QubitTruth::inTlsDip).map(QubitTruth::qubit).toList();
    assertTrue(inDip.containsAll(DIPPED));
    for (int q : inDip) {
      assertFalse(second.snapshot().qubit(q).usable(), "qubit " + q + " is in a TLS dip but usable");
      assertTrue(second.tlsQubits().contains(q), "qubit " + q + " not reported as a TLS dip");
    }
    assertEquals(Set.copyOf(inDip), second.tlsQubits(), "TLS dips reported where there are none");
    assertTrue(first.tlsQubits().isEmpty(), "without a previous calibration no dip can be judged");
  }

  /**
   * Honest error bars: over both calibrations (two truths, two seeds), the truth lies within two
   * standard errors for 90–99 % of the values of each kind (95.4 % for a normal estimate).
   */
  @Test
  void theTruthLiesWithinTwoStandardErrorsForAboutNinetyFivePercentOfEachKind() {
    StringBuilder table = new StringBuilder("coverage within 2 standard errors:");
    List<String> bad = new ArrayList<>();
    for (String kind : Accuracy.KINDS) {
      double[] z1 = Accuracy.zScores(first.snapshot(), before, kind), z2 = Accuracy.zScores(second.snapshot(), after, kind);
      double[] z = java.util.stream.DoubleStream.concat(java.util.Arrays.stream(z1), java.util.Arrays.stream(z2)).toArray();
      double coverage = Accuracy.fractionWithin(z, COVERAGE_SIGMAS);
      table.append(String.format(" %s %.1f %% of %d;", kind, 100 * coverage, z.length));
      if (coverage < MIN_COVERAGE || coverage > MAX_COVERAGE) bad.add(kind);
    }
    System.out.println(table);
    assertTrue(bad.isEmpty(), "coverage outside 90-99 % for " + bad + "; " + table);
  }

  @Test
  void versionsIncreaseAndTimesAreTheChipsEmulatedTime() {
    assertEquals(1, first.snapshot().version());
    assertEquals(2, second.snapshot().version());
    assertEquals(UP, first.snapshot().time());
    assertEquals(UP.plusSeconds((long) DRIFT_SECONDS), second.snapshot().time());
    assertEquals("wukong72", second.snapshot().backend());
    assertTrue(first.chipSeconds() > 0 && first.shots() > 0);
  }
}
