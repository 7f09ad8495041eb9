package io.qubitd.kernel.mps;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Splits a complex matrix M (m × n) into U·B with U's k columns orthonormal, keeping the k
 * strongest singular directions (the truncated SVD's left factor): at most {@code maxKeep} of
 * them, and the weakest dropped only while their weight, relative to ‖M‖², is within
 * {@code threshold}. EJML's SVD is real, so it runs on the real form [[Re, −Im], [Im, Re]],
 * whose singular values are M's, each twice, and whose left vectors (x; y) are M's as x + iy (or
 * i·(x + iy)); U takes one complex vector per pair by Gram–Schmidt. B = U†M is computed from M
 * itself, so U·B equals M up to rounding on the kept span and the discarded weight is exactly
 * ‖M‖² − ‖B‖², whatever the pairing.
 */
final class ComplexSplit {
  /** U as m × k (row-major re/im), B as k × n, and the weight B lost relative to ‖M‖². */
  record Result(double[] uRe, double[] uIm, double[] bRe, double[] bIm, int k, double discarded) {}

  private ComplexSplit() {}

  static Result split(double[] mRe, double[] mIm, int m, int n, int maxKeep, double threshold) {
    double total = 0;
    for (int i = 0; i < m * n; i++) total += mRe[i] * mRe[i] + mIm[i] * mIm[i];
    if (!(total > 0)) {
      double[] uRe = new double[m];
      uRe[0] = 1;
      return new Result(uRe, new double[m], new double[n], new double[n], 1, 0);
    }
    boolean real = true;
    for (int i = 0; i < m * n && real; i++) real = mIm[i] == 0;
    if (real) return splitReal(mRe, m, n, maxKeep, threshold, total);
    DMatrixRMaj r = new DMatrixRMaj(2 * m, 2 * n);
    double[] d = r.data;
    int w = 2 * n;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double re = mRe[i * n + j], im = mIm[i * n + j];
        d[i * w + j] = re;
        d[i * w + n + j] = -im;
        d[(m + i) * w + j] = im;
        d[(m + i) * w + n + j] = re;
      }
    }
    SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(2 * m, 2 * n, true, false, true);
    if (!svd.decompose(r)) throw new IllegalStateException("SVD did not converge on a " + m + "x" + n + " bond matrix");
    double[] sv = svd.getSingularValues();
    DMatrixRMaj u = svd.getU(null, false);
    int cols = u.numCols;
    Integer[] order = new Integer[Math.min(sv.length, cols)];
    for (int i = 0; i < order.length; i++) order[i] = i;
    java.util.Arrays.sort(order, (a, b) -> Double.compare(sv[b], sv[a]));
    int rank = Math.min(m, n);
    // complex singular values: every other of the sorted real ones
    double[] s2 = new double[rank];
    for (int c = 0; c < rank && 2 * c < order.length; c++) s2[c] = sv[order[2 * c]] * sv[order[2 * c]];
    int keep = rank;
    double tail = 0;
    while (keep > 1 && (keep > maxKeep || tail + s2[keep - 1] <= threshold * total || s2[keep - 1] == 0)) {
      tail += s2[keep - 1];
      keep--;
    }
    double[][] vRe = new double[keep][], vIm = new double[keep][];
    boolean[] used = new boolean[order.length];
    int k = 0;
    int span = Math.min(order.length, 2 * keep);
    for (double floor : new double[] {0.4, 1e-8}) {
      for (int pass = 0; pass < 2 && k < keep; pass++) {
        int limit = pass == 0 ? span : order.length;
        for (int oi = 0; oi < limit && k < keep; oi++) {
          if (used[oi]) continue;
          int col = order[oi];
          double[] xr = new double[m], xi = new double[m];
          for (int i = 0; i < m; i++) {
            xr[i] = u.data[i * cols + col];
            xi[i] = u.data[(m + i) * cols + col];
          }
          for (int c = 0; c < k; c++) {
            double pr = 0, pi = 0;
            for (int i = 0; i < m; i++) {
              pr += vRe[c][i] * xr[i] + vIm[c][i] * xi[i];
              pi += vRe[c][i] * xi[i] - vIm[c][i] * xr[i];
            }
            for (int i = 0; i < m; i++) {
              xr[i] -= pr * vRe[c][i] - pi * vIm[c][i];
              xi[i] -= pr * vIm[c][i] + pi * vRe[c][i];
            }
          }
          double nrm = 0;
          for (int i = 0; i < m; i++) nrm += xr[i] * xr[i] + xi[i] * xi[i];
          if (nrm <= floor) continue;
          double inv = 1 / Math.sqrt(nrm);
          for (int i = 0; i < m; i++) {
            xr[i] *= inv;
            xi[i] *= inv;
          }
          vRe[k] = xr;
          vIm[k] = xi;
          used[oi] = true;
          k++;
        }
      }
    }
    double[] uRe = new double[m * k], uIm = new double[m * k];
    for (int i = 0; i < m; i++) {
      for (int c = 0; c < k; c++) {
        uRe[i * k + c] = vRe[c][i];
        uIm[i * k + c] = vIm[c][i];
      }
    }
    double[] bRe = new double[k * n], bIm = new double[k * n];
    for (int c = 0; c < k; c++) {
      double[] ar = vRe[c], ai = vIm[c];
      for (int i = 0; i < m; i++) {
        double cr = ar[i], ci = -ai[i];
        if (cr == 0 && ci == 0) continue;
        int row = i * n;
        for (int j = 0; j < n; j++) {
          double xr = mRe[row + j], xi = mIm[row + j];
          bRe[c * n + j] += cr * xr - ci * xi;
          bIm[c * n + j] += cr * xi + ci * xr;
        }
      }
    }
    double kept = 0;
    for (int i = 0; i < k * n; i++) kept += bRe[i] * bRe[i] + bIm[i] * bIm[i];
    // With every direction kept, what B lacks is rounding, not truncation.
    double discarded = k < rank ? Math.max(0, (total - kept) / total) : 0;
    if (kept > 0 && discarded > 0) {
      double scale = Math.sqrt(total / kept);
      for (int i = 0; i < k * n; i++) {
        bRe[i] *= scale;
        bIm[i] *= scale;
      }
    }
    return new Result(uRe, uIm, bRe, bIm, k, discarded);
  }

  /**
   * A real M (circuits of real gates such as RY, H, CX, CZ keep every tensor real): the SVD of M
   * itself, a quarter of the realified form's size in each factor of its cost, with U's columns
   * exactly orthonormal as the SVD returns them.
   */
  private static Result splitReal(double[] mRe, int m, int n, int maxKeep, double threshold, double total) {
    DMatrixRMaj a = new DMatrixRMaj(m, n);
    System.arraycopy(mRe, 0, a.data, 0, m * n);
    SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, true, false, true);
    if (!svd.decompose(a)) throw new IllegalStateException("SVD did not converge on a " + m + "x" + n + " bond matrix");
    double[] sv = svd.getSingularValues();
    DMatrixRMaj u = svd.getU(null, false);
    int cols = u.numCols;
    Integer[] order = new Integer[Math.min(sv.length, cols)];
    for (int i = 0; i < order.length; i++) order[i] = i;
    java.util.Arrays.sort(order, (x, y) -> Double.compare(sv[y], sv[x]));
    int rank = order.length;
    int keep = rank;
    double tail = 0;
    while (keep > 1 && (keep > maxKeep || tail + sv[order[keep - 1]] * sv[order[keep - 1]] <= threshold * total
        || sv[order[keep - 1]] == 0)) {
      tail += sv[order[keep - 1]] * sv[order[keep - 1]];
      keep--;
    }
    double[] uRe = new double[m * keep];
    for (int i = 0; i < m; i++) {
      for (int c = 0; c < keep; c++) uRe[i * keep + c] = u.data[i * cols + order[c]];
    }
    double[] bRe = new double[keep * n];
    for (int c = 0; c < keep; c++) {
      for (int i = 0; i < m; i++) {
        double x = uRe[i * keep + c];
        if (x == 0) continue;
        int row = i * n;
        for (int j = 0; j < n; j++) bRe[c * n + j] += x * mRe[row + j];
      }
    }
    // U's columns are M's singular vectors themselves, so the weight dropped is the dropped singular values' (exact zeros drop nothing)
    double discarded = tail / total;
    double kept = 0;
    for (int i = 0; i < keep * n; i++) kept += bRe[i] * bRe[i];
    if (kept > 0 && discarded > 0) {
      double scale = Math.sqrt(total / kept);
      for (int i = 0; i < keep * n; i++) bRe[i] *= scale;
    }
    return new Result(uRe, new double[m * keep], bRe, new double[keep * n], keep, discarded);
  }
}
