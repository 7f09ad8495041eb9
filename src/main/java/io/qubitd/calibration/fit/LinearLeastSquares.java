package io.qubitd.calibration.fit;

/** Ordinary least squares over a few basis functions, for the linear part of a nonlinear fit's starting point. */
final class LinearLeastSquares {
  private LinearLeastSquares() {}

  /**
   * Coefficients c minimising Σ_i (y_i − Σ_k c_k·basis[k][i])², and the residual sum of squares as
   * the last element; NaNs when the basis is degenerate on these points.
   */
  static double[] solve(double[][] basis, double[] y) {
    int k = basis.length;
    double[][] a = new double[k][k + 1];
    for (int r = 0; r < k; r++) {
      for (int c = 0; c < k; c++) a[r][c] = dot(basis[r], basis[c]);
      a[r][k] = dot(basis[r], y);
    }
    for (int col = 0; col < k; col++) {
      int piv = col;
      for (int r = col + 1; r < k; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
      double[] t = a[col]; a[col] = a[piv]; a[piv] = t;
      if (Math.abs(a[col][col]) < 1e-300) return nan(k + 1);
      for (int r = 0; r < k; r++) {
        if (r == col) continue;
        double f = a[r][col] / a[col][col];
        for (int c = col; c <= k; c++) a[r][c] -= f * a[col][c];
      }
    }
    double[] out = new double[k + 1];
    for (int r = 0; r < k; r++) out[r] = a[r][k] / a[r][r];
    double rss = 0;
    for (int i = 0; i < y.length; i++) {
      double m = 0;
      for (int r = 0; r < k; r++) m += out[r] * basis[r][i];
      rss += (y[i] - m) * (y[i] - m);
    }
    out[k] = rss;
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  private static double[] nan(int n) {
    double[] d = new double[n];
    java.util.Arrays.fill(d, Double.NaN);
    return d;
  }
}
