package io.qubitd.kernel.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sampler's draws against the exact laws: the binomial's probability mass function from Commons
 * Math (an independent implementation) by a χ² goodness-of-fit test in every regime the sampler
 * switches between, and the multinomial's means, variances and covariances n·p_o(1 − p_o) and
 * −n·p_i·p_j. Seeds are fixed; every test rejects at the 0.1 % level, so a wrong law fails it.
 */
class OutcomeSamplerTest {

  @ParameterizedTest(name = "Binomial({0}, {1})")
  @CsvSource({
      "5, 0.4",        // inversion, a handful of trials
      "1000, 0.01",    // inversion, mean 10
      "60, 0.5",       // inversion at the switch, n·p = 30
      "1000, 0.97",    // the mirrored side by inversion, n·q = 30
      "1000, 0.3",     // BTPE, |y − m| ≤ 20 mostly: ratio by recurrence
      "1000, 0.8",     // BTPE on the mirrored side
      "100000, 0.4",   // BTPE far from the mode: squeeze and Stirling bound
      "31, 0.999"})    // nearly certain
  void binomialDrawsFollowTheBinomialLaw(int n, double p) {
    SplittableRandom rng = new SplittableRandom(n * 31L + Double.hashCode(p));
    int draws = 200_000;
    long[] seen = new long[n + 1];
    for (int i = 0; i < draws; i++) {
      int k = OutcomeSampler.binomial(n, p, rng);
      assertTrue(k >= 0 && k <= n, "draw " + k + " outside [0, " + n + "]");
      seen[k]++;
    }
    BinomialDistribution law = new BinomialDistribution(null, n, p);
    // bins of at least 20 expected draws: consecutive values, the tails pooled into their neighbours
    double chi2 = 0;
    int bins = 0;
    double expected = 0, observed = 0;
    for (int k = 0; k <= n; k++) {
      expected += draws * law.probability(k);
      observed += seen[k];
      boolean rest = draws * (1 - law.cumulativeProbability(k)) < 20;
      if (expected >= 20 && !rest || k == n) {
        chi2 += (observed - expected) * (observed - expected) / expected;
        bins++;
        expected = 0;
        observed = 0;
      }
    }
    assertTrue(bins >= 2, "only " + bins + " bins");
    double critical = new ChiSquaredDistribution(null, bins - 1).inverseCumulativeProbability(0.999);
    assertTrue(chi2 < critical, "χ² = " + chi2 + " over " + bins + " bins, critical " + critical);
  }

  @Test
  void multinomialCountsHaveTheMultinomialMomentsPerBinding() {
    // 16 outcomes of a 4-qubit measurement, 1,000 shots a binding, as the trainer draws them
    double[] p = {0.30, 0.0, 0.12, 0.001, 0.05, 0.07, 0.02, 0.004, 0.15, 0.03, 0.0, 0.08, 0.06, 0.015, 0.09, 0.01};
    double total = Arrays.stream(p).sum();
    for (int o = 0; o < p.length; o++) p[o] /= total;
    int shots = 1000, repeats = 40_000;
    SplittableRandom rng = new SplittableRandom(3);
    double[] sum = new double[16], sq = new double[16];
    double cross = 0;
    for (int r = 0; r < repeats; r++) {
      long[] c = OutcomeSampler.sample(p, shots, rng);
      assertEquals(shots, Arrays.stream(c).sum());
      for (int o = 0; o < 16; o++) {
        sum[o] += c[o];
        sq[o] += (double) c[o] * c[o];
      }
      cross += (double) c[0] * c[8];
    }
    for (int o = 0; o < 16; o++) {
      double mean = sum[o] / repeats, var = sq[o] / repeats - mean * mean;
      double wantVar = shots * p[o] * (1 - p[o]);
      if (p[o] == 0) {
        assertEquals(0, sum[o], "outcome " + o + " has probability 0");
        continue;
      }
      assertEquals(shots * p[o], mean, 4 * Math.sqrt(wantVar / repeats), "mean of outcome " + o);
      // the sample variance's own variance is ≈ (μ4 − σ⁴)/N, and a binomial's μ4 − σ⁴ ≤ 2σ⁴ + σ²
      assertEquals(wantVar, var, 4 * Math.sqrt((2 * wantVar * wantVar + wantVar) / repeats), "variance of outcome " + o);
    }
    double cov = cross / repeats - (sum[0] / repeats) * (sum[8] / repeats);
    double wantCov = -shots * p[0] * p[8];
    double sd = Math.sqrt(shots * p[0] * (1 - p[0]) * shots * p[8] * (1 - p[8]) / repeats);
    assertEquals(wantCov, cov, 4 * sd, "covariance of outcomes 0 and 8");
  }

  @Test
  void countsAreReproducibleFromTheSeed() {
    double[] p = new double[16];
    Arrays.fill(p, 1.0 / 16);
    SplittableRandom a = new SplittableRandom(9), b = new SplittableRandom(9), c = new SplittableRandom(10);
    long[] first = OutcomeSampler.sample(p, 1000, a);
    assertArrayEquals(first, OutcomeSampler.sample(p, 1000, b));
    assertFalse(Arrays.equals(first, OutcomeSampler.sample(p, 1000, c)), "another seed drew the same counts");
  }
}
