package io.qubitd.calibration;

import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.QubitTruth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Compares a snapshot with the truth, value by value. */
final class Accuracy {
  private Accuracy() {}

  static double[] relativeErrors(CalibrationSnapshot s, ChipTruth t, String what) {
    List<Double> out = new ArrayList<>();
    for (QubitTruth q : t.qubits()) {
      CalibrationSnapshot.QubitCalibration m = s.qubit(q.qubit());
      double truth = switch (what) {
        case "t1" -> q.t1();
        case "t2" -> q.t2();
        case "1q" -> q.gateError1q();
        default -> throw new IllegalArgumentException(what);
      };
      double meas = switch (what) {
        case "t1" -> m.t1();
        case "t2" -> m.t2();
        default -> m.gateError();
      };
      out.add(Math.abs(meas / truth - 1));
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static double[] czRelativeErrors(CalibrationSnapshot s, ChipTruth t) {
    List<Double> out = new ArrayList<>();
    for (int c = 0; c < t.couplers().size(); c++) {
      CouplerTruth ct = t.couplers().get(c);
      if (!ct.alive()) continue;
      out.add(Math.abs(s.coupler(c).czError() / ct.czError() - 1));
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static double[] zzRelativeErrors(CalibrationSnapshot s, ChipTruth t) {
    double[] out = new double[t.couplers().size()];
    for (int c = 0; c < out.length; c++) out[c] = Math.abs(s.coupler(c).residualZz() / t.couplers().get(c).residualZzHz() - 1);
    return out;
  }

  /** Fraction of values at most {@code limit}. */
  static double fractionWithin(double[] v, double limit) {
    return Arrays.stream(v).filter(x -> x <= limit).count() / (double) v.length;
  }

  static double percentile(double[] v, double p) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[(int) Math.min(s.length - 1, Math.floor(p * s.length))];
  }

  static String summary(String name, double[] v) {
    return String.format("%s: median %.4f, p95 %.4f, max %.4f", name, percentile(v, 0.5), percentile(v, 0.95), percentile(v, 1.0));
  }

  /** The kinds of calibrated value that carry a standard error, as the snapshot JSON names them. */
  static final List<String> KINDS = List.of("t1", "t2_star", "t2", "frequency", "readout_p01", "readout_p10", "gate_error",
      "cz_error", "residual_zz");

  /**
   * |measured − true| / standard error of every value of one kind (infinite where the standard
   * error is missing or zero). CZ errors of dead couplers are left out: they have no gate to measure.
   * The truth's T2* is its T2 (the emulated dephasing is Markovian).
   */
  static double[] zScores(CalibrationSnapshot s, ChipTruth t, String kind) {
    List<Double> out = new ArrayList<>();
    for (QubitTruth q : t.qubits()) {
      CalibrationSnapshot.QubitCalibration m = s.qubit(q.qubit());
      CalibrationSnapshot.QubitStderr e = m.stderr();
      double[] v = switch (kind) {
        case "t1" -> new double[] {m.t1(), q.t1(), e.t1()};
        case "t2_star" -> new double[] {m.t2Star(), q.t2(), e.t2Star()};
        case "t2" -> new double[] {m.t2(), q.t2(), e.t2()};
        case "frequency" -> new double[] {m.frequency(), q.frequency(), e.frequency()};
        case "readout_p01" -> new double[] {m.readoutP01(), q.readoutP01(), e.readoutP01()};
        case "readout_p10" -> new double[] {m.readoutP10(), q.readoutP10(), e.readoutP10()};
        case "gate_error" -> new double[] {m.gateError(), q.gateError1q(), e.gateError()};
        default -> null;
      };
      if (v != null) out.add(z(v));
    }
    for (int c = 0; c < t.couplers().size(); c++) {
      CouplerTruth ct = t.couplers().get(c);
      CalibrationSnapshot.CouplerCalibration m = s.coupler(c);
      if (kind.equals("cz_error") && ct.alive()) out.add(z(new double[] {m.czError(), ct.czError(), m.stderr().czError()}));
      if (kind.equals("residual_zz")) out.add(z(new double[] {m.residualZz(), ct.residualZzHz(), m.stderr().residualZz()}));
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double z(double[] measuredTrueStderr) {
    double e = measuredTrueStderr[2];
    if (!(e > 0)) return Double.POSITIVE_INFINITY;
    double z = Math.abs(measuredTrueStderr[0] - measuredTrueStderr[1]) / e;
    return Double.isNaN(z) ? Double.POSITIVE_INFINITY : z;
  }
}
