package io.qubitd.calibration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.noise.NoiseOptions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The error bars shrink with the shot budget as shot noise does: four times the shots of every
 * experiment, half the standard error (1/√4) and half the actual deviation from the truth.
 */
class ShotBudgetTest {
  static final ChipSpec SPEC = ChipSpec.load("grid2x3");
  static final CalibrationSettings BASE = CalibrationSettings.defaults();
  static final int FACTOR = 4;
  /** Geometric-mean ratio of standard errors per kind: 0.5 expected; a kind has only 6 or 7 values, each error bar itself estimated. */
  static final double MIN_RATIO = 0.35, MAX_RATIO = 0.7;

  static ChipTruth truth;
  static CalibrationOutcome base, more;

  @BeforeAll
  static void calibrateWithTwoBudgets() {
    truth = SPEC.sampleTruth(3);
    base = Calibrator.fullCalibration(SPEC, new TruthExperimenter(truth, SPEC.durations(), NoiseOptions.all()), BASE, 21, null);
    CalibrationSettings s = BASE;
    CalibrationSettings four = new CalibrationSettings(FACTOR * s.readoutShots(), FACTOR * s.sweepShots(), s.coarsePoints(),
        s.t1Points(), s.echoPoints(), s.ramseyPoints(), s.rbSequences(), FACTOR * s.rbShots(), s.rbMaxLength(), s.xebDepths(),
        s.xebCircuits(), FACTOR * s.xebShots(), s.quickShots(), s.minT1(), s.minT2(), s.maxReadoutError(), s.max1qError(),
        s.maxCzError(), s.tlsT1Drop(), s.quickT1Drift(), s.quickReadoutDrift());
    more = Calibrator.fullCalibration(SPEC, new TruthExperimenter(truth, SPEC.durations(), NoiseOptions.all()), four, 22, null);
  }

  @Test
  void fourTimesTheShotsHalveEveryKindsStandardError() {
    StringBuilder ratios = new StringBuilder();
    boolean ok = true;
    for (String kind : Accuracy.KINDS) {
      double[] a = stderrs(base, kind), b = stderrs(more, kind);
      double logSum = 0;
      for (int i = 0; i < a.length; i++) logSum += Math.log(b[i] / a[i]);
      double ratio = Math.exp(logSum / a.length);
      ratios.append(String.format(" %s %.2f;", kind, ratio));
      ok &= ratio >= MIN_RATIO && ratio <= MAX_RATIO;
    }
    System.out.println("standard error with 4x shots / with 1x:" + ratios);
    assertTrue(ok, "standard errors should about halve:" + ratios);
  }

  @Test
  void fourTimesTheShotsHalveTheDeviationFromTheTruth() {
    // Deviations in units of the 1x standard error, pooled over every kind: RMS about 1, then about 1/2.
    double sum1 = 0, sum4 = 0;
    int n = 0;
    for (String kind : Accuracy.KINDS) {
      double[] e1 = stderrs(base, kind);
      double[] z1 = Accuracy.zScores(base.snapshot(), truth, kind), z4 = Accuracy.zScores(more.snapshot(), truth, kind);
      double[] e4 = stderrs(more, kind);
      for (int i = 0; i < z1.length; i++) {
        sum1 += z1[i] * z1[i];
        double deviation4 = z4[i] * e4[i];
        sum4 += (deviation4 / e1[i]) * (deviation4 / e1[i]);
        n++;
      }
    }
    double ratio = Math.sqrt(sum4 / sum1);
    System.out.printf("RMS deviation from the truth with 4x shots / with 1x: %.2f over %d values%n", ratio, n);
    assertTrue(ratio > MIN_RATIO && ratio < MAX_RATIO, "deviation ratio " + ratio);
  }

  /** The standard errors of one kind, in the order {@link Accuracy#zScores} lists the values. */
  private static double[] stderrs(CalibrationOutcome o, String kind) {
    var s = o.snapshot();
    List<Double> out = new java.util.ArrayList<>();
    for (var q : s.qubits()) {
      var e = q.stderr();
      switch (kind) {
        case "t1" -> out.add(e.t1());
        case "t2_star" -> out.add(e.t2Star());
        case "t2" -> out.add(e.t2());
        case "frequency" -> out.add(e.frequency());
        case "readout_p01" -> out.add(e.readoutP01());
        case "readout_p10" -> out.add(e.readoutP10());
        case "gate_error" -> out.add(e.gateError());
        default -> { }
      }
    }
    for (int c = 0; c < s.couplers().size(); c++) {
      if (kind.equals("cz_error") && truth.couplers().get(c).alive()) out.add(s.coupler(c).stderr().czError());
      if (kind.equals("residual_zz")) out.add(s.coupler(c).stderr().residualZz());
    }
    double[] v = out.stream().mapToDouble(Double::doubleValue).toArray();
    assertTrue(Arrays.stream(v).allMatch(x -> x > 0 && Double.isFinite(x)), kind + " standard errors must be positive: " + Arrays.toString(v));
    return v;
  }
}
