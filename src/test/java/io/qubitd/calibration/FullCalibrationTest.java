package io.qubitd.calibration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.QubitTruth;
import io.qubitd.device.noise.NoiseOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FullCalibrationTest {
  static final ChipSpec SPEC = ChipSpec.load("wukong72");
  static ChipTruth truth;
  static CalibrationOutcome outcome;

  @BeforeAll
  static void calibrate() {
    truth = SPEC.sampleTruth();
    long t0 = System.nanoTime();
    outcome = Calibrator.fullCalibration(SPEC, new TruthExperimenter(truth, SPEC.durations(), NoiseOptions.all()),
        CalibrationSettings.defaults(), 42, null);
    System.out.printf("full calibration: %.1f s wall, %.3f s chip, %d shots%n", (System.nanoTime() - t0) / 1e9, outcome.chipSeconds(), outcome.shots());
  }

  @Test
  void report() {
    var s = outcome.snapshot();
    System.out.println(Accuracy.summary("T1", Accuracy.relativeErrors(s, truth, "t1", SPEC.durations())));
    System.out.println(Accuracy.summary("T2", Accuracy.relativeErrors(s, truth, "t2", SPEC.durations())));
    System.out.println(Accuracy.summary("1q", Accuracy.relativeErrors(s, truth, "1q", SPEC.durations())));
    System.out.println(Accuracy.summary("CZ", Accuracy.czRelativeErrors(s, truth, SPEC.durations())));
    double worstF = 0, worstRo = 0;
    for (QubitTruth q : truth.qubits()) {
      var m = s.qubit(q.qubit());
      worstF = Math.max(worstF, Math.abs(m.frequency() - q.frequency()));
      worstRo = Math.max(worstRo, Math.max(Math.abs(m.readoutP01() - q.readoutP01()), Math.abs(m.readoutP10() - q.readoutP10())));
    }
    for (QubitTruth q : truth.qubits()) {
      if (Math.abs(s.qubit(q.qubit()).gateError() / Accuracy.effective1qError(q, SPEC.durations()) - 1) < 0.15 && Math.abs(s.qubit(q.qubit()).t2() / q.t2() - 1) < 0.1) continue;
      var m = s.qubit(q.qubit());
      System.out.printf("q%d T1 %.3f/%.3f T2 %.3f/%.3f e %.5f/%.5f (stated %.5f)%n", q.qubit(), m.t1()*1e6, q.t1()*1e6, m.t2()*1e6, q.t2()*1e6,
          m.gateError(), Accuracy.effective1qError(q, SPEC.durations()), q.gateError1q());
    }
    for (int c = 0; c < 126; c++) {
      if (Math.abs(s.coupler(c).czError() / Accuracy.effectiveCzError(truth.couplers().get(c), truth, SPEC.durations()) - 1) < 0.2) continue;
      System.out.printf("c%d cz %.4f/%.4f (stated %.4f)%n", c, s.coupler(c).czError(), Accuracy.effectiveCzError(truth.couplers().get(c), truth, SPEC.durations()), truth.couplers().get(c).czError());
    }
    System.out.println("freq worst " + worstF + " Hz, readout worst " + worstRo);
    for (int c = 0; c < truth.couplers().size(); c++) {
      if (!truth.couplers().get(c).alive()) System.out.println("dead " + c + " measured " + s.coupler(c));
    }
    assertTrue(true);
  }
}
