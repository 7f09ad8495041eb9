package io.qubitd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Operation;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.ejml.data.ZMatrixRMaj;

/** Shared fixtures: settings for each execution path, random states and matrices. */
final class KernelTestSupport {
  private KernelTestSupport() {}

  static final long MEMORY = 1L << 30;

  /** One thread, never parallel. */
  static KernelSettings sequential(int fusionWidth) {
    return new KernelSettings(fusionWidth, 30, 1, MEMORY, Precision.DOUBLE);
  }

  /** Two threads from 10 qubits up, so 14–18-qubit tests take the parallel path. */
  static KernelSettings parallel(int fusionWidth) {
    return new KernelSettings(fusionWidth, 10, 2, MEMORY, Precision.DOUBLE);
  }

  static double[][] randomAmplitudes(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int len = 1 << n;
    double[] re = new double[len], im = new double[len];
    double norm = 0;
    for (int i = 0; i < len; i++) {
      re[i] = r.nextDouble(-1, 1);
      im[i] = r.nextDouble(-1, 1);
      norm += re[i] * re[i] + im[i] * im[i];
    }
    double f = 1 / Math.sqrt(norm);
    for (int i = 0; i < len; i++) {
      re[i] *= f;
      im[i] *= f;
    }
    return new double[][] {re, im};
  }

  static ZMatrixRMaj randomMatrix(int dim, SplittableRandom r) {
    ZMatrixRMaj m = new ZMatrixRMaj(dim, dim);
    for (int a = 0; a < dim; a++) for (int b = 0; b < dim; b++) m.set(a, b, r.nextDouble(-1, 1), r.nextDouble(-1, 1));
    return m;
  }

  /**
   * A gate's full matrix applied by plain loops, in place, to the groups of v (amplitudes whose bits
   * on the gate's qubits q vary) whose base index (those bits 0) {@code groups} accepts: the
   * independent reference for blocked, permuted and structured results; shares no code with the kernels.
   */
  static void applyPlain(ZMatrixRMaj m, int[] q, double[][] v, IntPredicate groups) {
    int len = v[0].length, dim = 1 << q.length, mask = 0;
    for (int x : q) mask |= 1 << x;
    double[] xr = new double[dim], xi = new double[dim];
    int[] idx = new int[dim];
    for (int base = 0; base < len; base++) {
      if ((base & mask) != 0 || !groups.test(base)) continue;
      for (int u = 0; u < dim; u++) {
        int i = base;
        for (int j = 0; j < q.length; j++) i |= ((u >> j) & 1) << q[j];
        idx[u] = i;
        xr[u] = v[0][i];
        xi[u] = v[1][i];
      }
      for (int a = 0; a < dim; a++) {
        double sr = 0, si = 0;
        for (int b = 0; b < dim; b++) {
          sr += m.getReal(a, b) * xr[b] - m.getImag(a, b) * xi[b];
          si += m.getReal(a, b) * xi[b] + m.getImag(a, b) * xr[b];
        }
        v[0][idx[a]] = sr;
        v[1][idx[a]] = si;
      }
    }
  }

  /** The double-precision copy of a single-precision part of a state. */
  static double[] toDouble(float[] f) {
    double[] a = new double[f.length];
    for (int i = 0; i < f.length; i++) a[i] = f[i];
    return a;
  }

  /**
   * Every amplitude (re, im) equals the expected one within tol, relative to its size when
   * {@code relative} (single precision); {@code what} followed by the index names a miss.
   */
  static void assertSameAmplitudes(double[] er, double[] ei, double[] re, double[] im, double tol, boolean relative, String what) {
    for (int i = 0; i < er.length; i++) {
      assertEquals(er[i], re[i], relative ? tol * Math.max(1, Math.abs(er[i])) : tol, what + i);
      assertEquals(ei[i], im[i], relative ? tol * Math.max(1, Math.abs(ei[i])) : tol, what + i);
    }
  }

  /** The single-precision copy of one part of a state. */
  static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
    return f;
  }

  /**
   * Diagonal g on qubits qs, prepared as dd and df, applied by both precisions' SIMD kernels to each
   * range of amp, against its definition: amplitude i in the range times g's entry on i's bits of qs,
   * every amplitude outside it untouched.
   */
  static void assertDiagonalOnRanges(FusedGate g, int[] qs, LaneDiagonal dd, LaneDiagonal df, double[][] amp,
                                     int[][] ranges, double tol, double floatTol) {
    int len = amp[0].length;
    for (int[] range : ranges) {
      double[] re = amp[0].clone(), im = amp[1].clone();
      float[] fre = toFloat(amp[0]), fim = toFloat(amp[1]);
      DoubleVectorKernels.diagonal(dd, 0, re, im, range[0], range[1]);
      FloatVectorKernels.diagonal(df, 0, fre, fim, range[0], range[1]);
      for (int i = 0; i < len; i++) {
        int key = 0;
        for (int j = 0; j < qs.length; j++) key |= ((i >> qs[j]) & 1) << j;
        boolean in = i >= range[0] && i < range[1];
        double er = in ? g.re()[key] * amp[0][i] - g.im()[key] * amp[1][i] : amp[0][i];
        double ei = in ? g.re()[key] * amp[1][i] + g.im()[key] * amp[0][i] : amp[1][i];
        String where = Arrays.toString(qs) + " range " + Arrays.toString(range) + " at " + i;
        assertEquals(er, re[i], tol, "double " + where);
        assertEquals(ei, im[i], tol, "double " + where);
        assertEquals(er, fre[i], floatTol, "single " + where);
        assertEquals(ei, fim[i], floatTol, "single " + where);
      }
    }
  }

  /** Dense matrix × vector, the independent reference for kernel results. */
  static double[][] multiply(ZMatrixRMaj m, double[][] v) {
    int dim = m.numRows;
    double[] re = new double[dim], im = new double[dim];
    for (int a = 0; a < dim; a++) {
      double sr = 0, si = 0;
      for (int b = 0; b < dim; b++) {
        double mr = m.getReal(a, b), mi = m.getImag(a, b);
        if (mr == 0 && mi == 0) continue;
        sr += mr * v[0][b] - mi * v[1][b];
        si += mr * v[1][b] + mi * v[0][b];
      }
      re[a] = sr;
      im[a] = si;
    }
    return new double[][] {re, im};
  }

  /**
   * {@code fused} applied by {@code applyFused} in blocks of 2^b for each b, sequentially and in
   * parallel, from the amplitudes {@code amp} of n qubits, matches {@code ops} applied gate by gate:
   * double precision within {@code tol}, single within {@code floatTol} (single skipped when NaN).
   */
  static void assertFusedMatchesGateByGate(List<Operation.GateOp> ops, List<FusedGate> fused, int n, double[][] amp,
                                           int[] blocks, double tol, double floatTol) {
    for (KernelSettings s : List.of(sequential(4), parallel(4))) {
      StateVector reference = StateVector.fromAmplitudes(amp[0], amp[1], s);
      for (Operation.GateOp g : ops) reference.applyGate(g.gate(), g.qubits().stream().mapToInt(Integer::intValue).toArray());
      for (int b : blocks) {
        StateVector v = StateVector.fromAmplitudes(amp[0], amp[1], s);
        v.applyFused(fused, b);
        assertTrue(maxDiff(reference, v) < tol, "double, blocks of 2^" + b + ", " + s + ": " + maxDiff(reference, v));
        if (Double.isNaN(floatTol)) continue;
        FloatStateVector f = FloatStateVector.fromAmplitudes(amp[0], amp[1], s);
        f.applyFused(fused, b);
        double worst = 0;
        for (int i = 0; i < 1 << n; i++) worst = Math.max(worst, Math.hypot(f.re(i) - reference.re(i), f.im(i) - reference.im(i)));
        assertTrue(worst < floatTol, "single, blocks of 2^" + b + ", " + s + ": " + worst);
      }
    }
  }

  static double maxDiff(StateVector s, double[][] v) {
    double worst = 0;
    for (int i = 0; i < v[0].length; i++) {
      worst = Math.max(worst, Math.hypot(s.re(i) - v[0][i], s.im(i) - v[1][i]));
    }
    return worst;
  }

  static double maxDiff(StateVector a, StateVector b) {
    double worst = 0;
    for (long i = 0; i < 1L << a.numQubits(); i++) {
      worst = Math.max(worst, Math.hypot(a.re(i) - b.re(i), a.im(i) - b.im(i)));
    }
    return worst;
  }

  /** A random permutation's first k entries of 0..n-1. */
  static int[] randomQubits(int n, int k, SplittableRandom r) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return java.util.Arrays.copyOf(p, k);
  }
}
