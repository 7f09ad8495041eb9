package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A real gate on each lane qubit in one sweep ({@code laneGates}: Hadamards by signed partner sums
 * and one factor, other gates by per-lane coefficients) on sub-ranges of a
 * state against the same gates applied one after another by the scalar 1-qubit kernel, in both
 * precisions; amplitudes outside the range stay as they were.
 */
class LaneGatesTest {
  private static final double TOL = 1e-10;
  private static final double FLOAT_TOL = 1e-4;
  /** Blocks smaller than the 14-qubit state, so its runs go through the blocked sweeps. */
  private static final int BLOCK = 10;

  @Test
  void laneGatesInOneSweepMatchScalarGatesOneByOne() {
    for (boolean single : new boolean[] {false, true}) {
      int bits = single ? FloatVectorKernels.LANE_BITS : DoubleVectorKernels.LANE_BITS;
      int lanes = 1 << bits;
      SplittableRandom r = new SplittableRandom(single ? 71 : 72);
      FusedGate[] hadamards = new FusedGate[bits], butterflies = new FusedGate[bits], rotations = new FusedGate[bits];
      for (int j = 0; j < bits; j++) {
        // the lane qubits in a mixed order: the kernel may take them in any order, as they commute
        int q = (j + 1) % bits;
        hadamards[j] = FusedGate.of(Gate.of(GateKind.H), new int[] {q});
        butterflies[j] = FusedGate.butterfly(q);
        rotations[j] = FusedGate.of(Gate.of(GateKind.RY, 0.3 + 0.7 * j), new int[] {q});
      }
      // Hadamards and bare butterflies take the sign path, rotations and one Hadamard among rotations the general one
      FusedGate[] mixed = rotations.clone();
      mixed[bits - 1] = hadamards[bits - 1];
      FusedGate[][] sets = {hadamards, butterflies, rotations, mixed};
      for (FusedGate[] set : sets) {
        int n = bits + 4;
        double[][] amp = randomAmplitudes(n, r.nextLong());
        double[] sr = amp[0].clone(), si = amp[1].clone(), vr = amp[0].clone(), vi = amp[1].clone();
        float[] fr = toFloat(amp[0]), fi = toFloat(amp[1]);
        // [2, 6) and [9, 10) vectors: away from 0, and the rest stays as it was
        int[][] ranges = {{2 * lanes, 6 * lanes}, {9 * lanes, 10 * lanes}};
        for (int[] range : ranges) {
          for (FusedGate g : set) DoubleKernels.dense1(sr, si, g.qubitsShared()[0], g.re(), g.im(), range[0] / 2, range[1] / 2);
          if (single) FloatVectorKernels.laneGates(fr, fi, set, 0, range[0], range[1]);
          else DoubleVectorKernels.laneGates(vr, vi, set, 0, range[0], range[1]);
        }
        String what = (single ? "single" : "double") + " lane gates " + Arrays.toString(set) + " at ";
        if (single) assertSameAmplitudes(sr, si, toDouble(fr), toDouble(fi), FLOAT_TOL, true, what);
        else assertSameAmplitudes(sr, si, vr, vi, TOL, false, what);
      }
    }
  }

  @Test
  void aCircuitOfLaneLayersAgreesFusedAndUnfused() {
    // Hadamard layers on every qubit with real rotations on some lane qubits between them (whole
    // lane sets and partial ones, which stay one sweep per gate), against gate-by-gate application
    io.qubitd.circuit.Circuit.Builder b = io.qubitd.circuit.Circuit.builder(14, 0);
    SplittableRandom r = new SplittableRandom(73);
    for (int layer = 0; layer < 6; layer++) {
      for (int q = 0; q < 14; q++) b.gate(Gate.of(GateKind.H), q);
      for (int q = 0; q < 4; q++) if (r.nextBoolean()) b.gate(Gate.of(GateKind.RY, r.nextDouble() * 6), q);
      for (int q = 0; q < 14; q++) b.gate(Gate.of(GateKind.RZ, r.nextDouble() * 6), q);
      b.gate(Gate.of(GateKind.RZZ, 0.9 + layer), 8 + layer % 4, 9 + layer % 4);
    }
    var ops = b.build().operations().stream().map(o -> (io.qubitd.circuit.Operation.GateOp) o).toList();
    assertFusedMatchesGateByGate(ops, GateFuser.fuse(ops, 4), 14, randomAmplitudes(14, 79), new int[] {BLOCK, 14}, TOL, FLOAT_TOL);
  }
}
