package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Permutations that only move whole chunks of a gathered block (X, CX, SWAP, Toffoli on the
 * block's non-contiguous qubits) are done by the gather and scatter, or, when a run holds nothing
 * else, by rotating chunks in place: against each gate's matrix applied by plain loops, on a random
 * state, in both precisions, sequential and parallel.
 */
class ChunkMoveTest {
  private static final double TOL = 1e-10;
  private static final double FLOAT_TOL = 1e-5;
  private static final int N = 14;
  /** With 6 low qubits always in a block, chunks are 64 amplitudes and qubits 8..13 pick chunks. */
  private static final int BLOCK = 10;

  private record Step(Gate gate, int[] qubits) {}

  private static Step step(Gate g, int... q) { return new Step(g, q); }

  private static Gate g(GateKind k, double... p) { return Gate.of(k, p); }

  private static Gate c(GateKind k, int controls) { return Gate.controlled(k, controls); }

  /**
   * Run 1: chunk moves, then gates on the contiguous qubits and on chunk qubits, then chunk moves;
   * run 2: chunk moves only (a run of moves, on more qubits than a block); run 3: a permutation
   * with phases (Y) on a chunk qubit, which is not a move, then a move.
   */
  private static List<Step> circuit() {
    return List.of(
        step(c(GateKind.X, 1), 8, 9), step(g(GateKind.X), 11), step(c(GateKind.X, 2), 8, 10, 11), step(g(GateKind.SWAP), 9, 10),
        step(g(GateKind.H), 0), step(g(GateKind.RZ, 0.7), 2), step(c(GateKind.Z, 1), 1, 3), step(g(GateKind.H), 8),
        step(c(GateKind.X, 1), 2, 9), step(g(GateKind.RY, 0.4), 5), step(g(GateKind.H), 10), step(g(GateKind.H), 11),
        step(c(GateKind.X, 1), 10, 11), step(g(GateKind.SWAP), 8, 11),
        step(c(GateKind.X, 1), 12, 13), step(c(GateKind.X, 1), 7, 12), step(g(GateKind.X), 13),
        step(c(GateKind.X, 1), 13, 12), step(g(GateKind.SWAP), 11, 13), step(c(GateKind.X, 2), 9, 12, 13),
        step(g(GateKind.Y), 12), step(c(GateKind.X, 1), 11, 12));
  }

  private static List<FusedGate> fused(List<Step> steps) {
    List<FusedGate> out = new ArrayList<>();
    for (Step s : steps) out.add(FusedGate.of(s.gate(), s.qubits()));
    return out;
  }

  /** Each gate's full matrix applied by plain loops: shares no code with the kernels. */
  private static double[][] reference(List<Step> steps, double[][] start) {
    double[][] v = {start[0].clone(), start[1].clone()};
    for (Step s : steps) {
      applyPlain(s.gate().matrix(), s.qubits(), v, base -> true);
    }
    return v;
  }

  /** Plain gather/scatter offsets ascend with the chunk index; moved ones do not. */
  private static boolean moved(int[] offsets) {
    for (int h = 1; h < offsets.length; h++) if (offsets[h] < offsets[h - 1]) return true;
    return false;
  }

  @Test
  void planFoldsChunkMovesIntoGatherScatterOrRotations() {
    List<BlockPlan.Run> runs = BlockPlan.plan(fused(circuit()), N, BLOCK);
    assertEquals(3, runs.size(), "runs " + runs.size());
    BlockPlan.Run first = runs.get(0), second = runs.get(1), third = runs.get(2);
    assertEquals(6, first.contiguous());
    assertEquals(8, first.gates().size(), "four leading and two trailing moves leave eight gates for the buffer");
    assertTrue(moved(first.gatherOffsets()) && moved(first.scatterOffsets()));
    assertEquals(List.of(), second.gates(), "qubit 7 picks chunks here, so CX(7,12) is a move too");
    assertEquals(12, second.blockQubits().length);
    assertTrue(second.chunkCycles().length > 0);
    assertEquals(1, third.gates().size(), "Y has phases: applied in the buffer");
    assertTrue(!moved(third.gatherOffsets()) && moved(third.scatterOffsets()));
  }

  @Test
  void chunkMovesAgreeWithPlainMatrices() {
    List<Step> steps = circuit();
    List<FusedGate> gates = fused(steps);
    double[][] start = randomAmplitudes(N, 77);
    double[][] want = reference(steps, start);
    assertBlockedRunsMatch(gates, BLOCK, start, want);
  }

  /**
   * CX chains above the block's qubits: the ordinary run would only move chunks, so a run of moves
   * takes every chain at once, on more qubits than a block holds and with longer chunks.
   */
  @Test
  void aRunOfMovesTakesMoreQubitsThanABlock() {
    int n = 18, block = 8;
    Gate cx = Gate.controlled(GateKind.X, 1);
    List<Step> steps = List.of(step(g(GateKind.H), 3), step(cx, 10, 11), step(cx, 11, 12), step(cx, 12, 13),
        step(cx, 13, 14), step(cx, 14, 15), step(g(GateKind.X), 9), step(c(GateKind.X, 2), 15, 9, 17));
    List<FusedGate> gates = fused(steps);
    List<BlockPlan.Run> runs = BlockPlan.plan(gates, n, block);
    assertEquals(2, runs.size(), "runs " + runs.size());
    BlockPlan.Run moves = runs.get(1);
    assertEquals(List.of(), moves.gates());
    assertEquals(8, moves.contiguous(), "qubits 9, 12..15, 17 and chunks of 2^8: 2^4 blocks");
    assertEquals(14, moves.blockQubits().length);
    double[][] start = randomAmplitudes(n, 78);
    double[][] want = reference(steps, start);
    assertBlockedRunsMatch(gates, block, start, want);
  }

  /** gates applied in blocks of 2^block, sequential and parallel, double and single, against want. */
  private static void assertBlockedRunsMatch(List<FusedGate> gates, int block, double[][] start, double[][] want) {
    for (KernelSettings s : List.of(sequential(4), parallel(4))) {
      StateVector d = StateVector.fromAmplitudes(start[0], start[1], s);
      d.applyFused(gates, block);
      assertTrue(maxDiff(d, want) < TOL, "double, threads " + s.threads() + ": " + maxDiff(d, want));
      FloatStateVector f = FloatStateVector.fromAmplitudes(start[0], start[1], s.withPrecision(Precision.SINGLE));
      f.applyFused(gates, block);
      double worst = 0;
      for (int i = 0; i < want[0].length; i++) worst = Math.max(worst, Math.hypot(f.re(i) - want[0][i], f.im(i) - want[1][i]));
      assertTrue(worst < FLOAT_TOL, "single, threads " + s.threads() + ": " + worst);
    }
  }
}
