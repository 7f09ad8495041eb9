package io.qubitd.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD forms (Vector API) of the hot loops in double precision: 1-qubit dense
 * gates, real 1-qubit gates two at a time, Hadamard butterflies three at a time, and lane-table
 * diagonals. The scalar loops in {@link DoubleKernels} stay for ranges too short or misaligned for
 * whole vectors.
 */
final class DoubleVectorKernels {
  private DoubleVectorKernels() {}

  static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  static final int LANES = S.length();
  static final int LANE_BITS = Integer.numberOfTrailingZeros(LANES);

  /**
   * A 1-qubit dense matrix on qubit q over groups [from, to). Precondition for q below
   * {@link #LANE_BITS}: from and to are multiples of LANES / 2 (see {@link #suitsLow}).
   */
  static void dense1(double[] re, double[] im, int q, double[] mr, double[] mi, int from, int to) {
    boolean real = mi[0] == 0 && mi[1] == 0 && mi[2] == 0 && mi[3] == 0;
    if (q >= LANE_BITS) dense1High(re, im, 1 << q, mr, mi, real, from, to);
    else dense1Low(re, im, 1 << q, mr, mi, real, from, to);
  }

  /** Whether groups [from, to) of a gate on a qubit below {@link #LANE_BITS} cover whole vectors. */
  static boolean suitsLow(int from, int to) {
    int half = LANES >> 1;
    return from % half == 0 && to % half == 0;
  }

  /** Both halves of each pair stream are contiguous runs of at least one vector. */
  private static void dense1High(double[] re, double[] im, int s, double[] mr, double[] mi, boolean real, int from, int to) {
    int low = s - 1;
    DoubleVector m00r = DoubleVector.broadcast(S, mr[0]), m01r = DoubleVector.broadcast(S, mr[1]);
    DoubleVector m10r = DoubleVector.broadcast(S, mr[2]), m11r = DoubleVector.broadcast(S, mr[3]);
    DoubleVector m00i = DoubleVector.broadcast(S, mi[0]), m01i = DoubleVector.broadcast(S, mi[1]);
    DoubleVector m10i = DoubleVector.broadcast(S, mi[2]), m11i = DoubleVector.broadcast(S, mi[3]);
    DoubleVector n00i = m00i.neg(), n01i = m01i.neg(), n10i = m10i.neg(), n11i = m11i.neg();
    int g = from;
    while (g < to) {
      int i0 = ((g & ~low) << 1) | (g & low);
      int len = Math.min(to - g, s - (g & low));
      int end = i0 + len, a = i0;
      if (real) {
        for (; a <= end - LANES; a += LANES) {
          int b = a + s;
          DoubleVector ar = DoubleVector.fromArray(S, re, a), ai = DoubleVector.fromArray(S, im, a);
          DoubleVector br = DoubleVector.fromArray(S, re, b), bi = DoubleVector.fromArray(S, im, b);
          br.fma(m01r, ar.mul(m00r)).intoArray(re, a);
          bi.fma(m01r, ai.mul(m00r)).intoArray(im, a);
          br.fma(m11r, ar.mul(m10r)).intoArray(re, b);
          bi.fma(m11r, ai.mul(m10r)).intoArray(im, b);
        }
      } else {
        for (; a <= end - LANES; a += LANES) {
          int b = a + s;
          DoubleVector ar = DoubleVector.fromArray(S, re, a), ai = DoubleVector.fromArray(S, im, a);
          DoubleVector br = DoubleVector.fromArray(S, re, b), bi = DoubleVector.fromArray(S, im, b);
          bi.fma(n01i, br.fma(m01r, ai.fma(n00i, ar.mul(m00r)))).intoArray(re, a);
          br.fma(m01i, bi.fma(m01r, ar.fma(m00i, ai.mul(m00r)))).intoArray(im, a);
          bi.fma(n11i, br.fma(m11r, ai.fma(n10i, ar.mul(m10r)))).intoArray(re, b);
          br.fma(m11i, bi.fma(m11r, ar.fma(m10i, ai.mul(m10r)))).intoArray(im, b);
        }
      }
      for (; a < end; a++) pair(re, im, a, a + s, mr, mi);
      g += len;
    }
  }

  private static void pair(double[] re, double[] im, int a, int b, double[] mr, double[] mi) {
    double ar = re[a], ai = im[a], br = re[b], bi = im[b];
    re[a] = mr[0] * ar - mi[0] * ai + mr[1] * br - mi[1] * bi;
    im[a] = mr[0] * ai + mi[0] * ar + mr[1] * bi + mi[1] * br;
    re[b] = mr[2] * ar - mi[2] * ai + mr[3] * br - mi[3] * bi;
    im[b] = mr[2] * ai + mi[2] * ar + mr[3] * bi + mi[3] * br;
  }

  /**
   * Both amplitudes of a pair sit in one vector: each lane takes its own amplitude times c1 plus
   * its partner (lane ^ s, brought in by a shuffle) times c2, with per-lane coefficients.
   */
  private static void dense1Low(double[] re, double[] im, int s, double[] mr, double[] mi, boolean real, int from, int to) {
    double[] c1r = new double[LANES], c1i = new double[LANES], c2r = new double[LANES], c2i = new double[LANES];
    for (int l = 0; l < LANES; l++) {
      boolean one = (l & s) != 0;
      c1r[l] = one ? mr[3] : mr[0];
      c1i[l] = one ? mi[3] : mi[0];
      c2r[l] = one ? mr[2] : mr[1];
      c2i[l] = one ? mi[2] : mi[1];
    }
    DoubleVector v1r = DoubleVector.fromArray(S, c1r, 0), v2r = DoubleVector.fromArray(S, c2r, 0);
    DoubleVector v1i = DoubleVector.fromArray(S, c1i, 0), v2i = DoubleVector.fromArray(S, c2i, 0);
    DoubleVector n1i = v1i.neg(), n2i = v2i.neg();
    VectorShuffle<Double> partner = VectorShuffle.fromOp(S, l -> l ^ s);
    int end = 2 * to;
    if (real) {
      for (int a = 2 * from; a < end; a += LANES) {
        DoubleVector xr = DoubleVector.fromArray(S, re, a), xi = DoubleVector.fromArray(S, im, a);
        DoubleVector yr = xr.rearrange(partner), yi = xi.rearrange(partner);
        yr.fma(v2r, xr.mul(v1r)).intoArray(re, a);
        yi.fma(v2r, xi.mul(v1r)).intoArray(im, a);
      }
      return;
    }
    for (int a = 2 * from; a < end; a += LANES) {
      DoubleVector xr = DoubleVector.fromArray(S, re, a), xi = DoubleVector.fromArray(S, im, a);
      DoubleVector yr = xr.rearrange(partner), yi = xi.rearrange(partner);
      yi.fma(n2i, yr.fma(v2r, xi.fma(n1i, xr.mul(v1r)))).intoArray(re, a);
      yr.fma(v2i, yi.fma(v2r, xr.fma(v1i, xi.mul(v1r)))).intoArray(im, a);
    }
  }

  /** Whether {@code g} can go in {@link #dense1Pair}: a real 1-qubit dense matrix on a qubit of at least {@link #LANE_BITS}. */
  static boolean pairable(FusedGate g) {
    if (g.isDiagonal() || g.width() != 1 || g.qubitsShared()[0] < LANE_BITS) return false;
    for (double x : g.im()) if (x != 0) return false;
    return true;
  }

  /**
   * Two real 1-qubit matrices on distinct qubits qa and qb in one sweep over amplitudes [from, to):
   * each quad of amplitude vectors is loaded once for both, halving the traffic to L1 or L2.
   * Precondition: both {@link #pairable}, from and to multiples of 2^(max(qa, qb) + 1).
   */
  static void dense1Pair(double[] re, double[] im, int qa, double[] ma, int qb, double[] mb, int from, int to) {
    double[] ml = qa < qb ? ma : mb, mh = qa < qb ? mb : ma;
    int sl = 1 << Math.min(qa, qb), sh = 1 << Math.max(qa, qb);
    if (isButterfly(ma) && isButterfly(mb)) {
      butterflyPair(re, im, sl, sh, from, to);
      return;
    }
    DoubleVector l00 = DoubleVector.broadcast(S, ml[0]), l01 = DoubleVector.broadcast(S, ml[1]);
    DoubleVector l10 = DoubleVector.broadcast(S, ml[2]), l11 = DoubleVector.broadcast(S, ml[3]);
    DoubleVector h00 = DoubleVector.broadcast(S, mh[0]), h01 = DoubleVector.broadcast(S, mh[1]);
    DoubleVector h10 = DoubleVector.broadcast(S, mh[2]), h11 = DoubleVector.broadcast(S, mh[3]);
    for (int h = from; h < to; h += 2 * sh) {
      for (int l = h; l < h + sh; l += 2 * sl) {
        for (int a = l; a < l + sl; a += LANES) {
          int b = a + sl, c = a + sh, d = b + sh;
          DoubleVector ar = DoubleVector.fromArray(S, re, a), br = DoubleVector.fromArray(S, re, b);
          DoubleVector cr = DoubleVector.fromArray(S, re, c), dr = DoubleVector.fromArray(S, re, d);
          DoubleVector ai = DoubleVector.fromArray(S, im, a), bi = DoubleVector.fromArray(S, im, b);
          DoubleVector ci = DoubleVector.fromArray(S, im, c), di = DoubleVector.fromArray(S, im, d);
          // the lower qubit pairs (a, b) and (c, d)
          DoubleVector ar1 = br.fma(l01, ar.mul(l00)), br1 = br.fma(l11, ar.mul(l10));
          DoubleVector cr1 = dr.fma(l01, cr.mul(l00)), dr1 = dr.fma(l11, cr.mul(l10));
          DoubleVector ai1 = bi.fma(l01, ai.mul(l00)), bi1 = bi.fma(l11, ai.mul(l10));
          DoubleVector ci1 = di.fma(l01, ci.mul(l00)), di1 = di.fma(l11, ci.mul(l10));
          // the higher qubit pairs (a, c) and (b, d)
          cr1.fma(h01, ar1.mul(h00)).intoArray(re, a);
          cr1.fma(h11, ar1.mul(h10)).intoArray(re, c);
          dr1.fma(h01, br1.mul(h00)).intoArray(re, b);
          dr1.fma(h11, br1.mul(h10)).intoArray(re, d);
          ci1.fma(h01, ai1.mul(h00)).intoArray(im, a);
          ci1.fma(h11, ai1.mul(h10)).intoArray(im, c);
          di1.fma(h01, bi1.mul(h00)).intoArray(im, b);
          di1.fma(h11, bi1.mul(h10)).intoArray(im, d);
        }
      }
    }
  }

  /** Whether a 2x2 row-major real matrix is the butterfly [[1, 1], [1, -1]]. */
  static boolean isButterfly(double[] m) {
    return m[0] == 1 && m[1] == 1 && m[2] == 1 && m[3] == -1;
  }

  /** {@link #dense1Pair} for two butterflies: adds and subtracts only. */
  private static void butterflyPair(double[] re, double[] im, int sl, int sh, int from, int to) {
    for (int h = from; h < to; h += 2 * sh) {
      for (int l = h; l < h + sh; l += 2 * sl) {
        for (int a = l; a < l + sl; a += LANES) {
          int b = a + sl, c = a + sh, d = b + sh;
          DoubleVector ar = DoubleVector.fromArray(S, re, a), br = DoubleVector.fromArray(S, re, b);
          DoubleVector cr = DoubleVector.fromArray(S, re, c), dr = DoubleVector.fromArray(S, re, d);
          DoubleVector ar1 = ar.add(br), br1 = ar.sub(br), cr1 = cr.add(dr), dr1 = cr.sub(dr);
          ar1.add(cr1).intoArray(re, a);
          ar1.sub(cr1).intoArray(re, c);
          br1.add(dr1).intoArray(re, b);
          br1.sub(dr1).intoArray(re, d);
          DoubleVector ai = DoubleVector.fromArray(S, im, a), bi = DoubleVector.fromArray(S, im, b);
          DoubleVector ci = DoubleVector.fromArray(S, im, c), di = DoubleVector.fromArray(S, im, d);
          DoubleVector ai1 = ai.add(bi), bi1 = ai.sub(bi), ci1 = ci.add(di), di1 = ci.sub(di);
          ai1.add(ci1).intoArray(im, a);
          ai1.sub(ci1).intoArray(im, c);
          bi1.add(di1).intoArray(im, b);
          bi1.sub(di1).intoArray(im, d);
        }
      }
    }
  }

  /**
   * Butterflies on three distinct qubits of at least {@link #LANE_BITS} in one sweep of one array
   * (real and imaginary parts transform alike): each octet of vectors is loaded and stored once.
   * Precondition: from and to multiples of 2^(max qubit + 1).
   */
  static void butterflyTriple(double[] x, int qa, int qb, int qc, int from, int to) {
    int lo = Math.min(qa, Math.min(qb, qc)), hi = Math.max(qa, Math.max(qb, qc)), mid = qa + qb + qc - lo - hi;
    int s1 = 1 << lo, s2 = 1 << mid, s3 = 1 << hi;
    for (int h = from; h < to; h += 2 * s3) {
      for (int m = h; m < h + s3; m += 2 * s2) {
        for (int l = m; l < m + s2; l += 2 * s1) {
          for (int a = l; a < l + s1; a += LANES) {
            DoubleVector v0 = DoubleVector.fromArray(S, x, a), v1 = DoubleVector.fromArray(S, x, a + s1);
            DoubleVector v2 = DoubleVector.fromArray(S, x, a + s2), v3 = DoubleVector.fromArray(S, x, a + s1 + s2);
            DoubleVector v4 = DoubleVector.fromArray(S, x, a + s3), v5 = DoubleVector.fromArray(S, x, a + s1 + s3);
            DoubleVector v6 = DoubleVector.fromArray(S, x, a + s2 + s3), v7 = DoubleVector.fromArray(S, x, a + s1 + s2 + s3);
            DoubleVector w0 = v0.add(v1), w1 = v0.sub(v1), w2 = v2.add(v3), w3 = v2.sub(v3);
            DoubleVector w4 = v4.add(v5), w5 = v4.sub(v5), w6 = v6.add(v7), w7 = v6.sub(v7);
            v0 = w0.add(w2);
            v2 = w0.sub(w2);
            v1 = w1.add(w3);
            v3 = w1.sub(w3);
            v4 = w4.add(w6);
            v6 = w4.sub(w6);
            v5 = w5.add(w7);
            v7 = w5.sub(w7);
            v0.add(v4).intoArray(x, a);
            v0.sub(v4).intoArray(x, a + s3);
            v1.add(v5).intoArray(x, a + s1);
            v1.sub(v5).intoArray(x, a + s1 + s3);
            v2.add(v6).intoArray(x, a + s2);
            v2.sub(v6).intoArray(x, a + s2 + s3);
            v3.add(v7).intoArray(x, a + s1 + s2);
            v3.sub(v7).intoArray(x, a + s1 + s2 + s3);
          }
        }
      }
    }
  }

  /**
   * A prepared diagonal over local amplitudes [from, to) of a block whose outside bits are those of
   * {@code base}. Precondition: from and to are multiples of {@link #LANES}.
   */
  static void diagonal(LaneDiagonal d, int base, double[] re, double[] im, int from, int to) {
    double[] tr = d.doubleRe(), ti = d.doubleIm();
    int[] t0 = d.t0(), t1 = d.t1(), t2 = d.t2();
    int w = d.fieldBits(), m = (1 << w) - 1, w2 = 2 * w;
    int fixed = d.fixedRow(base);
    for (int i = from; i < to; i += LANES) {
      int v = i >>> LANE_BITS;
      int row = (fixed | t0[v & m] | t1[(v >>> w) & m] | t2[(v >>> w2) & m]) << LANE_BITS;
      DoubleVector dr = DoubleVector.fromArray(S, tr, row), di = DoubleVector.fromArray(S, ti, row);
      DoubleVector xr = DoubleVector.fromArray(S, re, i), xi = DoubleVector.fromArray(S, im, i);
      xi.fma(di.neg(), xr.mul(dr)).intoArray(re, i);
      xr.fma(di, xi.mul(dr)).intoArray(im, i);
    }
  }
}
