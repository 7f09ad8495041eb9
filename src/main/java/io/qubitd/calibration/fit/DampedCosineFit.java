package io.qubitd.calibration.fit;

import org.apache.commons.math3.analysis.ParametricUnivariateFunction;

/**
 * Fit of a Ramsey fringe y = A·e^{−x/τ}·cos(2π·f·x + φ) + B, parameters [A, τ, f, φ, B]. The
 * start point is the best of a grid over f (up to the Nyquist frequency of the mean sample
 * spacing) and a few τ, with the amplitude, phase and offset solved linearly for each; the fit
 * then reports f ≥ 0 and A ≥ 0.
 */
public final class DampedCosineFit {
  private DampedCosineFit() {}

  /** Frequency grid steps per 1/span: finer than the fringe's own resolution so the start is in the right well. */
  private static final int FREQUENCY_OVERSAMPLING = 4;
  private static final double[] TAU_FRACTIONS = {0.25, 0.5, 1, 2, 4};

  public static final ParametricUnivariateFunction MODEL = new ParametricUnivariateFunction() {
    @Override public double value(double x, double... p) {
      return p[0] * Math.exp(-x / p[1]) * Math.cos(2 * Math.PI * p[2] * x + p[3]) + p[4];
    }

    @Override public double[] gradient(double x, double... p) {
      double e = Math.exp(-x / p[1]);
      double arg = 2 * Math.PI * p[2] * x + p[3];
      double c = Math.cos(arg), s = Math.sin(arg);
      return new double[] {e * c, p[0] * e * c * x / (p[1] * p[1]), -p[0] * e * s * 2 * Math.PI * x, -p[0] * e * s, 1};
    }
  };

  /** Fits the fringe; x sorted or not, at least 8 points over a range &gt; 0. */
  public static FitResult fit(double[] x, double[] y) {
    if (x.length < 8) throw new IllegalArgumentException("a damped-cosine fit needs at least 8 points, got " + x.length);
    CurveFitter.checkPoints(x, y, 5);
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (double v : x) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    double span = hi - lo;
    if (!(span > 0)) throw new IllegalArgumentException("damped-cosine fit needs x values that differ");
    double nyquist = (x.length - 1) / (2 * span);
    double step = 1 / (FREQUENCY_OVERSAMPLING * span);
    double bestRss = Double.POSITIVE_INFINITY;
    double[] start = null;
    for (double f = step; f <= nyquist; f += step) {
      for (double frac : TAU_FRACTIONS) {
        double tau = frac * span;
        double[] ec = new double[x.length], es = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          double e = Math.exp(-x[i] / tau);
          ec[i] = e * Math.cos(2 * Math.PI * f * x[i]);
          es[i] = e * Math.sin(2 * Math.PI * f * x[i]);
        }
        double[] c = LinearLeastSquares.solve(new double[][] {ec, es, ExponentialFit.ones(x.length)}, y);
        if (c[3] < bestRss) {
          bestRss = c[3];
          // a·cos + b·sin = A·cos(arg + φ) with A = |(a, b)|, φ = atan2(−b, a)
          start = new double[] {Math.hypot(c[0], c[1]), tau, f, Math.atan2(-c[1], c[0]), c[2]};
        }
      }
    }
    if (start == null) throw new FitFailedException("no starting point for the fringe: too few points per period", null);
    FitResult r = CurveFitter.fit(MODEL, x, y, start);
    double[] p = r.params();
    if (!(p[1] > 0)) throw new FitFailedException("fringe decay time came out non-positive: " + r, null);
    if (p[2] < 0) { p[2] = -p[2]; p[3] = -p[3]; }
    if (p[0] < 0) { p[0] = -p[0]; p[3] += Math.PI; }
    p[3] = Math.IEEEremainder(p[3], 2 * Math.PI);
    return new FitResult(p, r.standardErrors(), r.rms());
  }
}
