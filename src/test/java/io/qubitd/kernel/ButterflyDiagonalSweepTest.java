package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Operation;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Three bare butterflies and a diagonal in one sweep (before or after them; a lane table, or a
 * broadcast one above the triple's qubits), in both precisions, on sub-ranges of a state, against
 * the butterflies applied as three scalar gates and the diagonal by its definition; and
 * random-circuit layers, whose diagonals go into the triples' sweeps, through the blocked runs
 * against gate-by-gate application.
 */
class ButterflyDiagonalSweepTest {
  private static final double TOL = 1e-10;
  private static final double FLOAT_TOL = 1e-5;

  @Test
  void tripleWithADiagonalBeforeOrAfterMatchesSeparateGatesOnSubranges() {
    SplittableRandom r = new SplittableRandom(71);
    for (boolean single : new boolean[] {false, true}) {
      int low = single ? FloatVectorKernels.LANE_BITS : DoubleVectorKernels.LANE_BITS;
      // triples from the lowest vector qubit and spread; diagonals sharing a qubit with them or not,
      // one with a qubit outside the block (global qubit 20, set in the block's base)
      int[][] triples = {{low, low + 1, low + 2}, {low + 3, low + 1, low + 5}};
      for (int[] t : triples) {
        int hi = Math.max(t[0], Math.max(t[1], t[2]));
        // lane tables (a lane qubit among the diagonal's), and broadcast ones above the triple
        int[][] diagonalQubits = {{0, low + 1, low + 4}, {1, 2, low + 2, low + 6, 20}, {0, low - 1}, {hi + 1, hi + 3}, {hi + 2, 20}};
        for (int[] dq : diagonalQubits) {
          for (boolean first : new boolean[] {true, false}) {
            check(single, t, dq, first, r);
          }
        }
      }
    }
  }

  private static void check(boolean single, int[] t, int[] dq, boolean first, SplittableRandom r) {
    int hi = Math.max(t[0], Math.max(t[1], t[2]));
    int n = hi + 3;
    for (int q : dq) if (q < 20) n = Math.max(n, q + 1);
    int len = 1 << n, base = 1 << 20;
    double[] dr = new double[1 << dq.length], di = new double[dr.length];
    for (int u = 0; u < dr.length; u++) {
      double phase = r.nextDouble(0, 2 * Math.PI);
      dr[u] = Math.cos(phase) * 0.7;
      di[u] = Math.sin(phase) * 0.7;
    }
    int[] localPos = dq.clone();
    for (int j = 0; j < localPos.length; j++) if (localPos[j] >= n) localPos[j] = -1;
    FusedGate g = FusedGate.diagonal(dq, dr, di);
    LaneDiagonal d = single ? LaneDiagonal.forFloat(g, localPos) : LaneDiagonal.forDouble(g, localPos);
    assertEquals(dq[0] > t[0] && dq[0] > t[1] && dq[0] > t[2], d.broadcast(), Arrays.toString(dq));
    double[][] amp = randomAmplitudes(n, r.nextLong());
    double[] er = amp[0].clone(), ei = amp[1].clone();
    int block = 1 << (hi + 1);
    int[][] ranges = {{block, 2 * block}, {2 * block, 4 * block}};
    double[] butterfly = {1, 1, 1, -1}, zero = new double[4];
    for (int[] range : ranges) {
      if (first) applyDiagonal(g, base, er, ei, range);
      for (int q : t) DoubleKernels.dense1(er, ei, q, butterfly, zero, range[0] / 2, range[1] / 2);
      if (!first) applyDiagonal(g, base, er, ei, range);
    }
    double[] gr = amp[0].clone(), gi = amp[1].clone();
    float[] fr = toFloat(amp[0]), fi = toFloat(amp[1]);
    for (int[] range : ranges) {
      if (single) FloatVectorKernels.butterflyTripleDiagonal(fr, fi, t[0], t[1], t[2], d, first, base, range[0], range[1]);
      else DoubleVectorKernels.butterflyTripleDiagonal(gr, gi, t[0], t[1], t[2], d, first, base, range[0], range[1]);
    }
    String what = (single ? "single" : "double") + " triple " + Arrays.toString(t) + (first ? " after" : " before")
        + " diagonal " + Arrays.toString(dq) + " at ";
    for (int i = 0; i < len; i++) {
      double tol = single ? FLOAT_TOL * Math.max(1, Math.abs(er[i])) : TOL;
      assertEquals(er[i], single ? fr[i] : gr[i], tol, what + i);
      assertEquals(ei[i], single ? fi[i] : gi[i], tol, what + i);
    }
  }

  /** Amplitude i of the range times g's entry on the bits of (base | i) at g's qubits. */
  private static void applyDiagonal(FusedGate g, int base, double[] re, double[] im, int[] range) {
    int[] q = g.qubitsShared();
    for (int i = range[0]; i < range[1]; i++) {
      int key = 0;
      for (int j = 0; j < q.length; j++) key |= (((base | i) >> q[j]) & 1) << j;
      double xr = re[i], xi = im[i];
      re[i] = g.re()[key] * xr - g.im()[key] * xi;
      im[i] = g.re()[key] * xi + g.im()[key] * xr;
    }
  }

  /**
   * Triples of Hadamards on 3, 4, 5 with diagonals next to them that go into their sweeps: a
   * broadcast one above them after the first, a lane one carried over a lane gate and a diagonal it
   * commutes with before the second, a broadcast one before the third, a lane one after it; one on
   * 6, 10 stays alone (the triple on 6, 7, 8 does not commute with it).
   */
  @Test
  void diagonalsBeforeAndAfterTriplesInARunMatchEachGateApplied() {
    int n = 13;
    SplittableRandom r = new SplittableRandom(37);
    List<FusedGate> gates = new java.util.ArrayList<>();
    int[][] program = {{3, 4, 5}, {-1, 7, 8}, {0}, {-1, 0, 9}, {3, 4, 5}, {-1, 6, 10}, {6, 7, 8}, {9}, {-1, 9, 11}, {3, 4, 5},
        {-1, 1, 2, 3}};
    for (int[] step : program) {
      if (step[0] >= 0) {
        for (int q : step) gates.add(FusedGate.of(io.qubitd.circuit.Gate.of(io.qubitd.circuit.GateKind.H), new int[] {q}));
        continue;
      }
      int[] qs = Arrays.copyOfRange(step, 1, step.length);
      double[] dr = new double[1 << qs.length], di = new double[dr.length];
      for (int u = 0; u < dr.length; u++) {
        double phase = r.nextDouble(0, 2 * Math.PI);
        dr[u] = Math.cos(phase);
        di[u] = Math.sin(phase);
      }
      gates.add(FusedGate.diagonal(qs, dr, di));
    }
    double[][] amp = randomAmplitudes(n, 41);
    double[][] expected = {amp[0].clone(), amp[1].clone()};
    for (FusedGate g : gates) applyPlain(g.matrix(), g.qubitsShared(), expected, base -> true);
    for (KernelSettings s : List.of(sequential(4), parallel(4))) {
      StateVector v = StateVector.fromAmplitudes(amp[0], amp[1], s);
      v.applyFused(gates, 12);
      assertTrue(maxDiff(v, expected) < TOL, "double, " + s + ": " + maxDiff(v, expected));
      FloatStateVector f = FloatStateVector.fromAmplitudes(amp[0], amp[1], s);
      f.applyFused(gates, 12);
      double worst = 0;
      for (int i = 0; i < 1 << n; i++) worst = Math.max(worst, Math.hypot(f.re(i) - expected[0][i], f.im(i) - expected[1][i]));
      assertTrue(worst < FLOAT_TOL, "single, " + s + ": " + worst);
    }
  }

  @Test
  void randomCircuitLayersThroughBlockedRunsMatchGateByGate() {
    int n = 15;
    Circuit c = RandomCircuits.layered(n, 5, 23);
    List<Operation.GateOp> ops = c.operations().stream().map(o -> (Operation.GateOp) o).toList();
    List<FusedGate> fused = GateFuser.fuse(ops, 4);
    double[][] amp = randomAmplitudes(n, 29);
    // gathered blocks of 2^12 and 2^13 (diagonals split across blocks) and the whole state in one block
    assertFusedMatchesGateByGate(ops, fused, n, amp, new int[] {12, 13, n}, TOL, FLOAT_TOL);
  }
}
