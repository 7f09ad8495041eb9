package io.qubitd.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.QubitTruth;
import io.qubitd.device.noise.NoiseOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Quick checks and qubit recalibration on grid2x3, against a truth changed by hand. */
class QuickCheckTest {
  static final ChipSpec SPEC = ChipSpec.load("grid2x3");
  static final CalibrationSettings S = CalibrationActorTest.LIGHT;
  static final int CHANGED = 4;
  /** T1 of qubit {@value #CHANGED} falls to this fraction: far beyond the 25 % quick-check threshold. */
  static final double T1_FACTOR = 0.5;

  static ChipTruth truth;
  static CalibrationOutcome calibrated;

  @BeforeAll
  static void calibrate() {
    truth = SPEC.sampleTruth(2);
    calibrated = Calibrator.fullCalibration(SPEC, new TruthExperimenter(truth, SPEC.durations(), NoiseOptions.all()), S, 5, null);
  }

  static ChipTruth withShorterT1(ChipTruth t, int q, double factor) {
    List<QubitTruth> qs = new ArrayList<>(t.qubits());
    QubitTruth x = qs.get(q);
    double t1 = x.t1() * factor;
    qs.set(q, new QubitTruth(q, t1, Math.min(x.t2(), 2 * t1), x.frequency(), x.gateError1q(), x.readoutP01(), x.readoutP10(),
        x.tls(), x.nominal()));
    return new ChipTruth(t.time() + 60, qs, t.couplers());
  }

  @Test
  void anUnchangedChipHasNothingDrifted() {
    QuickCheckResult r = Calibrator.quickCheck(SPEC, new TruthExperimenter(truth, SPEC.durations(), NoiseOptions.all()), S, 6, calibrated);
    assertEquals(Set.of(), r.drifted());
    for (QubitTruth q : truth.qubits()) assertEquals(q.t1(), r.t1().get(q.qubit()), 0.1 * q.t1(), "quick T1 of qubit " + q.qubit());
    assertTrue(r.shots() > 0 && r.chipSeconds() > 0);
  }

  @Test
  void aQubitWhoseT1FellIsFoundAndRecalibratedAlone() {
    ChipTruth changed = withShorterT1(truth, CHANGED, T1_FACTOR);
    var ex = new TruthExperimenter(changed, SPEC.durations(), NoiseOptions.all());
    QuickCheckResult r = Calibrator.quickCheck(SPEC, ex, S, 7, calibrated);
    assertEquals(Set.of(CHANGED), r.drifted());
    CalibrationOutcome redone = Calibrator.recalibrateQubits(SPEC, ex, S, 8, calibrated, r.drifted());
    assertEquals(2, redone.snapshot().version());
    double t1 = changed.qubit(CHANGED).t1();
    assertEquals(t1, redone.snapshot().qubit(CHANGED).t1(), 0.1 * t1);
    for (int q = 0; q < truth.qubits().size(); q++) {
      if (q != CHANGED) assertEquals(calibrated.snapshot().qubit(q), redone.snapshot().qubit(q), "qubit " + q + " untouched");
    }
    assertEquals(calibrated.snapshot().couplers(), redone.snapshot().couplers());
    assertTrue(redone.tlsQubits().contains(CHANGED), "a halved T1 is a TLS-sized fall");
  }

  @Test
  void checksNeedAPreviousCalibrationAndQubitsOnTheChip() {
    var ex = new TruthExperimenter(truth, SPEC.durations(), NoiseOptions.all());
    assertThrows(IllegalArgumentException.class, () -> Calibrator.quickCheck(SPEC, ex, S, 1, null));
    var e = assertThrows(IllegalArgumentException.class, () -> Calibrator.recalibrateQubits(SPEC, ex, S, 1, calibrated, Set.of(6)));
    assertTrue(e.getMessage().contains("qubit 6"), e.getMessage());
    ChipSpec other = ChipSpec.load("wukong72");
    e = assertThrows(IllegalArgumentException.class, () -> Calibrator.fullCalibration(other, ex, S, 1, calibrated));
    assertTrue(e.getMessage().contains("grid2x3") && e.getMessage().contains("wukong72"), e.getMessage());
  }
}
