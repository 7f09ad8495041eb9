package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A controlled-phase chain (a QFT stage's diagonal) is 1 wherever its target is 0: the SIMD
 * diagonal marks those rows and leaves their amplitudes alone, and still equals the chain's
 * definition on ranges cut inside runs of shared factors, in both precisions.
 */
class DiagonalIdentityRowsTest {
  private static final double TOL = 1e-10;
  private static final double FLOAT_TOL = 1e-5;
  private static final int ALIGN = Math.max(DoubleVectorKernels.LANES, FloatVectorKernels.LANES);

  /** e^{i Σ_j θ_j x_j x_t} on ascending qubits, the target t the last, θ_j = π / 2^(j + 1). */
  private static FusedGate chain(int[] qs) {
    int k = qs.length;
    double[] dr = new double[1 << k], di = new double[1 << k];
    for (int u = 0; u < dr.length; u++) {
      double phase = 0;
      if ((u >> (k - 1) & 1) == 1) {
        for (int j = 0; j < k - 1; j++) phase += ((u >> j) & 1) * Math.PI / (1 << (j + 1));
      }
      dr[u] = Math.cos(phase);
      di[u] = Math.sin(phase);
    }
    return FusedGate.diagonal(qs, dr, di);
  }

  private static int count(boolean[] rows) {
    int c = 0;
    for (boolean b : rows) if (b) c++;
    return c;
  }

  @Test
  void aChainMarksTheRowsWhereItIsOne() {
    // no lane qubit: a row per (x5, x9, x12); 1 where x12 = 0 (4 rows) and at x12 = 1, x5 = x9 = 0
    int[] high = {5, 9, 12};
    for (LaneDiagonal d : new LaneDiagonal[] {LaneDiagonal.forDouble(chain(high), high), LaneDiagonal.forFloat(chain(high), high)}) {
      assertTrue(d.broadcast());
      assertEquals(8, d.identity().length);
      assertEquals(5, count(d.identity()));
    }
    // qubit 0 is a lane bit: rows (x5, x9), and at x9 = 1 the lanes with x0 = 1 turn, so only x9 = 0 is 1
    int[] lane = {0, 5, 9};
    for (LaneDiagonal d : new LaneDiagonal[] {LaneDiagonal.forDouble(chain(lane), lane), LaneDiagonal.forFloat(chain(lane), lane)}) {
      assertFalse(d.broadcast());
      assertEquals(4, d.identity().length);
      assertEquals(2, count(d.identity()));
    }
    assertNull(LaneDiagonal.forDouble(chain(high), high).scaled(Math.sqrt(0.5)).identity(), "a scaled chain is 1 nowhere");
  }

  @Test
  void skippedRowsLeaveTheChainsProductExact() {
    int n = 14, len = 1 << n;
    for (int[] qs : new int[][] {{5, 9, 12}, {0, 5, 9}, {1, 2, 6, 13}, {4, 7, 8, 9, 10, 11}}) {
      FusedGate g = chain(qs);
      LaneDiagonal dd = LaneDiagonal.forDouble(g, qs), df = LaneDiagonal.forFloat(g, qs);
      double[][] amp = randomAmplitudes(n, 17);
      assertDiagonalOnRanges(g, qs, dd, df, amp, new int[][] {{0, len}, {3 * ALIGN, len - 5 * ALIGN}, {ALIGN, 2 * ALIGN}},
          TOL, FLOAT_TOL);
    }
  }

  @Test
  void aRealGateThenAChainInOneSweepEqualsTheTwoInTurn() {
    int n = 14, len = 1 << n;
    double c = Math.sqrt(0.5);
    for (int[] qs : new int[][] {{5, 9, 12}, {4, 7, 8, 9, 10, 11}, {6, 13}}) {
      FusedGate d = chain(qs);
      // the real gate on the chain's target (pairs whose halves take different rows) and on a qubit outside it
      for (int q : new int[] {qs[qs.length - 1], 10}) {
        FusedGate g = FusedGate.of(Gate.of(GateKind.H), new int[] {q});
        double[][] amp = randomAmplitudes(n, 23);
        double[] re = amp[0].clone(), im = amp[1].clone();
        float[] fre = toFloat(amp[0]), fim = toFloat(amp[1]);
        int from = 2 << q, to = len - (2 << q);
        DoubleVectorKernels.realThenDiagonal(re, im, g, LaneDiagonal.forDouble(d, qs), 0, from, to);
        FloatVectorKernels.realThenDiagonal(fre, fim, g, LaneDiagonal.forFloat(d, qs), 0, from, to);
        for (int i = 0; i < len; i++) {
          boolean in = i >= from && i < to;
          int partner = i ^ (1 << q);
          // H: (x0 + x1)/√2 on the 0 half, (x0 - x1)/√2 on the 1 half, x0 the amplitude with bit q clear
          double hr, hi;
          if ((i >> q & 1) == 0) {
            hr = c * (amp[0][i] + amp[0][partner]);
            hi = c * (amp[1][i] + amp[1][partner]);
          } else {
            hr = c * (amp[0][partner] - amp[0][i]);
            hi = c * (amp[1][partner] - amp[1][i]);
          }
          int key = 0;
          for (int j = 0; j < qs.length; j++) key |= ((i >> qs[j]) & 1) << j;
          double er = in ? d.re()[key] * hr - d.im()[key] * hi : amp[0][i];
          double ei = in ? d.re()[key] * hi + d.im()[key] * hr : amp[1][i];
          String where = Arrays.toString(qs) + " after H on " + q + " at " + i;
          assertEquals(er, re[i], TOL, "double " + where);
          assertEquals(ei, im[i], TOL, "double " + where);
          assertEquals(er, fre[i], FLOAT_TOL, "single " + where);
          assertEquals(ei, fim[i], FLOAT_TOL, "single " + where);
        }
      }
    }
  }
}
