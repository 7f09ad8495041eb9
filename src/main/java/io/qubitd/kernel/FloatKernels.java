package io.qubitd.kernel;

/**
 * The loops that apply small unitaries to a single-precision state held as separate real and
 * imaginary arrays. Each works on a range [from, to) of "groups": the 2^(n-k) index patterns of
 * the qubits the gate does not touch, so callers can split a gate over threads or cache blocks.
 */
final class FloatKernels {
  private FloatKernels() {}

  static void dense1(float[] re, float[] im, int q, double[] mr, double[] mi, int from, int to) {
    int s = 1 << q, low = s - 1;
    float m00r = (float) mr[0], m01r = (float) mr[1], m10r = (float) mr[2], m11r = (float) mr[3];
    float m00i = (float) mi[0], m01i = (float) mi[1], m10i = (float) mi[2], m11i = (float) mi[3];
    if (m00i == 0 && m01i == 0 && m10i == 0 && m11i == 0) {
      // real matrices (H, RY, X) need half the multiplications
      for (int g = from; g < to; g++) {
        int i0 = ((g & ~low) << 1) | (g & low), i1 = i0 | s;
        float ar = re[i0], ai = im[i0], br = re[i1], bi = im[i1];
        re[i0] = m00r * ar + m01r * br;
        im[i0] = m00r * ai + m01r * bi;
        re[i1] = m10r * ar + m11r * br;
        im[i1] = m10r * ai + m11r * bi;
      }
      return;
    }
    for (int g = from; g < to; g++) {
      int i0 = ((g & ~low) << 1) | (g & low), i1 = i0 | s;
      float ar = re[i0], ai = im[i0], br = re[i1], bi = im[i1];
      re[i0] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      im[i0] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      re[i1] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      im[i1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
    }
  }

  static void diag1(float[] re, float[] im, int q, double[] dr, double[] di, int from, int to) {
    int s = 1 << q, low = s - 1;
    float d0r = (float) dr[0], d0i = (float) di[0], d1r = (float) dr[1], d1i = (float) di[1];
    boolean firstIsOne = d0r == 1 && d0i == 0;
    for (int g = from; g < to; g++) {
      int i0 = ((g & ~low) << 1) | (g & low), i1 = i0 | s;
      if (!firstIsOne) {
        float ar = re[i0], ai = im[i0];
        re[i0] = d0r * ar - d0i * ai;
        im[i0] = d0r * ai + d0i * ar;
      }
      float br = re[i1], bi = im[i1];
      re[i1] = d1r * br - d1i * bi;
      im[i1] = d1r * bi + d1i * br;
    }
  }

  /** Two-qubit dense matrix, row-major 4×4; q0 is bit 0 of the matrix index. */
  static void dense2(float[] re, float[] im, int q0, int q1, double[] mr, double[] mi, int from, int to) {
    int lo = Math.min(q0, q1), hi = Math.max(q0, q1);
    int lowMask = (1 << lo) - 1, midMask = (1 << hi) - 1;
    int o1 = 1 << q0, o2 = 1 << q1, o3 = o1 | o2;
    float r00 = (float) mr[0], r01 = (float) mr[1], r02 = (float) mr[2], r03 = (float) mr[3], r10 = (float) mr[4], r11 = (float) mr[5], r12 = (float) mr[6], r13 = (float) mr[7];
    float r20 = (float) mr[8], r21 = (float) mr[9], r22 = (float) mr[10], r23 = (float) mr[11], r30 = (float) mr[12], r31 = (float) mr[13], r32 = (float) mr[14], r33 = (float) mr[15];
    float i00 = (float) mi[0], i01 = (float) mi[1], i02 = (float) mi[2], i03 = (float) mi[3], i10 = (float) mi[4], i11 = (float) mi[5], i12 = (float) mi[6], i13 = (float) mi[7];
    float i20 = (float) mi[8], i21 = (float) mi[9], i22 = (float) mi[10], i23 = (float) mi[11], i30 = (float) mi[12], i31 = (float) mi[13], i32 = (float) mi[14], i33 = (float) mi[15];
    for (int g = from; g < to; g++) {
      int t = ((g & ~lowMask) << 1) | (g & lowMask);
      int b = ((t & ~midMask) << 1) | (t & midMask);
      int a1 = b | o1, a2 = b | o2, a3 = b | o3;
      float x0r = re[b], x0i = im[b], x1r = re[a1], x1i = im[a1];
      float x2r = re[a2], x2i = im[a2], x3r = re[a3], x3i = im[a3];
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
  static void denseK(float[] re, float[] im, int[] targets, int[] sortedPositions, int controlMask,
                     double[] mr, double[] mi, int from, int to) {
    int dim = 1 << targets.length;
    int[] offs = DoubleKernels.offsets(targets);
    double[] xr = new double[dim], xi = new double[dim];
    for (int g = from; g < to; g++) {
      int base = DoubleKernels.deposit(g, sortedPositions) | controlMask;
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
        re[base | offs[r]] = (float) sr;
        im[base | offs[r]] = (float) si;
      }
    }
  }

  /** A k-qubit diagonal, applied where all {@code controlMask} bits are 1. */
  static void diagK(float[] re, float[] im, int[] targets, int[] sortedPositions, int controlMask,
                    double[] dr, double[] di, int from, int to) {
    int dim = 1 << targets.length;
    int[] offs = DoubleKernels.offsets(targets);
    for (int g = from; g < to; g++) {
      int base = DoubleKernels.deposit(g, sortedPositions) | controlMask;
      for (int u = 0; u < dim; u++) {
        double r = dr[u], i = di[u];
        if (r == 1 && i == 0) continue;
        int a = base | offs[u];
        double xr = re[a], xi = im[a];
        re[a] = (float) (r * xr - i * xi);
        im[a] = (float) (r * xi + i * xr);
      }
    }
  }
}
