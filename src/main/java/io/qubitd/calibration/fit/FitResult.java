package io.qubitd.calibration.fit;

import java.util.Arrays;

/**
 * A least-squares fit: best parameters, their one-sigma standard errors (from the covariance at
 * the optimum, scaled by the residual variance), and the root-mean-square residual.
 */
public record FitResult(double[] params, double[] standardErrors, double rms) {
  public FitResult {
    params = params.clone();
    standardErrors = standardErrors.clone();
  }

  public double param(int i) { return params[i]; }

  public double standardError(int i) { return standardErrors[i]; }

  @Override public double[] params() { return params.clone(); }

  @Override public double[] standardErrors() { return standardErrors.clone(); }

  @Override public String toString() {
    return "FitResult" + Arrays.toString(params) + " ± " + Arrays.toString(standardErrors) + " rms=" + rms;
  }
}
