package io.qubitd.kernel.batch;

import java.util.SplittableRandom;

/**
 * Shot counts drawn from outcome probabilities as one multinomial: each outcome's count is a binomial
 * of the shots not yet assigned, so the cost grows with the number of outcomes (times log shots),
 * not with the shots. Binomials are exact, by Knuth's beta-splitting recursion (TAOCP vol. 2,
 * 3.4.1 F) over Marsaglia–Tsang gamma variates.
 */
public final class OutcomeSampler {
  private OutcomeSampler() {}

  /** Below this many trials a binomial is drawn trial by trial. */
  private static final int DIRECT_TRIALS = 16;

  /**
   * counts[o] for {@code shots} draws from {@code p} (non-negative, normalised up to rounding; the
   * counts always sum to shots). Precondition: shots ≥ 0.
   */
  public static long[] sample(double[] p, int shots, SplittableRandom rng) {
    if (shots < 0) throw new IllegalArgumentException("shots must be >= 0, got " + shots);
    long[] counts = new long[p.length];
    double mass = 0;
    for (double x : p) mass += Math.max(0, x);
    int left = shots;
    int last = p.length - 1;
    while (last > 0 && !(p[last] > 0)) last--;
    for (int o = 0; o < last && left > 0; o++) {
      double q = Math.max(0, p[o]);
      double share = mass > 0 ? Math.min(1, q / mass) : 0;
      int k = binomial(left, share, rng);
      counts[o] = k;
      left -= k;
      mass -= q;
    }
    counts[last] += left;
    return counts;
  }

  /** One Binomial(n, p) variate. Precondition: n ≥ 0, 0 ≤ p ≤ 1. */
  public static int binomial(int n, double p, SplittableRandom rng) {
    if (p <= 0 || n == 0) return 0;
    if (p >= 1) return n;
    int k = 0;
    while (n > DIRECT_TRIALS) {
      int a = 1 + n / 2, b = n - a + 1;
      double ga = gamma(a, rng), x = ga / (ga + gamma(b, rng));
      // x is the a-th smallest of n uniforms: the trials below it are the first a − 1
      if (x >= p) {
        n = a - 1;
        p = p / x;
      } else {
        k += a;
        n = b - 1;
        p = (p - x) / (1 - x);
      }
    }
    for (int i = 0; i < n; i++) if (rng.nextDouble() < p) k++;
    return k;
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang (2000). Precondition: shape ≥ 1. */
  static double gamma(double shape, SplittableRandom rng) {
    double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x, v;
      do {
        x = rng.nextGaussian();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = rng.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }
}
