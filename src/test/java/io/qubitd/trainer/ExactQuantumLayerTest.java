package io.qubitd.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qubitd.trainer.quantum.QuantumLayer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The test-only reference layer itself: textbook values, and its adjoint gradients against finite differences. */
class ExactQuantumLayerTest {
  private static final double EXACT = 1e-12;
  private static final double FD_STEP = 1e-5;
  private static final double FD_TOL = 1e-8;

  @Test
  void withZeroAnglesEachQubitReadsCosineOfItsEncoding() {
    // RY(u) on |0⟩ gives ⟨Z⟩ = cos u; CRZ(0) and RY(0) are identities.
    ExactQuantumLayer q = new ExactQuantumLayer(3, 1);
    double[] u = {0.3, -1.1, 2.0};
    double[] z = q.forward(new double[][] {u}, new double[12])[0];
    for (int i = 0; i < 3; i++) assertEquals(Math.cos(u[i]), z[i], EXACT);
  }

  @Test
  void trailingRotationAddsToTheEncodingAngle() {
    // With every CRZ angle 0 the qubits stay independent, and the last RY adds to the encoding angle: cos(u + θ).
    ExactQuantumLayer q = new ExactQuantumLayer(2, 1);
    double[] theta = new double[8];
    theta[6] = 0.4;
    theta[7] = -0.9;
    double[] z = q.forward(new double[][] {{0.5, 1.2}}, theta)[0];
    assertEquals(Math.cos(0.5 + 0.4), z[0], EXACT);
    assertEquals(Math.cos(1.2 - 0.9), z[1], EXACT);
  }

  @Test
  void adjointGradientsMatchFiniteDifferences() {
    ExactQuantumLayer q = new ExactQuantumLayer(3, 2);
    Random rnd = new Random(3);
    double[][] u = new double[2][3];
    double[] theta = new double[q.numParameters()];
    double[][] w = new double[2][3];
    for (int n = 0; n < 2; n++) for (int i = 0; i < 3; i++) { u[n][i] = rnd.nextGaussian(); w[n][i] = rnd.nextGaussian(); }
    for (int i = 0; i < theta.length; i++) theta[i] = rnd.nextGaussian();
    QuantumLayer.Gradients g = q.backward(u, theta, w);
    for (int n = 0; n < 2; n++) {
      for (int i = 0; i < 3; i++) {
        double[][] up = copy(u);
        double[][] dn = copy(u);
        up[n][i] += FD_STEP;
        dn[n][i] -= FD_STEP;
        assertEquals((weighted(q, up, theta, w) - weighted(q, dn, theta, w)) / (2 * FD_STEP), g.input()[n][i], FD_TOL, "du[" + n + "][" + i + "]");
      }
    }
    for (int k = 0; k < theta.length; k++) {
      double[] tp = theta.clone();
      double[] tm = theta.clone();
      tp[k] += FD_STEP;
      tm[k] -= FD_STEP;
      assertEquals((weighted(q, u, tp, w) - weighted(q, u, tm, w)) / (2 * FD_STEP), g.theta()[k], FD_TOL, "dθ[" + k + "]");
    }
  }

  private static double weighted(ExactQuantumLayer q, double[][] u, double[] theta, double[][] w) {
    double[][] z = q.forward(u, theta);
    double s = 0;
    for (int n = 0; n < z.length; n++) for (int i = 0; i < z[n].length; i++) s += w[n][i] * z[n][i];
    return s;
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
    return c;
  }
}
