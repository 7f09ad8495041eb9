package io.qubitd.calibration.fit;

import org.apache.commons.math3.analysis.ParametricUnivariateFunction;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.util.Pair;

/**
 * Levenberg–Marquardt least squares of a parametric curve y = f(x; p) through points (x_i, y_i).
 *
 * <p>Standard errors come from the heteroscedasticity-consistent "sandwich" covariance HC3
 * (MacKinnon and White, J. Econometrics 29, 305 (1985); Long and Ervin, Am. Stat. 54, 217 (2000)):
 * (JᵀJ)⁻¹·Jᵀ·diag(r_i²/(1 − h_ii)²)·J·(JᵀJ)⁻¹ with J the Jacobian at the optimum, r the residuals
 * and h_ii the leverages. Counted probabilities have a variance p(1 − p)/shots that changes along
 * a sweep, largest where a fringe crosses 1/2, which is where its frequency is decided; the
 * textbook (JᵀJ)⁻¹·RSS/(n − k) spreads the variance evenly and so understates those errors.
 */
public final class CurveFitter {
  private CurveFitter() {}

  private static final int MAX_EVALUATIONS = 10_000;
  private static final int MAX_ITERATIONS = 1_000;
  /** Singularity threshold when inverting JᵀJ for the parameter covariance. */
  private static final double COVARIANCE_THRESHOLD = 1e-14;

  /**
   * Fits {@code f} from the starting point {@code start}; x and y of equal length, more points
   * than parameters. Throws {@link FitFailedException} when the optimizer does not converge.
   */
  public static FitResult fit(ParametricUnivariateFunction f, double[] x, double[] y, double[] start) {
    checkPoints(x, y, start.length);
    LeastSquaresProblem problem = new LeastSquaresBuilder()
        .start(start)
        .target(y)
        .model(p -> evaluate(f, x, p))
        .maxEvaluations(MAX_EVALUATIONS)
        .maxIterations(MAX_ITERATIONS)
        .build();
    LeastSquaresOptimizer.Optimum opt;
    try {
      opt = new LevenbergMarquardtOptimizer().optimize(problem);
    } catch (RuntimeException e) {
      throw new FitFailedException("least squares did not converge: " + e.getMessage(), e);
    }
    double[] p = opt.getPoint().toArray();
    for (double v : p) if (!Double.isFinite(v)) throw new FitFailedException("least squares diverged to " + java.util.Arrays.toString(p), null);
    double rss = opt.getCost() * opt.getCost();
    double[] se = new double[p.length];
    try {
      se = sandwichErrors(opt.getCovariances(COVARIANCE_THRESHOLD), opt.getJacobian(), opt.getResiduals());
    } catch (SingularMatrixException e) {
      java.util.Arrays.fill(se, Double.POSITIVE_INFINITY);
    }
    return new FitResult(p, se, Math.sqrt(rss / x.length));
  }

  /** HC3 standard errors from (JᵀJ)⁻¹, J and the residuals (see the class comment). */
  private static double[] sandwichErrors(RealMatrix bread, RealMatrix jacobian, RealVector residuals) {
    int n = jacobian.getRowDimension(), k = jacobian.getColumnDimension();
    RealMatrix meat = new Array2DRowRealMatrix(k, k);
    for (int i = 0; i < n; i++) {
      RealVector row = jacobian.getRowVector(i);
      double leverage = row.dotProduct(bread.operate(row));
      // A point that alone decides a parameter (leverage 1) says nothing about its own scatter.
      double w = residuals.getEntry(i) / Math.max(1 - leverage, 1e-6);
      meat = meat.add(row.outerProduct(row).scalarMultiply(w * w));
    }
    RealMatrix cov = bread.multiply(meat).multiply(bread);
    double[] se = new double[k];
    for (int j = 0; j < k; j++) se[j] = Math.sqrt(Math.max(0, cov.getEntry(j, j)));
    return se;
  }

  /** Throws unless x and y have equal lengths, more than {@code params}, and are finite. */
  static void checkPoints(double[] x, double[] y, int params) {
    if (x.length != y.length) throw new IllegalArgumentException("fit needs as many x as y values, got " + x.length + " and " + y.length);
    if (x.length <= params) throw new IllegalArgumentException("fit of " + params + " parameters needs more points, got " + x.length);
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) throw new IllegalArgumentException("fit point " + i + " is not finite: (" + x[i] + ", " + y[i] + ")");
    }
  }

  private static Pair<RealVector, RealMatrix> evaluate(ParametricUnivariateFunction f, double[] x, RealVector point) {
    double[] p = point.toArray();
    double[] v = new double[x.length];
    double[][] j = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      v[i] = f.value(x[i], p);
      j[i] = f.gradient(x[i], p);
    }
    return new Pair<>(new ArrayRealVector(v, false), new Array2DRowRealMatrix(j, false));
  }
}
