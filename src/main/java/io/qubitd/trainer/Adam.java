package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Adam (Kingma and Ba) with bias correction, one rule for DJL parameters and for the quantum
 * angles held as plain numbers, with its moments kept so that a checkpoint can hold them. The
 * learning rate follows a schedule of the step number (so a resumed run continues it exactly).
 */
final class Adam {
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPSILON = 1e-8;

  private final IntToDoubleFunction schedule;
  private final double angleRateScale;
  private final List<Parameter> params;
  private final List<NDArray> first = new ArrayList<>();
  private final List<NDArray> second = new ArrayList<>();
  private final List<double[]> angles;
  private final List<double[]> angleGradients;
  private final List<double[]> angleFirst = new ArrayList<>();
  private final List<double[]> angleSecond = new ArrayList<>();
  private int t;

  /**
   * The rate of step t (1, 2, …): linear warm-up over {@code warmup} steps to {@code peak}, then a
   * cosine decay to a tenth of it at step {@code total} (and a tenth after).
   */
  static IntToDoubleFunction warmupCosine(double peak, int warmup, int total) {
    return t -> {
      if (t <= warmup) return peak * t / warmup;
      double progress = Math.min(1.0, (double) (t - warmup) / Math.max(1, total - warmup));
      return peak * (0.1 + 0.45 * (1 + Math.cos(Math.PI * progress)));
    };
  }

  /** Params must be initialised and require gradients; angles[i] is updated with angleGradients[i]. */
  Adam(IntToDoubleFunction schedule, List<Parameter> params, List<double[]> angles, List<double[]> angleGradients,
       NDManager m) {
    this(schedule, params, angles, angleGradients, m, 1.0);
  }

  /** As above, the angles at {@code angleRateScale} times the schedule's rate. */
  Adam(IntToDoubleFunction schedule, List<Parameter> params, List<double[]> angles, List<double[]> angleGradients,
       NDManager m, double angleRateScale) {
    this.angleRateScale = angleRateScale;
    this.schedule = schedule;
    this.params = List.copyOf(params);
    this.angles = List.copyOf(angles);
    this.angleGradients = List.copyOf(angleGradients);
    for (Parameter p : params) {
      first.add(m.zeros(p.getShape(), p.getArray().getDataType()));
      second.add(m.zeros(p.getShape(), p.getArray().getDataType()));
    }
    for (double[] a : angles) {
      angleFirst.add(new double[a.length]);
      angleSecond.add(new double[a.length]);
    }
  }

  /** Arrays that live across steps (for scoping each step's temporaries). */
  List<NDArray> state() {
    List<NDArray> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  int steps() { return t; }

  /** One update from the gradients now held by the parameters and the angle-gradient arrays. */
  void step() {
    t++;
    double c1 = 1 - Math.pow(BETA1, t);
    double c2 = 1 - Math.pow(BETA2, t);
    double learningRate = schedule.applyAsDouble(t);
    for (int i = 0; i < params.size(); i++) {
      NDArray w = params.get(i).getArray();
      NDArray g = w.getGradient();
      NDArray m = first.get(i).muli(BETA1).addi(g.mul(1 - BETA1));
      NDArray v = second.get(i).muli(BETA2).addi(g.square().muli(1 - BETA2));
      w.subi(m.div(c1).divi(v.div(c2).sqrt().addi(EPSILON)).muli(learningRate));
    }
    for (int i = 0; i < angles.size(); i++) {
      double[] w = angles.get(i);
      double[] g = angleGradients.get(i);
      double[] m = angleFirst.get(i);
      double[] v = angleSecond.get(i);
      for (int j = 0; j < w.length; j++) {
        m[j] = BETA1 * m[j] + (1 - BETA1) * g[j];
        v[j] = BETA2 * v[j] + (1 - BETA2) * g[j] * g[j];
        w[j] -= angleRateScale * learningRate * (m[j] / c1) / (Math.sqrt(v[j] / c2) + EPSILON);
      }
    }
  }

  void save(DataOutputStream out) throws IOException {
    out.writeInt(t);
    for (int i = 0; i < params.size(); i++) {
      ParameterFiles.write(out, "m:" + params.get(i).getName(), NdArrays.toDoubles(first.get(i)));
      ParameterFiles.write(out, "v:" + params.get(i).getName(), NdArrays.toDoubles(second.get(i)));
    }
    for (int i = 0; i < angles.size(); i++) {
      ParameterFiles.write(out, "m:theta" + i, angleFirst.get(i));
      ParameterFiles.write(out, "v:theta" + i, angleSecond.get(i));
    }
  }

  void load(DataInputStream in) throws IOException {
    t = in.readInt();
    for (int i = 0; i < params.size(); i++) {
      int n = Math.toIntExact(first.get(i).size());
      NdArrays.set(first.get(i), ParameterFiles.read(in, "m:" + params.get(i).getName(), n));
      NdArrays.set(second.get(i), ParameterFiles.read(in, "v:" + params.get(i).getName(), n));
    }
    for (int i = 0; i < angles.size(); i++) {
      int n = angleFirst.get(i).length;
      System.arraycopy(ParameterFiles.read(in, "m:theta" + i, n), 0, angleFirst.get(i), 0, n);
      System.arraycopy(ParameterFiles.read(in, "v:theta" + i, n), 0, angleSecond.get(i), 0, n);
    }
  }
}
