package io.qubitd.compile;

import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_ZDRM;

/** Small dense complex matrix helpers for the synthesis code (2×2 and 4×4). */
final class Complex4 {
  private Complex4() {}

  static ZMatrixRMaj mult(ZMatrixRMaj a, ZMatrixRMaj b) {
    ZMatrixRMaj c = new ZMatrixRMaj(a.numRows, b.numCols);
    CommonOps_ZDRM.mult(a, b, c);
    return c;
  }

  static ZMatrixRMaj mult(ZMatrixRMaj a, ZMatrixRMaj b, ZMatrixRMaj c) { return mult(mult(a, b), c); }

  static ZMatrixRMaj dagger(ZMatrixRMaj a) {
    ZMatrixRMaj d = new ZMatrixRMaj(a.numCols, a.numRows);
    CommonOps_ZDRM.transposeConjugate(a, d);
    return d;
  }

  static ZMatrixRMaj transpose(ZMatrixRMaj a) {
    ZMatrixRMaj d = new ZMatrixRMaj(a.numCols, a.numRows);
    CommonOps_ZDRM.transpose(a, d);
    return d;
  }

  /** a times the complex scalar (re, im). */
  static ZMatrixRMaj scale(ZMatrixRMaj a, double re, double im) {
    ZMatrixRMaj s = new ZMatrixRMaj(a.numRows, a.numCols);
    for (int i = 0; i < a.numRows; i++)
      for (int j = 0; j < a.numCols; j++) {
        double ar = a.getReal(i, j), ai = a.getImag(i, j);
        s.set(i, j, ar * re - ai * im, ar * im + ai * re);
      }
    return s;
  }

  /** Argument of the determinant. */
  static double detArg(ZMatrixRMaj a) {
    var d = CommonOps_ZDRM.det(a);
    return Math.atan2(d.imaginary, d.real);
  }

  /** Largest |entry| of a - b. */
  static double maxDiff(ZMatrixRMaj a, ZMatrixRMaj b) {
    double w = 0;
    for (int i = 0; i < a.numRows; i++)
      for (int j = 0; j < a.numCols; j++) {
        w = Math.max(w, Math.hypot(a.getReal(i, j) - b.getReal(i, j), a.getImag(i, j) - b.getImag(i, j)));
      }
    return w;
  }

  /** The 2×2 block (rows 2i+k, columns 2j+l over k, l) of a 4×4 matrix. */
  static ZMatrixRMaj block(ZMatrixRMaj a, int i, int j) {
    ZMatrixRMaj b = new ZMatrixRMaj(2, 2);
    for (int k = 0; k < 2; k++)
      for (int l = 0; l < 2; l++) b.set(k, l, a.getReal(2 * i + k, 2 * j + l), a.getImag(2 * i + k, 2 * j + l));
    return b;
  }

  /** The 2×2 matrix of entries (2i+k, 2j+l) over i, j for fixed k, l. */
  static ZMatrixRMaj stride(ZMatrixRMaj a, int k, int l) {
    ZMatrixRMaj b = new ZMatrixRMaj(2, 2);
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) b.set(i, j, a.getReal(2 * i + k, 2 * j + l), a.getImag(2 * i + k, 2 * j + l));
    return b;
  }

  /** a / sqrt(det a), a matrix of determinant 1 when a is a nonzero multiple of a unitary. */
  static ZMatrixRMaj toSpecial(ZMatrixRMaj a) {
    var d = CommonOps_ZDRM.det(a);
    double mag = Math.sqrt(Math.hypot(d.real, d.imaginary));
    double half = -Math.atan2(d.imaginary, d.real) / 2;
    return scale(a, Math.cos(half) / mag, Math.sin(half) / mag);
  }
}
