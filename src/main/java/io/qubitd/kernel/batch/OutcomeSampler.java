package io.qubitd.kernel.batch;

import java.util.SplittableRandom;

/**
 * Shot counts drawn from outcome probabilities as one multinomial: each outcome's count is a binomial
 * of the shots not yet assigned (sequential conditional binomials), and each binomial costs O(1)
 * expected time whatever the shots, so a binding costs O(outcomes). Binomials with a small mean
 * (n·min(p, 1−p) ≤ 30) are drawn by inversion, walking the probabilities up from 0 (a few steps
 * about the mean); larger ones by Kachitvichyanukul and Schmeiser's BTPE rejection (Comm. ACM 31,
 * 1988), as numpy's {@code random.binomial} does. Both are exact draws from Binomial(n, p) except
 * that inversion gives up beyond mean + 10σ and draws again, which moves less than 10⁻²⁰ of mass.
 */
public final class OutcomeSampler {
  private OutcomeSampler() {}

  /** Up to this mean (of the rarer side) a binomial is drawn by inversion, above it by BTPE. */
  private static final double INVERSION_MEAN = 30;

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
    // draw the rarer side: both methods' cost grows with n·min(p, 1 − p)
    if (p <= 0.5) return n * p <= INVERSION_MEAN ? inversion(n, p, rng) : btpe(n, p, rng);
    double q = 1 - p;
    return n - (n * q <= INVERSION_MEAN ? inversion(n, q, rng) : btpe(n, q, rng));
  }

  /** Binomial(n, p) by inversion from 0. Precondition: 0 < p ≤ ½, n·p ≤ 30 (a few dozen steps at most). */
  private static int inversion(int n, double p, SplittableRandom rng) {
    double q = 1 - p;
    double p0 = Math.exp(n * Math.log1p(-p));
    double np = n * p;
    // rounding can leave u above the summed mass; a bound far in the tail restarts instead of running on
    int bound = (int) Math.min(n, np + 10 * Math.sqrt(np * q + 1));
    while (true) {
      double u = rng.nextDouble();
      double px = p0;
      int x = 0;
      while (u > px && x < bound) {
        u -= px;
        x++;
        px *= (n - x + 1) * p / (x * q);
      }
      if (u <= px) return x;
    }
  }

  /**
   * Binomial(n, p) by BTPE: a triangle, two parallelograms and two exponential tails over the
   * distribution, accepted against the exact ratio f(y)/f(m) (by recursion near the mode, by
   * Stirling-bounded logarithms far from it). Precondition: 0 < p ≤ ½, n·p > 30.
   */
  private static int btpe(int n, double p, SplittableRandom rng) {
    double q = 1 - p;
    double fm = n * p + p;
    int m = (int) Math.floor(fm);
    double nrq = n * p * q;
    double p1 = Math.floor(2.195 * Math.sqrt(nrq) - 4.6 * q) + 0.5;
    double xm = m + 0.5;
    double xl = xm - p1;
    double xr = xm + p1;
    double c = 0.134 + 20.5 / (15.3 + m);
    double a = (fm - xl) / (fm - xl * p);
    double laml = a * (1 + a / 2);
    a = (xr - fm) / (xr * q);
    double lamr = a * (1 + a / 2);
    double p2 = p1 * (1 + 2 * c);
    double p3 = p2 + c / laml;
    double p4 = p3 + c / lamr;
    while (true) {
      double u = rng.nextDouble() * p4;
      double v = rng.nextDouble();
      int y;
      if (u <= p1) {
        // the triangle: accepted at once
        return (int) Math.floor(xm - p1 * v + u);
      } else if (u <= p2) {
        // the parallelograms
        double x = xl + (u - p1) / c;
        v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
        if (v > 1) continue;
        y = (int) Math.floor(x);
      } else if (u <= p3) {
        // the left exponential tail
        if (v == 0) continue;
        double yl = Math.floor(xl + Math.log(v) / laml);
        if (yl < 0) continue;
        y = (int) yl;
        v = v * (u - p2) * laml;
      } else {
        // the right exponential tail
        if (v == 0) continue;
        double yr = Math.floor(xr - Math.log(v) / lamr);
        if (yr > n) continue;
        y = (int) yr;
        v = v * (u - p3) * lamr;
      }
      int k = Math.abs(y - m);
      if (k <= 20 || k >= nrq / 2 - 1) {
        // f(y)/f(m) by the recurrence f(i)/f(i−1) = (n+1−i)p / (i q)
        double s = p / q;
        double as = s * (n + 1);
        double f = 1;
        if (m < y) {
          for (int i = m + 1; i <= y; i++) f *= as / i - s;
        } else if (m > y) {
          for (int i = y + 1; i <= m; i++) f /= as / i - s;
        }
        if (v <= f) return y;
        continue;
      }
      // squeeze on log f(y)/f(m), then the bound from Stirling's series
      double rho = (k / nrq) * ((k * (k / 3.0 + 0.625) + 1.0 / 6) / nrq + 0.5);
      double t = -(double) k * k / (2 * nrq);
      double logV = Math.log(v);
      if (logV < t - rho) return y;
      if (logV > t + rho) continue;
      double x1 = y + 1, f1 = m + 1, z = n + 1 - m, w = n - y + 1;
      double bound = xm * Math.log(f1 / x1) + (n - m + 0.5) * Math.log(z / w) + (y - m) * Math.log(w * p / (x1 * q))
          + stirlingTail(f1) + stirlingTail(z) + stirlingTail(x1) + stirlingTail(w);
      if (logV <= bound) return y;
    }
  }

  /** The first terms of Stirling's series for log x! beyond (x + ½)log x − x + ½log 2π, as BTPE uses them. */
  private static double stirlingTail(double x) {
    double x2 = x * x;
    return (13680. - (462. - (132. - (99. - 140. / x2) / x2) / x2) / x2) / x / 166320.;
  }
}
