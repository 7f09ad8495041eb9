package io.qubitd.kernel.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The batched density matrix against closed forms, against itself unfused, and the multinomial sampler's statistics. */
class BatchedDensityMatrixTest {

  /** √X as a superoperator U ⊗ conj(U) in the index order of {@link BatchedDensityMatrix.Superoperator}. */
  static BatchedDensityMatrix.Superoperator sx(int q) {
    // SX = ½[[1+i, 1−i], [1−i, 1+i]]
    double[][] ur = {{0.5, 0.5}, {0.5, 0.5}}, ui = {{0.5, -0.5}, {-0.5, 0.5}};
    return unitary(ur, ui, new int[] {q});
  }

  static BatchedDensityMatrix.Superoperator unitary(double[][] ur, double[][] ui, int[] qubits) {
    int d = ur.length, dd = d * d;
    double[] re = new double[dd * dd], im = new double[dd * dd];
    for (int r2 = 0; r2 < d; r2++) for (int c2 = 0; c2 < d; c2++) for (int r = 0; r < d; r++) for (int c = 0; c < d; c++) {
      // S[(r2,c2),(r,c)] = U[r2][r] · conj(U[c2][c])
      double ar = ur[r2][r], ai = ui[r2][r], br = ur[c2][c], bi = -ui[c2][c];
      re[(r2 | c2 * d) * dd + (r | c * d)] = ar * br - ai * bi;
      im[(r2 | c2 * d) * dd + (r | c * d)] = ar * bi + ai * br;
    }
    return new BatchedDensityMatrix.Superoperator(qubits, re, im);
  }

  @Test
  void sxRzSxGivesCosineSquaredPerBindingWithReadoutError() {
    // SX·RZ(θ)·SX|0⟩ is |1⟩ with probability cos²(θ/2); readout flips 1→0 with p01 and 0→1 with p10
    double p01 = 0.03, p10 = 0.01;
    var program = new BatchedDensityMatrix.Program(1, 1,
        List.of(sx(0), new BatchedDensityMatrix.Phase(0, 0), sx(0)), new double[] {p01}, new double[] {p10});
    double[] theta = {0, 0.4, 1.3, Math.PI, 2.9, -2};
    double[][] p = BatchedDensityMatrix.probabilities(program, new double[][] {theta}, theta.length);
    for (int b = 0; b < theta.length; b++) {
      double one = Math.pow(Math.cos(theta[b] / 2), 2);
      assertEquals(one * (1 - p01) + (1 - one) * p10, p[b][1], 1e-14, "θ = " + theta[b]);
      assertEquals(1, p[b][0] + p[b][1], 1e-14);
    }
  }

  @Test
  void fusionChangesNothing() {
    // random unitaries and amplitude damping on 3 qubits, interleaved with phases; fused against unfused
    SplittableRandom rng = new SplittableRandom(5);
    List<BatchedDensityMatrix.Step> steps = new ArrayList<>();
    for (int k = 0; k < 40; k++) {
      int a = rng.nextInt(3), b = (a + 1 + rng.nextInt(2)) % 3;
      switch (rng.nextInt(4)) {
        case 0 -> steps.add(new BatchedDensityMatrix.Phase(a, rng.nextInt(2)));
        case 1 -> steps.add(randomUnitary(rng, new int[] {a}));
        case 2 -> steps.add(randomUnitary(rng, new int[] {a, b}));
        default -> steps.add(damping(a, rng.nextDouble() * 0.2));
      }
    }
    List<BatchedDensityMatrix.Step> fused = BatchedDensityMatrix.fuse(steps);
    assertTrue(fused.size() < steps.size(), "nothing fused");
    double[] none = new double[3];
    double[][] angles = {{0.1, 1.2, -0.7}, {2.0, -1.1, 0.3}};
    double[][] plain = BatchedDensityMatrix.probabilities(new BatchedDensityMatrix.Program(3, 2, steps, none, none), angles, 3);
    double[][] folded = BatchedDensityMatrix.probabilities(new BatchedDensityMatrix.Program(3, 2, fused, none, none), angles, 3);
    for (int b = 0; b < 3; b++) for (int o = 0; o < 8; o++) assertEquals(plain[b][o], folded[b][o], 1e-12);
  }

  @Test
  void badShapesAreRefusedWithTheShapes() {
    var program = new BatchedDensityMatrix.Program(1, 1, List.of(new BatchedDensityMatrix.Phase(0, 0)), new double[1], new double[1]);
    var e = assertThrows(IllegalArgumentException.class, () -> BatchedDensityMatrix.probabilities(program, new double[][] {{1, 2}}, 3));
    assertTrue(e.getMessage().contains("2 values for a batch of 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BatchedDensityMatrix.Program(1, 0,
        List.of(new BatchedDensityMatrix.Phase(0, 0)), new double[1], new double[1]));
  }

  @Test
  void binomialDrawsHaveTheBinomialMeanAndVariance() {
    SplittableRandom rng = new SplittableRandom(1);
    int n = 1000, draws = 20000;
    double p = 0.3, sum = 0, sq = 0;
    for (int i = 0; i < draws; i++) {
      int k = OutcomeSampler.binomial(n, p, rng);
      sum += k;
      sq += (double) k * k;
    }
    double mean = sum / draws, var = sq / draws - mean * mean;
    double wantVar = n * p * (1 - p);
    assertEquals(n * p, mean, 5 * Math.sqrt(wantVar / draws));
    // the variance of a sample variance is about 2σ⁴/N for a near-normal law
    assertEquals(wantVar, var, 5 * wantVar * Math.sqrt(2.0 / draws));
  }

  @Test
  void multinomialCountsPassAChiSquareTest() {
    SplittableRandom rng = new SplittableRandom(2);
    double[] p = new double[16];
    double total = 0;
    for (int o = 0; o < 16; o++) total += p[o] = 1 + o % 5;
    for (int o = 0; o < 16; o++) p[o] /= total;
    int shots = 100000;
    long[] counts = OutcomeSampler.sample(p, shots, rng);
    long sum = 0;
    double chi2 = 0;
    for (int o = 0; o < 16; o++) {
      sum += counts[o];
      double e = shots * p[o];
      chi2 += (counts[o] - e) * (counts[o] - e) / e;
    }
    assertEquals(shots, sum);
    // 15 degrees of freedom: P(χ² > 37.7) = 0.001
    assertTrue(chi2 < 37.7, "χ² = " + chi2);
  }

  static BatchedDensityMatrix.Superoperator randomUnitary(SplittableRandom rng, int[] qubits) {
    int d = 1 << qubits.length;
    // Gram–Schmidt on random complex columns
    double[][] re = new double[d][d], im = new double[d][d];
    for (int c = 0; c < d; c++) {
      for (int r = 0; r < d; r++) { re[r][c] = rng.nextGaussian(); im[r][c] = rng.nextGaussian(); }
      for (int k = 0; k < c; k++) {
        double dr = 0, di = 0;
        for (int r = 0; r < d; r++) {
          dr += re[r][k] * re[r][c] + im[r][k] * im[r][c];
          di += re[r][k] * im[r][c] - im[r][k] * re[r][c];
        }
        for (int r = 0; r < d; r++) {
          re[r][c] -= dr * re[r][k] - di * im[r][k];
          im[r][c] -= dr * im[r][k] + di * re[r][k];
        }
      }
      double norm = 0;
      for (int r = 0; r < d; r++) norm += re[r][c] * re[r][c] + im[r][c] * im[r][c];
      norm = Math.sqrt(norm);
      for (int r = 0; r < d; r++) { re[r][c] /= norm; im[r][c] /= norm; }
    }
    return unitary(re, im, qubits);
  }

  static BatchedDensityMatrix.Superoperator damping(int q, double gamma) {
    // ρ00 += γρ11, ρ11 *= 1−γ, coherences *= √(1−γ)
    double[] re = new double[16], im = new double[16];
    double s = Math.sqrt(1 - gamma);
    re[0] = 1;
    re[3] = gamma;
    re[5] = s;
    re[10] = s;
    re[15] = 1 - gamma;
    return new BatchedDensityMatrix.Superoperator(new int[] {q}, re, im);
  }
}
