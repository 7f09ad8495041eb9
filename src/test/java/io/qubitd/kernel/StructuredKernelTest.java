package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Gate structure through fusion: the fused, unfused, structured (diagonal, permutation, dense
 * kernels) and all-dense paths agree with an independent dense matrix-vector product to 1e-10, and
 * the products that are diagonals or permutations in mathematics stay so.
 */
class StructuredKernelTest {
  private static final double TOL = 1e-10;

  /** Each gate's full matrix applied by plain loops: shares no code with the kernels. */
  private static double[][] reference(Circuit c) {
    int n = c.numQubits(), len = 1 << n;
    double[][] v = {new double[len], new double[len]};
    v[0][0] = 1;
    for (Operation op : c.operations()) {
      Operation.GateOp g = (Operation.GateOp) op;
      int[] q = g.qubits().stream().mapToInt(Integer::intValue).toArray();
      applyPlain(g.gate().matrix(), q, v, base -> true);
    }
    return v;
  }

  private static List<Operation.GateOp> gates(Circuit c) {
    return c.operations().stream().map(o -> (Operation.GateOp) o).toList();
  }

  /** Mostly permutations and diagonals (with their conjugations by H), some dense gates, controls anywhere. */
  private static Circuit permutationRich(int n, int count, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    GateKind[] kinds = {GateKind.X, GateKind.Y, GateKind.SWAP, GateKind.Z, GateKind.S, GateKind.T, GateKind.RZ,
        GateKind.P, GateKind.H, GateKind.SX, GateKind.RZZ};
    Circuit.Builder b = Circuit.builder(n, 0);
    for (int added = 0; added < count; added++) {
      if (r.nextInt(5) == 0) {
        int[] q = randomQubits(n, 2, r);
        b.gate(GateKind.H, q[1]).gate(Gate.controlled(GateKind.Z, 1), q[0], q[1]).gate(GateKind.H, q[1]);
        continue;
      }
      GateKind k = kinds[r.nextInt(kinds.length)];
      int controls = r.nextInt(3) == 0 ? 1 + r.nextInt(2) : 0;
      double[] p = new double[k.params()];
      for (int i = 0; i < p.length; i++) p[i] = r.nextDouble(-Math.PI, Math.PI);
      b.gate(Gate.controlled(k, controls, p), randomQubits(n, k.qubits() + controls, r));
    }
    return b.build();
  }

  private static double maxDiffFloat(FloatStateVector f, double[][] v) {
    double worst = 0;
    for (int i = 0; i < v[0].length; i++) worst = Math.max(worst, Math.hypot(f.re(i) - v[0][i], f.im(i) - v[1][i]));
    return worst;
  }

  @Test
  void everyPathAgreesWithTheDenseReferenceOnRandomCircuitsOfEveryKind() {
    List<Circuit> circuits = List.of(RandomCircuits.random(10, 150, 3), RandomCircuits.random(13, 150, 4),
        permutationRich(11, 200, 5), permutationRich(14, 200, 6));
    for (Circuit c : circuits) {
      double[][] ref = reference(c);
      int n = c.numQubits();
      StateVector unfused = StateVector.zero(n, sequential(1));
      for (Operation.GateOp g : gates(c)) {
        unfused.applyFused(List.of(FusedGate.of(g.gate(), g.qubits().stream().mapToInt(Integer::intValue).toArray())));
      }
      assertTrue(maxDiff(unfused, ref) < TOL, n + " qubits unfused: " + maxDiff(unfused, ref));
      for (int width = 1; width <= 5; width++) {
        List<FusedGate> fused = GateFuser.fuse(gates(c), width);
        StateVector structured = StateVector.zero(n, sequential(width));
        structured.applyFused(fused);
        StateVector blocked = StateVector.zero(n, parallel(width));
        blocked.applyFused(fused, 8);
        StateVector dense = StateVector.zero(n, parallel(width));
        dense.applyFused(fused.stream().map(FusedGate::asDense).toList());
        String at = n + " qubits, width " + width;
        assertTrue(maxDiff(structured, ref) < TOL, at + " structured: " + maxDiff(structured, ref));
        assertTrue(maxDiff(blocked, ref) < TOL, at + " structured in 2^8 blocks, parallel: " + maxDiff(blocked, ref));
        assertTrue(maxDiff(dense, ref) < TOL, at + " all dense: " + maxDiff(dense, ref));
        FloatStateVector single = FloatStateVector.zero(n, parallel(width));
        single.applyFused(fused);
        assertTrue(maxDiffFloat(single, ref) < 1e-4, at + " single: " + maxDiffFloat(single, ref));
      }
    }
  }

  @Test
  void hadamardConjugatedCzFusesIntoThePermutationCx() {
    Circuit c = Circuit.builder(2, 0).gate(GateKind.H, 1).gate(Gate.controlled(GateKind.Z, 1), 0, 1).gate(GateKind.H, 1).build();
    List<FusedGate> f = GateFuser.fuse(gates(c), 4);
    assertEquals(1, f.size());
    assertEquals(GateStructure.PERMUTATION, f.get(0).structure());
    // CX with control qubit 0 (bit 0) and target qubit 1 (bit 1) swaps |01> (index 1) and |11> (index 3)
    ZMatrixRMaj m = f.get(0).matrix();
    int[] to = {0, 3, 2, 1};
    for (int col = 0; col < 4; col++) {
      for (int row = 0; row < 4; row++) {
        assertEquals(row == to[col] ? 1 : 0, m.getReal(row, col), 1e-15);
        assertEquals(0, m.getImag(row, col), 1e-15);
      }
    }
  }

  @Test
  void diagonalsStayDiagonalAndPermutationsNeverTurnDense() {
    Circuit.Builder d = Circuit.builder(5, 0);
    for (int q = 0; q < 4; q++) {
      d.gate(Gate.of(GateKind.RZ, 0.3 * q), q).gate(Gate.controlled(GateKind.P, 1, 0.7), q, q + 1).gate(Gate.controlled(GateKind.Z, 1), q + 1, q);
    }
    for (FusedGate g : GateFuser.fuse(gates(d.build()), 4)) assertEquals(GateStructure.DIAGONAL, g.structure(), g.toString());
    // a GHZ chain written with CX, and with H·CZ·H: everything after the first H is a permutation
    for (boolean viaCz : new boolean[] {false, true}) {
      Circuit.Builder b = Circuit.builder(12, 0).gate(GateKind.H, 0);
      for (int q = 0; q + 1 < 12; q++) {
        if (viaCz) b.gate(GateKind.H, q + 1).gate(Gate.controlled(GateKind.Z, 1), q, q + 1).gate(GateKind.H, q + 1);
        else b.gate(Gate.controlled(GateKind.X, 1), q, q + 1);
      }
      List<FusedGate> f = GateFuser.fuse(gates(b.build()), 4);
      List<GateStructure> kinds = new ArrayList<>();
      for (FusedGate g : f) kinds.add(g.structure());
      assertEquals(1, kinds.stream().filter(k -> k == GateStructure.DENSE).count(), kinds.toString());
      // permutations fuse wider than dense gates: 11 CX on a chain, 7 to a gate of 8 qubits, then 4
      assertEquals(2, kinds.stream().filter(k -> k == GateStructure.PERMUTATION).count(), kinds.toString());
      for (FusedGate g : f) assertTrue(g.width() <= GateFuser.MAX_PERMUTATION_WIDTH, g.toString());
      double h = Math.sqrt(0.5);
      StateVector s = StateVector.zero(12, sequential(4));
      s.applyFused(f);
      StateVector blocked = StateVector.zero(12, parallel(4));
      blocked.applyFused(f, GateFuser.MAX_PERMUTATION_WIDTH);
      FloatStateVector single = FloatStateVector.zero(12, parallel(4));
      single.applyFused(f, GateFuser.MAX_PERMUTATION_WIDTH);
      for (StateVector v : List.of(s, blocked)) {
        assertEquals(h, v.re(0), 1e-14);
        assertEquals(h, v.re((1 << 12) - 1), 1e-14);
        assertEquals(1.0, v.normSquared(), 1e-14);
      }
      assertEquals(h, single.re(0), 1e-6);
      assertEquals(h, single.re((1 << 12) - 1), 1e-6);
      assertEquals(1.0, single.normSquared(), 1e-6);
    }
  }

  @Test
  void controlledGatesTouchOnlyTheirControlSubspace() {
    FusedGate ch = FusedGate.of(Gate.controlled(GateKind.H, 1), new int[] {4, 1});
    assertEquals(GateStructure.CONTROLLED, ch.structure());
    // qubit 4 (bit 1 of the ascending order [1, 4]) is the control
    assertEquals(0b10, ch.controlBits());
    FusedGate cch = FusedGate.of(Gate.controlled(GateKind.RY, 2, 0.3), new int[] {0, 5, 2});
    assertEquals(GateStructure.CONTROLLED, cch.structure());
    assertEquals(0b101, cch.controlBits());
    assertEquals(GateStructure.DENSE, cch.asDense().structure());
    // with control qubit 4 set, CH puts qubit 1 in |+⟩; with it cleared again, a second CH changes nothing
    StateVector s = StateVector.zero(6, sequential(1));
    FusedGate x4 = FusedGate.of(Gate.of(GateKind.X), new int[] {4});
    s.applyFused(List.of(x4, ch, x4, ch));
    double h = Math.sqrt(0.5);
    assertEquals(h, s.re(0b000000), 1e-15);
    assertEquals(h, s.re(0b000010), 1e-15);
    assertEquals(1, s.normSquared(), 1e-15);
  }

  @Test
  void xThenYIsTheDiagonalMinusIZ() {
    Circuit c = Circuit.builder(1, 0).gate(GateKind.X, 0).gate(GateKind.Y, 0).build();
    List<FusedGate> f = GateFuser.fuse(gates(c), 2);
    assertEquals(1, f.size());
    assertEquals(GateStructure.DIAGONAL, f.get(0).structure());
    // Y·X = [[0,-i],[i,0]]·[[0,1],[1,0]] = diag(-i, i)
    ZMatrixRMaj m = f.get(0).matrix();
    assertEquals(-1, m.getImag(0, 0), 1e-15);
    assertEquals(1, m.getImag(1, 1), 1e-15);
  }
}
