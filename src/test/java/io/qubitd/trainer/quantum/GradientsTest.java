package io.qubitd.trainer.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Adjoint and parameter-shift gradients against central finite differences of the exact forward pass. */
class GradientsTest {
  static final double GRADIENT = 1e-6;
  static final double H = 1e-5;
  static final IdealSimulator SIM = new IdealSimulator(KernelSettings.defaults());

  final LayerAnsatz ansatz = new LayerAnsatz(3, 2);
  final SplittableRandom rng = new SplittableRandom(2025);
  final double[][] u = {ExactQuantumLayerTest.random(rng, 3), ExactQuantumLayerTest.random(rng, 3)};
  final double[] theta = ExactQuantumLayerTest.random(rng, ansatz.numParameters());
  final double[][] gradOut = {ExactQuantumLayerTest.random(rng, 3), ExactQuantumLayerTest.random(rng, 3)};

  /** L = Σ_b Σ_i gradOut[b][i] ⟨Z_i⟩_b, whose gradient is the vector–Jacobian product. */
  double loss(double[][] uu, double[] tt) {
    double[][] z = new ExactQuantumLayer(ansatz).forward(uu, tt);
    double l = 0;
    for (int b = 0; b < z.length; b++) for (int i = 0; i < z[b].length; i++) l += gradOut[b][i] * z[b][i];
    return l;
  }

  QuantumLayer.Gradients finiteDifferences() {
    double[] gt = new double[theta.length];
    for (int k = 0; k < theta.length; k++) {
      double[] p = theta.clone(), m = theta.clone();
      p[k] += H;
      m[k] -= H;
      gt[k] = (loss(u, p) - loss(u, m)) / (2 * H);
    }
    double[][] gu = new double[u.length][3];
    for (int b = 0; b < u.length; b++) {
      for (int i = 0; i < 3; i++) {
        double[][] p = {u[0].clone(), u[1].clone()}, m = {u[0].clone(), u[1].clone()};
        p[b][i] += H;
        m[b][i] -= H;
        gu[b][i] = (loss(p, theta) - loss(m, theta)) / (2 * H);
      }
    }
    return new QuantumLayer.Gradients(gu, gt);
  }

  static void assertGradientsEqual(QuantumLayer.Gradients expected, QuantumLayer.Gradients actual, double tol) {
    for (int k = 0; k < expected.theta().length; k++) assertEquals(expected.theta()[k], actual.theta()[k], tol, "theta " + k);
    for (int b = 0; b < expected.input().length; b++) {
      for (int i = 0; i < expected.input()[b].length; i++) {
        assertEquals(expected.input()[b][i], actual.input()[b][i], tol, "u[" + b + "][" + i + "]");
      }
    }
  }

  @Test
  void adjointGradientsMatchFiniteDifferences() {
    ExactQuantumLayer layer = new ExactQuantumLayer(ansatz);
    assertGradientsEqual(finiteDifferences(), layer.backward(u, theta, gradOut), GRADIENT);
    assertEquals(2, layer.circuitsEvaluated(), "one circuit per row for the adjoint sweep");
  }

  @Test
  void parameterShiftGradientsMatchFiniteDifferences() {
    AtomicLong evaluated = new AtomicLong();
    ExpectationEstimator exact = new ExactEstimator(SIM);
    ExpectationEstimator counting = cs -> {
      evaluated.addAndGet(cs.size());
      return exact.zExpectations(cs);
    };
    assertGradientsEqual(finiteDifferences(), ParameterShiftGradients.compute(ansatz, counting, u, theta, gradOut), GRADIENT);
    assertEquals(2L * 14 * 3 * 2, evaluated.get(), "14·r·L shifted circuits per row");
  }

  @Test
  void theFourTermRuleIsExactForCrzWhereTheTwoTermRuleIsNot() {
    // f(θ) = ⟨Z_0⟩ on the CRZ's control after an RY: the two branches interfere through cos(θ/2), so f has
    // frequencies 1/2 and 1 and the two-term rule (exact for frequency 1 alone) is wrong
    LayerAnsatz a = new LayerAnsatz(2, 1);
    double[] uu = {1.1, 0.4};
    double[] t = {0.8, 0, 0.9, -0.5, 0, 0, 0, 0};
    double[] g = {1, 0};
    ExpectationEstimator exact = new ExactEstimator(SIM);
    DoubleUnaryOperator f = x -> {
      double[] tt = t.clone();
      tt[0] = x;
      return exact.zExpectations(List.of(a.circuit(uu, tt)))[0][0];
    };
    double fd = (f.applyAsDouble(t[0] + H) - f.applyAsDouble(t[0] - H)) / (2 * H);
    double twoTerm = 0.5 * (f.applyAsDouble(t[0] + Math.PI / 2) - f.applyAsDouble(t[0] - Math.PI / 2));
    double shift = ParameterShiftGradients.compute(a, exact, new double[][] {uu}, t, new double[][] {g}).theta()[0];
    assertEquals(fd, shift, GRADIENT);
    assertTrue(Math.abs(twoTerm - fd) > 1e-3,
        "the two-term rule should be wrong for CRZ here: " + twoTerm + " vs " + fd);
  }

  @Test
  void shiftRuleLayerCountsForwardAndGradientCircuits() {
    ShiftRuleLayer layer = new ShiftRuleLayer(ansatz, new ExactEstimator(SIM));
    layer.forward(u, theta);
    layer.backward(u, theta, gradOut);
    assertEquals(2 + 2L * ParameterShiftGradients.circuitsPerRow(ansatz), layer.circuitsEvaluated());
  }

  @Test
  void circuitsCarryNoMeasurementsSoEveryEstimatorDecidesHowToRead() {
    Circuit c = ansatz.circuit(u[0], theta);
    assertFalse(c.hasMeasurements());
  }
}
