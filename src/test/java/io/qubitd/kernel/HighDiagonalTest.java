package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Diagonals none of whose qubits is a lane bit (QFT's controlled phases on high qubits) take one
 * broadcast factor per run of amplitudes: against a direct product on any vector-aligned range, and
 * a QFT through the fused, blocked paths against gate-by-gate application.
 */
class HighDiagonalTest {
  private static final double TOL = 1e-10;
  private static final double FLOAT_TOL = 1e-5;
  /** A range boundary every precision's vectors respect. */
  private static final int ALIGN = Math.max(DoubleVectorKernels.LANES, FloatVectorKernels.LANES);

  @Test
  void broadcastDiagonalsMatchADirectProductOnRangesCutInsideARun() {
    SplittableRandom r = new SplittableRandom(31);
    int n = 14, len = 1 << n;
    int low = Math.max(DoubleVectorKernels.LANE_BITS, FloatVectorKernels.LANE_BITS);
    for (int[] qs : new int[][] {{low}, {low + 1, 9}, {low + 2, 7, 8, 9, 10, 11, 12, 13}, {low, 13}}) {
      double[] dr = new double[1 << qs.length], di = new double[1 << qs.length];
      for (int u = 0; u < dr.length; u++) {
        double phase = r.nextDouble(0, 2 * Math.PI);
        dr[u] = Math.cos(phase);
        di[u] = Math.sin(phase);
      }
      FusedGate g = FusedGate.diagonal(qs, dr, di);
      LaneDiagonal dd = LaneDiagonal.forDouble(g, qs), df = LaneDiagonal.forFloat(g, qs);
      assertTrue(dd.broadcast() && df.broadcast(), Arrays.toString(qs));
      double[][] amp = randomAmplitudes(n, r.nextLong());
      // a range starting and ending inside runs of 2^lowest amplitudes that share a factor
      assertDiagonalOnRanges(g, qs, dd, df, amp, new int[][] {{0, len}, {3 * ALIGN, len - 5 * ALIGN}, {ALIGN, 2 * ALIGN}},
          TOL, FLOAT_TOL);
    }
  }

  /** The textbook QFT without its final swaps: H on q, then CP(π/2^(q-k)) on (k, q) for every k below. */
  static Circuit qft(int n) {
    Circuit.Builder b = Circuit.builder(n, 0);
    for (int q = n - 1; q >= 0; q--) {
      b.gate(GateKind.H, q);
      for (int k = q - 1; k >= 0; k--) b.gate(Gate.controlled(GateKind.P, 1, Math.PI / (1 << (q - k))), k, q);
    }
    return b.build();
  }

  @Test
  void qftThroughFusedBlockedRunsMatchesGateByGate() {
    int n = 16, block = 12;
    Circuit c = qft(n);
    List<Operation.GateOp> ops = c.operations().stream().map(o -> (Operation.GateOp) o).toList();
    List<FusedGate> fused = GateFuser.fuse(ops, 4);
    boolean broadcastSplit = false;
    for (BlockPlan.Run run : BlockPlan.plan(fused, n, block)) {
      for (BlockPlan.Local l : run.gates()) {
        broadcastSplit |= !run.inPlace() && l instanceof BlockPlan.SplitDiagonal d
            && LaneDiagonal.forDouble(d.gate(), d.localPos()).broadcast();
      }
    }
    assertTrue(broadcastSplit, "a gathered run holds a broadcast diagonal with qubits outside the block");
    double[][] amp = randomAmplitudes(n, 5);
    assertFusedMatchesGateByGate(ops, fused, n, amp, new int[] {block, n}, TOL, FLOAT_TOL);
  }
}
