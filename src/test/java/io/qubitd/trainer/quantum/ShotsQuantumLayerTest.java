package io.qubitd.trainer.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sampled expectations and gradients within their statistical error of the exact values. */
class ShotsQuantumLayerTest {
  static final IdealSimulator SIM = new IdealSimulator(KernelSettings.defaults());
  static final int SHOTS = 4000;
  static final double SIGMAS = 4;

  @Test
  void sampledExpectationsAreWithinFourSigmaOfExact() {
    LayerAnsatz a = new LayerAnsatz(3, 2);
    SplittableRandom rng = new SplittableRandom(7);
    double[][] u = new double[6][];
    for (int b = 0; b < u.length; b++) u[b] = ExactQuantumLayerTest.random(rng, 3);
    double[] theta = ExactQuantumLayerTest.random(rng, a.numParameters());
    double[][] exact = new ExactQuantumLayer(a).forward(u, theta);
    ShiftRuleLayer shots = new ShiftRuleLayer(a, new ShotsEstimator(SIM, SHOTS, 99));
    double[][] sampled = shots.forward(u, theta);
    for (int b = 0; b < u.length; b++) {
      for (int i = 0; i < 3; i++) {
        // a ±1 variable with mean z has variance 1 − z²
        double sigma = Math.sqrt(Math.max(1 - exact[b][i] * exact[b][i], 1e-12) / SHOTS);
        assertEquals(exact[b][i], sampled[b][i], SIGMAS * sigma + 1e-12, "row " + b + " qubit " + i);
      }
    }
    assertEquals(6, shots.circuitsEvaluated());
  }

  @Test
  void sampledGradientsAreNearTheAdjointOnes() {
    LayerAnsatz a = new LayerAnsatz(2, 1);
    SplittableRandom rng = new SplittableRandom(8);
    double[][] u = {ExactQuantumLayerTest.random(rng, 2)};
    double[] theta = ExactQuantumLayerTest.random(rng, a.numParameters());
    double[][] g = {{1, -0.5}};
    QuantumLayer.Gradients exact = new ExactQuantumLayer(a).backward(u, theta, g);
    QuantumLayer.Gradients sampled = new ShiftRuleLayer(a, new ShotsEstimator(SIM, SHOTS, 5)).backward(u, theta, g);
    // a derivative is Σ_j c_j·(g·Z)_j over independent circuits, Σ c_j² ≤ ½ (RY ½, CRZ 2(d₊² + d₋²) = 3/8),
    // and one circuit's g·Z has σ ≤ (|g_0| + |g_1|)/√shots
    double bound = SIGMAS * Math.sqrt(0.5) * 1.5 / Math.sqrt(SHOTS);
    for (int k = 0; k < theta.length; k++) assertEquals(exact.theta()[k], sampled.theta()[k], bound, "theta " + k);
    for (int i = 0; i < 2; i++) assertEquals(exact.input()[0][i], sampled.input()[0][i], bound, "u " + i);
  }
}
