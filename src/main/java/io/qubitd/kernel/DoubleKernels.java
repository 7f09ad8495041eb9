package io.qubitd.kernel;

/**
 * The loops that apply small unitaries to a double-precision state held as separate real and
 * imaginary arrays. Each works on a range [from, to) of "groups": the 2^(n-k) index patterns of
 * the qubits the gate does not touch, so callers can split a gate over threads or cache blocks.
 */
final class DoubleKernels {
  private DoubleKernels() {}

  /** Inserts a zero bit at each position of {@code sortedPositions} (ascending) into {@code g}. */
  static int deposit(int g, int[] sortedPositions) {
    for (int p : sortedPositions) {
      int low = g & ((1 << p) - 1);
      g = ((g ^ low) << 1) | low;
    }
    return g;
  }

  /** Offsets of the 2^k matrix basis states: bit j of the matrix index sits at {@code qubits[j]}. */
  static int[] offsets(int[] qubits) {
    int dim = 1 << qubits.length;
    int[] offs = new int[dim];
    for (int u = 0; u < dim; u++) {
      int o = 0;
      for (int j = 0; j < qubits.length; j++) o |= ((u >> j) & 1) << qubits[j];
      offs[u] = o;
    }
    return offs;
  }

  static void dense1(double[] re, double[] im, int q, double[] mr, double[] mi, int from, int to) {
    int s = 1 << q, low = s - 1;
    double m00r = mr[0], m01r = mr[1], m10r = mr[2], m11r = mr[3];
    double m00i = mi[0], m01i = mi[1], m10i = mi[2], m11i = mi[3];
    if (m00i == 0 && m01i == 0 && m10i == 0 && m11i == 0) {
      // real matrices (H, RY, X) need half the multiplications
      for (int g = from; g < to; g++) {
        int i0 = ((g & ~low) << 1) | (g & low), i1 = i0 | s;
        double ar = re[i0], ai = im[i0], br = re[i1], bi = im[i1];
        re[i0] = m00r * ar + m01r * br;
        im[i0] = m00r * ai + m01r * bi;
        re[i1] = m10r * ar + m11r * br;
        im[i1] = m10r * ai + m11r * bi;
      }
      return;
    }
    for (int g = from; g < to; g++) {
      int i0 = ((g & ~low) << 1) | (g & low), i1 = i0 | s;
      double ar = re[i0], ai = im[i0], br = re[i1], bi = im[i1];
      re[i0] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      im[i0] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      re[i1] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      im[i1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
    }
  }

  static void diag1(double[] re, double[] im, int q, double[] dr, double[] di, int from, int to) {
    int s = 1 << q, low = s - 1;
    double d0r = dr[0], d0i = di[0], d1r = dr[1], d1i = di[1];
    boolean firstIsOne = d0r == 1 && d0i == 0;
    for (int g = from; g < to; g++) {
      int i0 = ((g & ~low) << 1) | (g & low), i1 = i0 | s;
      if (!firstIsOne) {
        double ar = re[i0], ai = im[i0];
        re[i0] = d0r * ar - d0i * ai;
        im[i0] = d0r * ai + d0i * ar;
      }
      double br = re[i1], bi = im[i1];
      re[i1] = d1r * br - d1i * bi;
      im[i1] = d1r * bi + d1i * br;
    }
  }

  /** Two-qubit dense matrix, row-major 4×4; q0 is bit 0 of the matrix index. */
  static void dense2(double[] re, double[] im, int q0, int q1, double[] mr, double[] mi, int from, int to) {
    int lo = Math.min(q0, q1), hi = Math.max(q0, q1);
    int lowMask = (1 << lo) - 1, midMask = (1 << hi) - 1;
    int o1 = 1 << q0, o2 = 1 << q1, o3 = o1 | o2;
    double r00 = mr[0], r01 = mr[1], r02 = mr[2], r03 = mr[3], r10 = mr[4], r11 = mr[5], r12 = mr[6], r13 = mr[7];
    double r20 = mr[8], r21 = mr[9], r22 = mr[10], r23 = mr[11], r30 = mr[12], r31 = mr[13], r32 = mr[14], r33 = mr[15];
    double i00 = mi[0], i01 = mi[1], i02 = mi[2], i03 = mi[3], i10 = mi[4], i11 = mi[5], i12 = mi[6], i13 = mi[7];
    double i20 = mi[8], i21 = mi[9], i22 = mi[10], i23 = mi[11], i30 = mi[12], i31 = mi[13], i32 = mi[14], i33 = mi[15];
    for (int g = from; g < to; g++) {
      int t = ((g & ~lowMask) << 1) | (g & lowMask);
      int b = ((t & ~midMask) << 1) | (t & midMask);
      int a1 = b | o1, a2 = b | o2, a3 = b | o3;
      double x0r = re[b], x0i = im[b], x1r = re[a1], x1i = im[a1];
      double x2r = re[a2], x2i = im[a2], x3r = re[a3], x3i = im[a3];
      re[b] = r00 * x0r - i00 * x0i + r01 * x1r - i01 * x1i + r02 * x2r - i02 * x2i + r03 * x3r - i03 * x3i;
      im[b] = r00 * x0i + i00 * x0r + r01 * x1i + i01 * x1r + r02 * x2i + i02 * x2r + r03 * x3i + i03 * x3r;
      re[a1] = r10 * x0r - i10 * x0i + r11 * x1r - i11 * x1i + r12 * x2r - i12 * x2i + r13 * x3r - i13 * x3i;
      im[a1] = r10 * x0i + i10 * x0r + r11 * x1i + i11 * x1r + r12 * x2i + i12 * x2r + r13 * x3i + i13 * x3r;
      re[a2] = r20 * x0r - i20 * x0i + r21 * x1r - i21 * x1i + r22 * x2r - i22 * x2i + r23 * x3r - i23 * x3i;
      im[a2] = r20 * x0i + i20 * x0r + r21 * x1i + i21 * x1r + r22 * x2i + i22 * x2r + r23 * x3i + i23 * x3r;
      re[a3] = r30 * x0r - i30 * x0i + r31 * x1r - i31 * x1i + r32 * x2r - i32 * x2i + r33 * x3r - i33 * x3i;
      im[a3] = r30 * x0i + i30 * x0r + r31 * x1i + i31 * x1r + r32 * x2i + i32 * x2r + r33 * x3i + i33 * x3r;
    }
  }

  /**
   * Any k-qubit dense matrix (row-major), applied where all {@code controlMask} bits are 1.
   * {@code sortedPositions} lists targets and controls ascending.
   */
  static void denseK(double[] re, double[] im, int[] targets, int[] sortedPositions, int controlMask,
                     double[] mr, double[] mi, int from, int to) {
    int dim = 1 << targets.length;
    int[] offs = offsets(targets);
    double[] xr = new double[dim], xi = new double[dim];
    for (int g = from; g < to; g++) {
      int base = deposit(g, sortedPositions) | controlMask;
      for (int u = 0; u < dim; u++) {
        xr[u] = re[base | offs[u]];
        xi[u] = im[base | offs[u]];
      }
      for (int r = 0; r < dim; r++) {
        double sr = 0, si = 0;
        int row = r * dim;
        for (int c = 0; c < dim; c++) {
          double ar = mr[row + c], ai = mi[row + c];
          sr += ar * xr[c] - ai * xi[c];
          si += ar * xi[c] + ai * xr[c];
        }
        re[base | offs[r]] = sr;
        im[base | offs[r]] = si;
      }
    }
  }

  /** A k-qubit diagonal, applied where all {@code controlMask} bits are 1. */
  static void diagK(double[] re, double[] im, int[] targets, int[] sortedPositions, int controlMask,
                    double[] dr, double[] di, int from, int to) {
    int dim = 1 << targets.length;
    int[] offs = offsets(targets);
    for (int g = from; g < to; g++) {
      int base = deposit(g, sortedPositions) | controlMask;
      for (int u = 0; u < dim; u++) {
        double r = dr[u], i = di[u];
        if (r == 1 && i == 0) continue;
        int a = base | offs[u];
        double xr = re[a], xi = im[a];
        re[a] = r * xr - i * xi;
        im[a] = r * xi + i * xr;
      }
    }
  }
}
