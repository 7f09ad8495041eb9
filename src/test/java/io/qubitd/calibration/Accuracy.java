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
}
