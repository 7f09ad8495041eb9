package io.qubitd.trainer.quantum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The shots mode (bindings of the family sampled from exact states, {@link ShotsFamilyEvaluator}) held
 * against exact expectations of the general kernel ({@link ExactEstimator}, an independent simulator):
 * unbiased, with the binomial spread of {@code shots} ±1 samples, and gradients within their error.
 */
class ShotsQuantumLayerTest {
  static final IdealSimulator SIM = new IdealSimulator(KernelSettings.defaults());
  static final double SIGMAS = 4;

  @Test
  void shotEstimatesAreUnbiasedWithTheBinomialSpread() {
    LayerAnsatz a = new LayerAnsatz(4, 2);
    SplittableRandom rng = new SplittableRandom(7);
    int rows = 5, repeats = 300, shots = 1000;
    double[][] u = new double[rows][];
    for (int b = 0; b < rows; b++) u[b] = ExactQuantumLayerTest.random(rng, 4);
    double[] theta = ExactQuantumLayerTest.random(rng, a.numParameters());
    List<Circuit> circuits = new ArrayList<>();
    List<double[]> bindings = new ArrayList<>();
    for (double[] row : u) circuits.add(a.circuit(row, theta));
    for (int k = 0; k < repeats; k++) for (double[] row : u) bindings.add(a.stepAngles(row, theta));
    double[][] exact = new ExactEstimator(SIM).zExpectations(circuits);
    double[][] z = new ShotsFamilyEvaluator(a, shots, 11).zExpectations(bindings);
    for (int b = 0; b < rows; b++) {
      for (int i = 0; i < 4; i++) {
        double sum = 0, squares = 0;
        for (int k = 0; k < repeats; k++) {
          double x = z[k * rows + b][i];
          // an estimate from `shots` ±1 samples is a multiple of 2/shots
          assertEquals(Math.rint(x * shots / 2), x * shots / 2, 1e-9, "row " + b + " qubit " + i);
          sum += x;
          squares += x * x;
        }
        double mean = sum / repeats;
        double variance = (squares - repeats * mean * mean) / (repeats - 1);
        // a ±1 variable with mean z has variance 1 − z²; one estimate averages `shots` of them
        double perEstimate = (1 - exact[b][i] * exact[b][i]) / shots;
        assertEquals(exact[b][i], mean, SIGMAS * Math.sqrt(perEstimate / repeats) + 1e-12, "mean, row " + b + " qubit " + i);
        // the sample variance of n normal-ish values has relative s.d. √(2/(n−1)) ≈ 0.08
        assertEquals(perEstimate, variance, SIGMAS * Math.sqrt(2.0 / (repeats - 1)) * perEstimate + 1e-12,
            "spread, row " + b + " qubit " + i);
      }
    }
  }

  @Test
  void runsAreReproducibleFromTheSeed() {
    LayerAnsatz a = new LayerAnsatz(3, 1);
    SplittableRandom rng = new SplittableRandom(3);
    double[] theta = ExactQuantumLayerTest.random(rng, a.numParameters());
    List<double[]> bindings = new ArrayList<>();
    // more than one chunk, so chunks run in parallel
    for (int k = 0; k < 3 * ShotsFamilyEvaluator.CHUNK + 5; k++) bindings.add(a.stepAngles(ExactQuantumLayerTest.random(rng, 3), theta));
    double[][] first = new ShotsFamilyEvaluator(a, 500, 21).zExpectations(bindings);
    double[][] second = new ShotsFamilyEvaluator(a, 500, 21).zExpectations(bindings);
    double[][] other = new ShotsFamilyEvaluator(a, 500, 22).zExpectations(bindings);
    int differ = 0;
    for (int b = 0; b < first.length; b++) {
      assertArrayEquals(first[b], second[b], "binding " + b);
      if (!Arrays.equals(first[b], other[b])) differ++;
    }
    assertTrue(differ > first.length / 2, "another seed draws other counts: " + differ + " of " + first.length + " differ");
  }

  @Test
  void shotsModeIsTheFamilyPathAndShiftGradientsAreNearTheAdjointOnes() {
    LayerAnsatz a = new LayerAnsatz(2, 1);
    int shots = 4000;
    SplittableRandom rng = new SplittableRandom(8);
    double[][] u = {ExactQuantumLayerTest.random(rng, 2)};
    double[] theta = ExactQuantumLayerTest.random(rng, a.numParameters());
    double[][] g = {{1, -0.5}};
    QuantumLayer layer = QuantumLayers.create("shots", 2, 1, QuantumSettings.defaults().withShots(shots), null, null,
        FamilyLayer.Gradient.CHIP_SHIFT);
    FamilyLayer family = assertInstanceOf(FamilyLayer.class, layer);
    QuantumLayer.Gradients exact = new ShiftRuleLayer(a, new ExactEstimator(SIM)).backward(u, theta, g);
    QuantumLayer.Gradients sampled = family.backward(u, theta, g);
    // a derivative is Σ_j c_j·(g·Z)_j over independent circuits, Σ c_j² ≤ ½ (RY ½, CRZ 2(d₊² + d₋²) = 3/8),
    // and one circuit's g·Z has σ ≤ (|g_0| + |g_1|)/√shots
    double bound = SIGMAS * Math.sqrt(0.5) * 1.5 / Math.sqrt(shots);
    for (int k = 0; k < theta.length; k++) assertEquals(exact.theta()[k], sampled.theta()[k], bound, "theta " + k);
    for (int i = 0; i < 2; i++) assertEquals(exact.input()[0][i], sampled.input()[0][i], bound, "u " + i);
    assertEquals(ParameterShiftGradients.circuitsPerRow(a), family.rowsRequested());
  }

  @Test
  void zeroShotsAreRefusedNamingTheSetting() {
    var e = assertThrows(IllegalArgumentException.class, () -> new ShotsFamilyEvaluator(new LayerAnsatz(2, 1), 0, 1));
    assertTrue(e.getMessage().contains("qubitd.trainer.quantum.shots"), e.getMessage());
  }
}
