package io.qubitd.trainer.quantum;

import io.qubitd.circuit.Circuit;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradients by the parameter-shift rule, from expectations of shifted circuits only, so the same
 * code runs on exact states, on shots and on hardware. RY(θ) = exp(−iθY/2) has generator
 * eigenvalues ±1/2 and the two-term rule ½[f(θ+π/2) − f(θ−π/2)]; CRZ(θ) has eigenvalues {0, ±1/2}
 * (two frequencies, 1/2 and 1) and needs the four-term rule
 * d₊[f(θ+π/2) − f(θ−π/2)] − d₋[f(θ+3π/2) − f(θ−3π/2)], d± = (√2 ± 1)/(4√2).
 * An input u_i feeds L RY gates; its derivative is the sum of the shifts of each occurrence.
 * All shifted circuits of a batch go to the estimator in one call.
 */
public final class ParameterShiftGradients {
  private ParameterShiftGradients() {}

  static final double[] RY_SHIFTS = {Math.PI / 2, -Math.PI / 2};
  static final double[] RY_COEFFICIENTS = {0.5, -0.5};
  private static final double D_PLUS = (Math.sqrt(2) + 1) / (4 * Math.sqrt(2));
  private static final double D_MINUS = (Math.sqrt(2) - 1) / (4 * Math.sqrt(2));
  static final double[] CRZ_SHIFTS = {Math.PI / 2, -Math.PI / 2, 3 * Math.PI / 2, -3 * Math.PI / 2};
  static final double[] CRZ_COEFFICIENTS = {D_PLUS, -D_PLUS, -D_MINUS, D_MINUS};

  /** Shifted circuits per row: 2 per RY step, 4 per CRZ step, 14·r·L in all. */
  public static int circuitsPerRow(LayerAnsatz ansatz) {
    int n = 0;
    for (LayerAnsatz.Step s : ansatz.steps()) n += shifts(s).length;
    return n;
  }

  /**
   * dL/du (batch × r) and dL/dθ (summed over rows) for dL/d⟨Z⟩ = gradOut, evaluating
   * batch · {@link #circuitsPerRow} circuits through {@code estimator}. Precondition: shapes as {@link LayerAnsatz#check}.
   */
  public static QuantumLayer.Gradients compute(LayerAnsatz ansatz, ExpectationEstimator estimator,
                                               double[][] u, double[] theta, double[][] gradOut) {
    ansatz.check(u, theta, gradOut);
    List<LayerAnsatz.Step> steps = ansatz.steps();
    List<Circuit> circuits = new ArrayList<>(u.length * circuitsPerRow(ansatz));
    for (double[] row : u) {
      for (int k = 0; k < steps.size(); k++) {
        for (double shift : shifts(steps.get(k))) circuits.add(ansatz.shifted(row, theta, k, shift));
      }
    }
    double[][] z = estimator.zExpectations(circuits);
    int r = ansatz.qubits();
    double[][] gradU = new double[u.length][r];
    double[] gradTheta = new double[ansatz.numParameters()];
    int c = 0;
    for (int b = 0; b < u.length; b++) {
      for (LayerAnsatz.Step s : steps) {
        double[] coefficients = coefficients(s);
        double contribution = 0;
        for (double coefficient : coefficients) {
          double[] zc = z[c++];
          for (int i = 0; i < r; i++) contribution += coefficient * gradOut[b][i] * zc[i];
        }
        if (s.input() >= 0) gradU[b][s.input()] += contribution;
        else gradTheta[s.parameter()] += contribution;
      }
    }
    return new QuantumLayer.Gradients(gradU, gradTheta);
  }

  private static double[] shifts(LayerAnsatz.Step s) {
    return s.rotation() == LayerAnsatz.Rotation.RY ? RY_SHIFTS : CRZ_SHIFTS;
  }

  private static double[] coefficients(LayerAnsatz.Step s) {
    return s.rotation() == LayerAnsatz.Rotation.RY ? RY_COEFFICIENTS : CRZ_COEFFICIENTS;
  }
}
