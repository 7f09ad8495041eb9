package io.qubitd.calibration.fit;

import org.apache.commons.math3.analysis.ParametricUnivariateFunction;

/**
 * Fits of exponential decays: y = A·e^{−x/τ} + B (T1, echo T2, randomized benchmarking with
 * e^{−1/τ} = p) and y = A·e^{−x/τ} (cross-entropy benchmarking, whose fully mixed limit is 0).
 * The start point comes from a logarithmic grid over τ with A (and B) solved linearly for each,
 * so no guess is needed from the caller.
 */
public final class ExponentialFit {
  private ExponentialFit() {}

  /** Number of τ values on the starting grid, spread logarithmically over the grid's range. */
  private static final int GRID = 60;

  /** y = A·e^{−x/τ} + B; parameters [A, τ, B]. */
  public static final ParametricUnivariateFunction WITH_OFFSET = new ParametricUnivariateFunction() {
    @Override public double value(double x, double... p) { return p[0] * Math.exp(-x / p[1]) + p[2]; }

    @Override public double[] gradient(double x, double... p) {
      double e = Math.exp(-x / p[1]);
      return new double[] {e, p[0] * e * x / (p[1] * p[1]), 1};
    }
  };

  /** y = A·e^{−x/τ}; parameters [A, τ]. */
  public static final ParametricUnivariateFunction NO_OFFSET = new ParametricUnivariateFunction() {
    @Override public double value(double x, double... p) { return p[0] * Math.exp(-x / p[1]); }

    @Override public double[] gradient(double x, double... p) {
      double e = Math.exp(-x / p[1]);
      return new double[] {e, p[0] * e * x / (p[1] * p[1])};
    }
  };

  /** Fits y = A·e^{−x/τ} + B; x ≥ 0 spanning a range &gt; 0, at least 4 points. Parameters [A, τ, B]. */
  public static FitResult withOffset(double[] x, double[] y) { return fit(x, y, true); }

  /** Fits y = A·e^{−x/τ}; x ≥ 0 spanning a range &gt; 0, at least 3 points. Parameters [A, τ]. */
  public static FitResult noOffset(double[] x, double[] y) { return fit(x, y, false); }

  private static FitResult fit(double[] x, double[] y, boolean offset) {
    CurveFitter.checkPoints(x, y, offset ? 3 : 2);
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (double v : x) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    double span = hi - lo;
    if (!(span > 0)) throw new IllegalArgumentException("exponential fit needs x values that differ, got range " + span);
    double bestRss = Double.POSITIVE_INFINITY;
    double[] start = null;
    for (int g = 0; g < GRID; g++) {
      double tau = span * 0.02 * Math.pow(5000, g / (GRID - 1.0));
      double[] e = new double[x.length];
      for (int i = 0; i < x.length; i++) e[i] = Math.exp(-x[i] / tau);
      double[][] basis = offset ? new double[][] {e, ones(x.length)} : new double[][] {e};
      double[] c = LinearLeastSquares.solve(basis, y);
      double rss = c[c.length - 1];
      if (rss < bestRss) {
        bestRss = rss;
        start = offset ? new double[] {c[0], tau, c[1]} : new double[] {c[0], tau};
      }
    }
    if (start == null) throw new FitFailedException("no starting point: the data are not finite", null);
    FitResult r = CurveFitter.fit(offset ? WITH_OFFSET : NO_OFFSET, x, y, start);
    if (!(r.param(1) > 0)) throw new FitFailedException("decay time came out non-positive: " + r, null);
    return r;
  }

  static double[] ones(int n) {
    double[] o = new double[n];
    java.util.Arrays.fill(o, 1);
    return o;
  }
}
