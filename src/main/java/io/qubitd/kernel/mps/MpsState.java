package io.qubitd.kernel.mps;

import java.util.SplittableRandom;

/**
 * A matrix product state on n qubits: site s holds a tensor A_s[l][p][r] (bond l of dimension
 * dim[s], physical p, bond r of dimension dim[s+1]), stored row-major as (l·2 + p)·dim[s+1] + r.
 * Qubits sit on sites by a permutation that two-qubit gates on distant sites change: the state
 * swaps one qubit along until the two are neighbours and leaves it there (diagonal gates, see
 * {@link #applyDiagonal}, act in place instead). The state is kept in
 * mixed canonical form around {@link #center}: sites left of it are left isometries, sites right
 * of it right isometries, so the center tensor alone carries the norm and every local
 * probability, and a split there is the optimal truncation.
 */
final class MpsState {
  final int n;
  private final double[][] re;
  private final double[][] im;
  /** dim[s] is the bond left of site s; dim[0] = dim[n] = 1. */
  private final int[] dim;
  private final int[] siteOf;
  private final int[] qubitAt;
  private int center;
  private final int maxBond;
  private final double threshold;
  private double discarded;
  /** Σ log(1 − ε_i) over the truncations: the estimated fidelity's logarithm. */
  private double logFidelity;
  private int largestBond = 1;

  /** |0…0⟩ with qubit {@code order[s]} on site s. */
  MpsState(int[] order, int maxBond, double threshold) {
    n = order.length;
    re = new double[n][];
    im = new double[n][];
    dim = new int[n + 1];
    siteOf = new int[n];
    qubitAt = order.clone();
    for (int s = 0; s < n; s++) {
      siteOf[order[s]] = s;
      re[s] = new double[] {1, 0};
      im[s] = new double[2];
    }
    java.util.Arrays.fill(dim, 1);
    this.maxBond = maxBond;
    this.threshold = threshold;
  }

  /** Summed weight discarded by truncations, each relative to the state at that point. */
  double truncationError() { return discarded; }

  int largestBond() { return largestBond; }

  /**
   * Π(1 − ε_i) over the truncations, each ε_i the weight one split dropped relative to the state then:
   * the usual estimate of the final state's fidelity with the exact one (Zhou, Stoudenmire and Waintal,
   * PRX 10, 041038, 2020), where the sum of the ε_i bounds its infidelity only while that sum is small.
   */
  double estimatedFidelity() { return Math.exp(logFidelity); }

  /** A 2×2 matrix (row-major re/im) on {@code qubit}; a non-unitary one only at the center keeps the form. */
  void apply1(int qubit, double[] mRe, double[] mIm) {
    int s = siteOf[qubit];
    double[] ar = re[s], ai = im[s];
    int r = dim[s + 1];
    for (int l = 0; l < dim[s]; l++) {
      int o0 = (l * 2) * r, o1 = (l * 2 + 1) * r;
      for (int c = 0; c < r; c++) {
        double x0 = ar[o0 + c], y0 = ai[o0 + c], x1 = ar[o1 + c], y1 = ai[o1 + c];
        ar[o0 + c] = mRe[0] * x0 - mIm[0] * y0 + mRe[1] * x1 - mIm[1] * y1;
        ai[o0 + c] = mRe[0] * y0 + mIm[0] * x0 + mRe[1] * y1 + mIm[1] * x1;
        ar[o1 + c] = mRe[2] * x0 - mIm[2] * y0 + mRe[3] * x1 - mIm[3] * y1;
        ai[o1 + c] = mRe[2] * y0 + mIm[2] * x0 + mRe[3] * y1 + mIm[3] * x1;
      }
    }
  }

  /** ‖M·A‖² at the qubit's site for a 2×2 M, after moving the center there: the probability weight of M. */
  double weight1(int qubit, double[] mRe, double[] mIm) {
    int s = siteOf[qubit];
    moveCenter(s);
    double[] ar = re[s], ai = im[s];
    int r = dim[s + 1];
    double w = 0;
    for (int l = 0; l < dim[s]; l++) {
      int o0 = (l * 2) * r, o1 = (l * 2 + 1) * r;
      for (int c = 0; c < r; c++) {
        double x0 = ar[o0 + c], y0 = ai[o0 + c], x1 = ar[o1 + c], y1 = ai[o1 + c];
        double a = mRe[0] * x0 - mIm[0] * y0 + mRe[1] * x1 - mIm[1] * y1;
        double b = mRe[0] * y0 + mIm[0] * x0 + mRe[1] * y1 + mIm[1] * x1;
        double e = mRe[2] * x0 - mIm[2] * y0 + mRe[3] * x1 - mIm[3] * y1;
        double f = mRe[2] * y0 + mIm[2] * x0 + mRe[3] * y1 + mIm[3] * x1;
        w += a * a + b * b + e * e + f * f;
      }
    }
    return w;
  }

  /** Squared norm (read at the center). */
  double normSquared() {
    double w = 0;
    for (int i = 0; i < re[center].length; i++) w += re[center][i] * re[center][i] + im[center][i] * im[center][i];
    return w;
  }

  /** Multiplies the state by {@code f} (at the center). */
  void scale(double f) {
    for (int i = 0; i < re[center].length; i++) {
      re[center][i] *= f;
      im[center][i] *= f;
    }
  }

  /** Probability that {@code qubit} reads 1. */
  double probabilityOfOne(int qubit) {
    int s = siteOf[qubit];
    moveCenter(s);
    double one = 0, all = 0;
    int r = dim[s + 1];
    for (int l = 0; l < dim[s]; l++) {
      for (int p = 0; p < 2; p++) {
        int o = (l * 2 + p) * r;
        for (int c = 0; c < r; c++) {
          double w = re[s][o + c] * re[s][o + c] + im[s][o + c] * im[s][o + c];
          all += w;
          if (p == 1) one += w;
        }
      }
    }
    return all > 0 ? one / all : 0;
  }

  /** Projects {@code qubit} on {@code outcome} and renormalises. */
  void collapse(int qubit, int outcome) {
    int s = siteOf[qubit];
    moveCenter(s);
    int r = dim[s + 1];
    for (int l = 0; l < dim[s]; l++) {
      int o = (l * 2 + (1 - outcome)) * r;
      java.util.Arrays.fill(re[s], o, o + r, 0);
      java.util.Arrays.fill(im[s], o, o + r, 0);
    }
    double norm = normSquared();
    if (norm > 0) scale(1 / Math.sqrt(norm));
  }

  /**
   * A 4×4 matrix (row-major re/im, index bit 0 = {@code a}, bit 1 = {@code b}) on two qubits;
   * non-unitary matrices keep the form too, since the pair is split at the center.
   */
  void apply2(int a, int b, double[] gRe, double[] gIm) {
    bringTogether(a, b);
    int s = Math.min(siteOf[a], siteOf[b]);
    twoSite(s, gRe, gIm, qubitAt[s] == a, false, center <= s);
  }

  /**
   * A diagonal two-qubit gate diag(d_0, d_1, d_2, d_3) (index bit 0 = {@code a}, bit 1 = {@code b}, re/im). On
   * neighbouring sites it is one two-site update; on distant sites it acts where the qubits are, as a matrix product
   * operator of bond 2, Σ_x |x⟩⟨x| on the left qubit ⊗ diag(d_{x,·}) on the right one, which doubles the bonds
   * between them; a QR sweep back restores the canonical form and an SVD sweep forward truncates them again, with
   * the weight it drops counted. Nothing moves, so the qubits keep the sites the chain was laid out for (a swap chain
   * leaves one of them far from its other partners).
   */
  void applyDiagonal(int a, int b, double[] dRe, double[] dIm) {
    int sa = siteOf[a], sb = siteOf[b];
    if (a == b) throw new IllegalArgumentException("a two-qubit operation needs two distinct qubits, got " + a + " twice");
    if (Math.abs(sa - sb) == 1) {
      double[] gr = new double[16], gi = new double[16];
      for (int x = 0; x < 4; x++) {
        gr[x * 5] = dRe[x];
        gi[x * 5] = dIm[x];
      }
      apply2(a, b, gr, gi);
      return;
    }
    int i = Math.min(sa, sb), j = Math.max(sa, sb);
    boolean aLeft = sa < sb;
    // the sweeps below need sites left of i left isometries and right of j right ones: a center within [i, j] gives both
    if (center < i) moveCenter(i);
    if (center > j) moveCenter(j);
    int[] old = java.util.Arrays.copyOfRange(dim, i, j + 2);
    // site i: the bond to its right carries the left qubit's value x, A'[l, p, (x, r)] = δ(p, x)·A[l, p, r]
    {
      int L = old[0], R = old[1];
      double[] nr = new double[L * 2 * 2 * R], ni = new double[L * 2 * 2 * R];
      for (int l = 0; l < L; l++) {
        for (int p = 0; p < 2; p++) {
          int from = (l * 2 + p) * R, to = (l * 2 + p) * 2 * R + p * R;
          System.arraycopy(re[i], from, nr, to, R);
          System.arraycopy(im[i], from, ni, to, R);
        }
      }
      re[i] = nr;
      im[i] = ni;
    }
    // sites between: a copy of the tensor for each x, A'[(x, l), p, (x, r)] = A[l, p, r]
    for (int k = i + 1; k < j; k++) {
      int L = old[k - i], R = old[k - i + 1];
      double[] nr = new double[2 * L * 2 * 2 * R], ni = new double[2 * L * 2 * 2 * R];
      for (int x = 0; x < 2; x++) {
        for (int l = 0; l < L; l++) {
          for (int p = 0; p < 2; p++) {
            int from = (l * 2 + p) * R, to = ((x * L + l) * 2 + p) * 2 * R + x * R;
            System.arraycopy(re[k], from, nr, to, R);
            System.arraycopy(im[k], from, ni, to, R);
          }
        }
      }
      re[k] = nr;
      im[k] = ni;
    }
    // site j: the right qubit takes the diagonal of the left one's value, A'[(x, l), p, r] = d(x, p)·A[l, p, r]
    {
      int L = old[j - i], R = old[j - i + 1];
      double[] nr = new double[2 * L * 2 * R], ni = new double[2 * L * 2 * R];
      for (int x = 0; x < 2; x++) {
        for (int p = 0; p < 2; p++) {
          int idx = aLeft ? x | p << 1 : p | x << 1;
          double cr = dRe[idx], ci = dIm[idx];
          for (int l = 0; l < L; l++) {
            int from = (l * 2 + p) * R, to = ((x * L + l) * 2 + p) * R;
            for (int r = 0; r < R; r++) {
              double yr = re[j][from + r], yi = im[j][from + r];
              nr[to + r] = cr * yr - ci * yi;
              ni[to + r] = cr * yi + ci * yr;
            }
          }
        }
      }
      re[j] = nr;
      im[j] = ni;
    }
    for (int k = i + 1; k <= j; k++) dim[k] = 2 * old[k - i];
    // sites i..j hold the state exactly but out of canonical form: QR from j back to i makes i+1..j right isometries
    center = j;
    moveCenter(i);
    for (int k = i; k < j; k++) truncateRight(k);
  }

  /**
   * With the center at {@code s}, the sites left of it left isometries and right of it right isometries: splits
   * site s by a truncated SVD into a left isometry and the factor it passes to site s+1, the new center.
   */
  private void truncateRight(int s) {
    int L = dim[s], m = dim[s + 1], R = dim[s + 2];
    ComplexSplit.Result f = ComplexSplit.split(re[s], im[s], L * 2, m, maxBond, threshold);
    int k = f.k();
    double[] nr = new double[k * 2 * R], ni = new double[k * 2 * R];
    multiply(f.bRe(), f.bIm(), k, m, re[s + 1], im[s + 1], 2 * R, nr, ni);
    re[s] = f.uRe();
    im[s] = f.uIm();
    re[s + 1] = nr;
    im[s + 1] = ni;
    dim[s + 1] = k;
    discarded += f.discarded();
    logFidelity += Math.log1p(-Math.min(f.discarded(), 1));
    largestBond = Math.max(largestBond, k);
    center = s + 1;
  }

  /** Weight ‖G·ψ‖² of a 4×4 G on {@code a, b} (brings them together; the state is unchanged). */
  double weight2(int a, int b, double[] gRe, double[] gIm) {
    bringTogether(a, b);
    int s = Math.min(siteOf[a], siteOf[b]);
    if (center < s) moveCenter(s);
    if (center > s + 1) moveCenter(s + 1);
    double[][] t = theta(s);
    applyLocal(t, dim[s], dim[s + 2], gRe, gIm, qubitAt[s] == a);
    double w = 0;
    for (int i = 0; i < t[0].length; i++) w += t[0][i] * t[0][i] + t[1][i] * t[1][i];
    return w;
  }

  private void bringTogether(int a, int b) {
    if (a == b) throw new IllegalArgumentException("a two-qubit operation needs two distinct qubits, got " + a + " twice");
    while (Math.abs(siteOf[a] - siteOf[b]) > 1) {
      int sa = siteOf[a];
      if (sa < siteOf[b]) {
        twoSite(sa, null, null, true, true, true);
      } else {
        twoSite(sa - 1, null, null, true, true, false);
      }
    }
  }

  /** θ = A_s·A_{s+1} as [re, im], index ((l·2 + p1)·2 + p2)·R + r. */
  private double[][] theta(int s) {
    int L = dim[s], m = dim[s + 1], R = dim[s + 2];
    double[] tr = new double[L * 4 * R], ti = new double[L * 4 * R];
    double[] ar = re[s], ai = im[s], br = re[s + 1], bi = im[s + 1];
    for (int l = 0; l < L; l++) {
      for (int p1 = 0; p1 < 2; p1++) {
        int ao = (l * 2 + p1) * m;
        for (int k = 0; k < m; k++) {
          double xr = ar[ao + k], xi = ai[ao + k];
          if (xr == 0 && xi == 0) continue;
          for (int p2 = 0; p2 < 2; p2++) {
            int bo = (k * 2 + p2) * R, to = ((l * 2 + p1) * 2 + p2) * R;
            for (int r = 0; r < R; r++) {
              double yr = br[bo + r], yi = bi[bo + r];
              tr[to + r] += xr * yr - xi * yi;
              ti[to + r] += xr * yi + xi * yr;
            }
          }
        }
      }
    }
    return new double[][] {tr, ti};
  }

  /** Applies G to θ's physical pair; {@code firstIsBit0}: the left site's qubit is G's bit 0. */
  private static void applyLocal(double[][] t, int L, int R, double[] gRe, double[] gIm, boolean firstIsBit0) {
    double[] vr = new double[4], vi = new double[4];
    int[] idx = new int[4];
    for (int local = 0; local < 4; local++) {
      int p1 = firstIsBit0 ? local & 1 : local >> 1, p2 = firstIsBit0 ? local >> 1 : local & 1;
      idx[local] = (p1 * 2 + p2) * R;
    }
    for (int l = 0; l < L; l++) {
      int base = l * 4 * R;
      for (int r = 0; r < R; r++) {
        for (int j = 0; j < 4; j++) {
          vr[j] = t[0][base + idx[j] + r];
          vi[j] = t[1][base + idx[j] + r];
        }
        for (int i = 0; i < 4; i++) {
          double sr = 0, si = 0;
          for (int j = 0; j < 4; j++) {
            double gr = gRe[i * 4 + j], gi = gIm[i * 4 + j];
            sr += gr * vr[j] - gi * vi[j];
            si += gr * vi[j] + gi * vr[j];
          }
          t[0][base + idx[i] + r] = sr;
          t[1][base + idx[i] + r] = si;
        }
      }
    }
  }

  /**
   * Contracts sites s, s+1, applies G (if any), swaps their qubits when asked, and splits again
   * with truncation, leaving the center at s+1 ({@code centerRight}) or s.
   */
  private void twoSite(int s, double[] gRe, double[] gIm, boolean firstIsBit0, boolean swap, boolean centerRight) {
    if (center < s) moveCenter(s);
    if (center > s + 1) moveCenter(s + 1);
    int L = dim[s], R = dim[s + 2];
    double[][] t = theta(s);
    if (gRe != null) applyLocal(t, L, R, gRe, gIm, firstIsBit0);
    if (swap) {
      for (int l = 0; l < L; l++) {
        int o01 = (l * 4 + 1) * R, o10 = (l * 4 + 2) * R;
        for (int r = 0; r < R; r++) {
          double x = t[0][o01 + r], y = t[1][o01 + r];
          t[0][o01 + r] = t[0][o10 + r];
          t[1][o01 + r] = t[1][o10 + r];
          t[0][o10 + r] = x;
          t[1][o10 + r] = y;
        }
      }
      int qa = qubitAt[s], qb = qubitAt[s + 1];
      qubitAt[s] = qb;
      qubitAt[s + 1] = qa;
      siteOf[qb] = s;
      siteOf[qa] = s + 1;
    }
    split(s, t[0], t[1], L * 2, 2 * R, centerRight, maxBond);
  }

  /** Writes M (rows l·2+p of site s, columns of site s+1) back as two sites, center on the chosen side. */
  private void split(int s, double[] mRe, double[] mIm, int rows, int cols, boolean centerRight, int cap) {
    ComplexSplit.Result f;
    double[] leftRe, leftIm, rightRe, rightIm;
    int k;
    if (centerRight) {
      f = ComplexSplit.split(mRe, mIm, rows, cols, cap, threshold);
      k = f.k();
      leftRe = f.uRe();
      leftIm = f.uIm();
      rightRe = f.bRe();
      rightIm = f.bIm();
    } else {
      double[][] h = adjoint(mRe, mIm, rows, cols);
      f = ComplexSplit.split(h[0], h[1], cols, rows, cap, threshold);
      k = f.k();
      double[][] l = adjoint(f.bRe(), f.bIm(), k, rows);
      double[][] r = adjoint(f.uRe(), f.uIm(), cols, k);
      leftRe = l[0];
      leftIm = l[1];
      rightRe = r[0];
      rightIm = r[1];
    }
    discarded += f.discarded();
    logFidelity += Math.log1p(-Math.min(f.discarded(), 1));
    re[s] = leftRe;
    im[s] = leftIm;
    re[s + 1] = rightRe;
    im[s + 1] = rightIm;
    dim[s + 1] = k;
    largestBond = Math.max(largestBond, k);
    center = centerRight ? s + 1 : s;
  }

  private static double[][] adjoint(double[] mRe, double[] mIm, int rows, int cols) {
    double[] r = new double[rows * cols], i = new double[rows * cols];
    for (int a = 0; a < rows; a++) {
      for (int b = 0; b < cols; b++) {
        r[b * rows + a] = mRe[a * cols + b];
        i[b * rows + a] = -mIm[a * cols + b];
      }
    }
    return new double[][] {r, i};
  }

  /** Moves the orthogonality center to {@code site}, one bond at a time, by QR (no truncation). */
  void moveCenter(int site) {
    while (center < site) {
      int s = center;
      int L = dim[s], m = dim[s + 1], R = dim[s + 2];
      double[][] qr = qr(re[s], im[s], L * 2, m);
      int k = (int) qr[4][0];
      double[] nr = new double[k * 2 * R], ni = new double[k * 2 * R];
      multiply(qr[2], qr[3], k, m, re[s + 1], im[s + 1], 2 * R, nr, ni);
      re[s] = qr[0];
      im[s] = qr[1];
      re[s + 1] = nr;
      im[s + 1] = ni;
      dim[s + 1] = k;
      center = s + 1;
    }
    while (center > site) {
      int s = center;
      int L = dim[s], m = dim[s - 1], R = dim[s + 1];
      double[][] h = adjoint(re[s], im[s], L, 2 * R);
      double[][] qr = qr(h[0], h[1], 2 * R, L);
      int k = (int) qr[4][0];
      double[][] right = adjoint(qr[0], qr[1], 2 * R, k);
      double[][] rAdj = adjoint(qr[2], qr[3], k, L);
      double[] nr = new double[m * 2 * k], ni = new double[m * 2 * k];
      multiply(re[s - 1], im[s - 1], m * 2, L, rAdj[0], rAdj[1], k, nr, ni);
      re[s] = right[0];
      im[s] = right[1];
      re[s - 1] = nr;
      im[s - 1] = ni;
      dim[s] = k;
      center = s - 1;
    }
  }

  /**
   * M (rows × cols) = Q·R by modified Gram–Schmidt on the columns (twice, for orthogonality to
   * rounding), Q rows × k with orthonormal columns, R k × cols; columns that add no new direction
   * (relative norm below 1e-13) add no column to Q. Returns {Q re, Q im, R re, R im, {k}}.
   */
  private static double[][] qr(double[] mRe, double[] mIm, int rows, int cols) {
    double[][] qRe = new double[cols][], qIm = new double[cols][];
    double[] rRe = new double[cols * cols], rIm = new double[cols * cols];
    double scale = 0;
    for (int i = 0; i < rows * cols; i++) scale = Math.max(scale, Math.abs(mRe[i]) + Math.abs(mIm[i]));
    int k = 0;
    for (int j = 0; j < cols; j++) {
      double[] vr = new double[rows], vi = new double[rows];
      double before = 0;
      for (int i = 0; i < rows; i++) {
        vr[i] = mRe[i * cols + j];
        vi[i] = mIm[i * cols + j];
        before += vr[i] * vr[i] + vi[i] * vi[i];
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int c = 0; c < k; c++) {
          double pr = 0, pi = 0;
          for (int i = 0; i < rows; i++) {
            pr += qRe[c][i] * vr[i] + qIm[c][i] * vi[i];
            pi += qRe[c][i] * vi[i] - qIm[c][i] * vr[i];
          }
          for (int i = 0; i < rows; i++) {
            vr[i] -= pr * qRe[c][i] - pi * qIm[c][i];
            vi[i] -= pr * qIm[c][i] + pi * qRe[c][i];
          }
          rRe[c * cols + j] += pr;
          rIm[c * cols + j] += pi;
        }
      }
      double nrm = 0;
      for (int i = 0; i < rows; i++) nrm += vr[i] * vr[i] + vi[i] * vi[i];
      if (k < rows && nrm > 1e-26 * Math.max(before, scale * scale)) {
        double norm = Math.sqrt(nrm);
        for (int i = 0; i < rows; i++) {
          vr[i] /= norm;
          vi[i] /= norm;
        }
        qRe[k] = vr;
        qIm[k] = vi;
        rRe[k * cols + j] = norm;
        k++;
      }
    }
    if (k == 0) {
      qRe[0] = new double[rows];
      qIm[0] = new double[rows];
      qRe[0][0] = 1;
      k = 1;
    }
    double[] outQr = new double[rows * k], outQi = new double[rows * k];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < rows; i++) {
        outQr[i * k + c] = qRe[c][i];
        outQi[i * k + c] = qIm[c][i];
      }
    }
    double[] outRr = java.util.Arrays.copyOf(rRe, k * cols), outRi = java.util.Arrays.copyOf(rIm, k * cols);
    return new double[][] {outQr, outQi, outRr, outRi, {k}};
  }

  /** C (rows × cols) = A (rows × inner) · B (inner × cols), complex, C zeroed by the caller. */
  private static void multiply(double[] aRe, double[] aIm, int rows, int inner, double[] bRe, double[] bIm, int cols,
                               double[] cRe, double[] cIm) {
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < inner; k++) {
        double xr = aRe[i * inner + k], xi = aIm[i * inner + k];
        if (xr == 0 && xi == 0) continue;
        for (int j = 0; j < cols; j++) {
          double yr = bRe[k * cols + j], yi = bIm[k * cols + j];
          cRe[i * cols + j] += xr * yr - xi * yi;
          cIm[i * cols + j] += xr * yi + xi * yr;
        }
      }
    }
  }

  /** Outcome of every site for one shot, into {@code bits} by qubit: O(n·χ²), the state untouched. Precondition: center at 0. */
  void sample(SplittableRandom rng, int[] bits) {
    if (center != 0) throw new IllegalStateException("sampling needs the center at site 0, it is at " + center);
    double[] er = {1}, ei = {0};
    for (int s = 0; s < n; s++) {
      int L = dim[s], R = dim[s + 1];
      double[] v0r = new double[R], v0i = new double[R], v1r = new double[R], v1i = new double[R];
      contract(s, er, ei, L, R, v0r, v0i, v1r, v1i);
      double w0 = 0, w1 = 0;
      for (int r = 0; r < R; r++) {
        w0 += v0r[r] * v0r[r] + v0i[r] * v0i[r];
        w1 += v1r[r] * v1r[r] + v1i[r] * v1i[r];
      }
      int outcome = rng.nextDouble() * (w0 + w1) < w1 ? 1 : 0;
      double w = outcome == 1 ? w1 : w0;
      double inv = 1 / Math.sqrt(w);
      er = outcome == 1 ? v1r : v0r;
      ei = outcome == 1 ? v1i : v0i;
      for (int r = 0; r < R; r++) {
        er[r] *= inv;
        ei[r] *= inv;
      }
      bits[qubitAt[s]] = outcome;
    }
  }

  /** v_p[r] = Σ_l e[l]·A_s[l][p][r]. */
  private void contract(int s, double[] er, double[] ei, int L, int R, double[] v0r, double[] v0i, double[] v1r, double[] v1i) {
    double[] ar = re[s], ai = im[s];
    for (int l = 0; l < L; l++) {
      double xr = er[l], xi = ei[l];
      if (xr == 0 && xi == 0) continue;
      int o0 = (l * 2) * R, o1 = (l * 2 + 1) * R;
      for (int r = 0; r < R; r++) {
        v0r[r] += xr * ar[o0 + r] - xi * ai[o0 + r];
        v0i[r] += xr * ai[o0 + r] + xi * ar[o0 + r];
        v1r[r] += xr * ar[o1 + r] - xi * ai[o1 + r];
        v1i[r] += xr * ai[o1 + r] + xi * ar[o1 + r];
      }
    }
  }

  /** Visitor of exact outcomes: bits by qubit and their probability. */
  interface OutcomeSink { void accept(int[] bits, double probability); }

  /**
   * Every outcome of all qubits with probability at least {@code floor}, depth first: cost
   * O(outcomes·n·χ²). Precondition: center at 0.
   */
  void enumerate(double floor, OutcomeSink sink) {
    moveCenter(0);
    double norm = normSquared();
    enumerate(0, new double[] {1 / Math.sqrt(norm)}, new double[] {0}, 1.0, floor, new int[n], sink);
  }

  private void enumerate(int s, double[] er, double[] ei, double p, double floor, int[] bits, OutcomeSink sink) {
    if (s == n) {
      sink.accept(bits, p);
      return;
    }
    int L = dim[s], R = dim[s + 1];
    double[] v0r = new double[R], v0i = new double[R], v1r = new double[R], v1i = new double[R];
    contract(s, er, ei, L, R, v0r, v0i, v1r, v1i);
    double w0 = 0, w1 = 0;
    for (int r = 0; r < R; r++) {
      w0 += v0r[r] * v0r[r] + v0i[r] * v0i[r];
      w1 += v1r[r] * v1r[r] + v1i[r] * v1i[r];
    }
    double total = w0 + w1;
    for (int outcome = 0; outcome < 2; outcome++) {
      double w = outcome == 1 ? w1 : w0;
      if (!(w > 0) || p * w / total < floor) continue;
      double[] nr = (outcome == 1 ? v1r : v0r).clone(), ni = (outcome == 1 ? v1i : v0i).clone();
      double inv = 1 / Math.sqrt(w);
      for (int r = 0; r < R; r++) {
        nr[r] *= inv;
        ni[r] *= inv;
      }
      bits[qubitAt[s]] = outcome;
      enumerate(s + 1, nr, ni, p * w / total, floor, bits, sink);
    }
  }

  /**
   * The dense state, amplitude of basis state x (bit q of x = qubit q) at [0][x] + i·[1][x]: 2^n
   * entries, for checking small states against the state vector.
   */
  double[][] amplitudes() {
    if (n > 26) throw new IllegalArgumentException("a dense copy of " + n + " qubits is too large to check");
    double[] cr = {1}, ci = {0};
    int width = 1;
    for (int s = 0; s < n; s++) {
      int L = dim[s], R = dim[s + 1];
      double[] nr = new double[width * 2 * R], ni = new double[width * 2 * R];
      for (int x = 0; x < width; x++) {
        for (int l = 0; l < L; l++) {
          double xr = cr[x * L + l], xi = ci[x * L + l];
          if (xr == 0 && xi == 0) continue;
          for (int p = 0; p < 2; p++) {
            int o = (l * 2 + p) * R, d = ((x * 2) + p) * R;
            for (int r = 0; r < R; r++) {
              nr[d + r] += xr * re[s][o + r] - xi * im[s][o + r];
              ni[d + r] += xr * im[s][o + r] + xi * re[s][o + r];
            }
          }
        }
      }
      cr = nr;
      ci = ni;
      width *= 2;
    }
    // cr is indexed by the sites' outcomes, site 0 most significant; reorder by qubit
    double[] outR = new double[width], outI = new double[width];
    for (int x = 0; x < width; x++) {
      int basis = 0;
      for (int s = 0; s < n; s++) if ((x >> (n - 1 - s) & 1) == 1) basis |= 1 << qubitAt[s];
      outR[basis] = cr[x];
      outI[basis] = ci[x];
    }
    return new double[][] {outR, outI};
  }
}
