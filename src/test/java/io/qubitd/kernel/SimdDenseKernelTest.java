package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The SIMD dense, controlled and permutation kernels on every placement of their qubits: inside one vector (the
 * lowest qubits, mixed by lane shuffles), across vectors, both, and the highest qubits; in both
 * precisions, on the whole state and in cache blocks, against plain loops over the full matrix.
 */
class SimdDenseKernelTest {
  private static final int N = 11;

  /** {@code m} on {@code q} (bit j of its index is q[j]) by plain loops: shares no code with the kernels. */
  private static double[][] reference(ZMatrixRMaj m, int[] q, double[][] v) {
    int len = v[0].length, dim = 1 << q.length, mask = 0;
    for (int x : q) mask |= 1 << x;
    double[][] out = {v[0].clone(), v[1].clone()};
    for (int base = 0; base < len; base++) {
      if ((base & mask) != 0) continue;
      int[] idx = new int[dim];
      double[][] x = {new double[dim], new double[dim]};
      for (int u = 0; u < dim; u++) {
        for (int j = 0; j < q.length; j++) idx[u] |= ((u >> j) & 1) << q[j];
        idx[u] |= base;
        x[0][u] = v[0][idx[u]];
        x[1][u] = v[1][idx[u]];
      }
      double[][] y = multiply(m, x);
      for (int u = 0; u < dim; u++) {
        out[0][idx[u]] = y[0][u];
        out[1][idx[u]] = y[1][u];
      }
    }
    return out;
  }

  private static double maxDiffFloat(FloatStateVector f, double[][] v) {
    double worst = 0;
    for (int i = 0; i < v[0].length; i++) worst = Math.max(worst, Math.hypot(f.re(i) - v[0][i], f.im(i) - v[1][i]));
    return worst;
  }

  private static void check(FusedGate g, ZMatrixRMaj m, int[] q, long seed) {
    double[][] v = randomAmplitudes(N, seed), ref = reference(m, q, v);
    String at = g.structure() + " on " + Arrays.toString(q);
    StateVector whole = StateVector.fromAmplitudes(v[0], v[1], sequential(4));
    whole.applyFused(List.of(g), N);
    assertTrue(maxDiff(whole, ref) < 1e-12, at + " whole state: " + maxDiff(whole, ref));
    StateVector blocked = StateVector.fromAmplitudes(v[0], v[1], parallel(4));
    blocked.applyFused(List.of(g), 8);
    assertTrue(maxDiff(blocked, ref) < 1e-12, at + " in 2^8 blocks: " + maxDiff(blocked, ref));
    FloatStateVector single = FloatStateVector.fromAmplitudes(v[0], v[1], sequential(4));
    single.applyFused(List.of(g), N);
    assertTrue(maxDiffFloat(single, ref) < 1e-5, at + " single: " + maxDiffFloat(single, ref));
    FloatStateVector singleBlocked = FloatStateVector.fromAmplitudes(v[0], v[1], parallel(4));
    singleBlocked.applyFused(List.of(g), 8);
    assertTrue(maxDiffFloat(singleBlocked, ref) < 1e-5, at + " single in 2^8 blocks: " + maxDiffFloat(singleBlocked, ref));
  }

  @Test
  void denseGatesOnEveryPlacementOfTheirQubits() {
    // the lane qubits are 0-1 (double, 4 lanes) or 0-2 (single, 8 lanes) with AVX2; 0-2 / 0-3 with AVX-512
    int[][] placements = {{0, 1}, {1, 0}, {0, 2}, {2, 3}, {1, 5}, {5, 9}, {9, 10}, {0, 10},
        {0, 1, 2}, {0, 4, 8}, {2, 10, 5}, {8, 9, 10}, {0, 1, 2, 3}, {3, 1, 0, 2}, {1, 3, 6, 10}, {7, 8, 9, 10}, {4, 5, 6, 7}};
    SplittableRandom r = new SplittableRandom(16);
    for (int[] q : placements) {
      ZMatrixRMaj m = randomMatrix(1 << q.length, r);
      FusedGate g = FusedGate.of(m, false, q);
      assertEquals(GateStructure.DENSE, g.structure());
      check(g, m, q, r.nextLong());
    }
  }

  @Test
  void controlledGatesWithControlsInsideAndOutsideAVector() {
    // controls first: {control..., target...}
    Object[][] cases = {{GateKind.H, new int[] {0, 5}}, {GateKind.H, new int[] {5, 0}}, {GateKind.SX, new int[] {1, 0}},
        {GateKind.RY, new int[] {0, 9, 1}}, {GateKind.RX, new int[] {10, 2, 3}}, {GateKind.H, new int[] {0, 1, 2, 10}},
        {GateKind.RXX, new int[] {4, 0, 10}}, {GateKind.RXX, new int[] {1, 2, 0}}, {GateKind.SX, new int[] {9, 10}}};
    SplittableRandom r = new SplittableRandom(61);
    for (Object[] c : cases) {
      GateKind k = (GateKind) c[0];
      int[] q = (int[]) c[1];
      double[] p = new double[k.params()];
      for (int i = 0; i < p.length; i++) p[i] = r.nextDouble(-Math.PI, Math.PI);
      Gate gate = Gate.controlled(k, q.length - k.qubits(), p);
      FusedGate g = FusedGate.of(gate, q);
      assertEquals(GateStructure.CONTROLLED, g.structure(), gate + " on " + Arrays.toString(q));
      check(g, gate.matrix(), q, r.nextLong());
    }
  }

  @Test
  void permutationsThatMoveAmplitudesInsideAVector() {
    // controls first; products of CX chains (as GHZ circuits fuse) and phased ones (Y)
    Object[][] cases = {{Gate.of(GateKind.X), new int[] {0}}, {Gate.of(GateKind.Y), new int[] {1}},
        {Gate.controlled(GateKind.X, 1), new int[] {0, 1}}, {Gate.controlled(GateKind.Y, 1), new int[] {5, 1}},
        {Gate.controlled(GateKind.X, 2), new int[] {0, 2, 9}}, {Gate.of(GateKind.SWAP), new int[] {0, 10}},
        {Gate.controlled(GateKind.X, 1), new int[] {3, 2}}, {Gate.controlled(GateKind.Y, 1), new int[] {6, 3}},
        {Gate.controlled(GateKind.X, 1), new int[] {2, 9}}, {Gate.of(GateKind.SWAP), new int[] {4, 10}}};
    SplittableRandom r = new SplittableRandom(7);
    for (Object[] c : cases) {
      Gate gate = (Gate) c[0];
      int[] q = (int[]) c[1];
      FusedGate g = FusedGate.of(gate, q);
      assertEquals(GateStructure.PERMUTATION, g.structure(), gate + " on " + Arrays.toString(q));
      check(g, gate.matrix(), q, r.nextLong());
    }
    // CX(q,q+1) CX(q+1,q+2) CX(q+2,q+3): 4-qubit permutations from the lowest qubits up (as GHZ chains fuse)
    Gate cx = Gate.controlled(GateKind.X, 1);
    for (int q = 0; q <= 4; q++) {
      FusedGate chain = FusedGate.of(cx, new int[] {q, q + 1}).then(FusedGate.of(cx, new int[] {q + 1, q + 2}))
          .then(FusedGate.of(cx, new int[] {q + 2, q + 3}));
      assertEquals(GateStructure.PERMUTATION, chain.structure());
      check(chain, chain.matrix(), new int[] {q, q + 1, q + 2, q + 3}, r.nextLong());
    }
  }
}
