package io.qubitd.calibration;

import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.GateDurations;
import io.qubitd.device.QubitTruth;
import io.qubitd.device.noise.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares a snapshot with the truth. The reference error of a gate is the larger of its stated
 * error and the error that T1 and T2 alone cause over its duration: the noise model never adds
 * less than decay (it sizes depolarizing to the stated error and cannot go negative), so that is
 * the physical error of the emulated gate.
 */
final class Accuracy {
  private Accuracy() {}

  static double effective1qError(QubitTruth q, GateDurations d) {
    return Math.max(q.gateError1q(), Calibrator.decayError(d.oneQubit(), q.t1(), q.t2()));
  }

  static double effectiveCzError(CouplerTruth c, ChipTruth truth, GateDurations d) {
    QubitTruth a = truth.qubit(c.a()), b = truth.qubit(c.b());
    double fe = Channels.decayTransferTrace(d.twoQubit(), a.t1(), a.t2()) * Channels.decayTransferTrace(d.twoQubit(), b.t1(), b.t2()) / 16;
    return Math.max(c.czError(), 0.8 * (1 - fe));
  }

  static double[] relativeErrors(CalibrationSnapshot s, ChipTruth t, String what, GateDurations d) {
    List<Double> out = new ArrayList<>();
    for (QubitTruth q : t.qubits()) {
      CalibrationSnapshot.QubitCalibration m = s.qubit(q.qubit());
      double truth = switch (what) {
        case "t1" -> q.t1();
        case "t2" -> q.t2();
        case "1q" -> effective1qError(q, d);
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

  static double[] czRelativeErrors(CalibrationSnapshot s, ChipTruth t, GateDurations d) {
    List<Double> out = new ArrayList<>();
    for (int c = 0; c < t.couplers().size(); c++) {
      CouplerTruth ct = t.couplers().get(c);
      if (!ct.alive()) continue;
      out.add(Math.abs(s.coupler(c).czError() / effectiveCzError(ct, t, d) - 1));
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
