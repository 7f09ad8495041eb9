package io.qubitd.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.CircuitUnitary;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

class NativeDecomposerTest {
  private static final double TOL = 1e-9;

  /** Unitary of `ops` (natives) on n qubits compared with the gate's own matrix on `qubits`. */
  private static double distance(Gate g, List<Integer> qubits, int n) {
    Circuit reference = Circuit.builder(n, 0).add(new Operation.GateOp(g, qubits)).build();
    List<Operation.GateOp> ops = NativeDecomposer.decompose(g, qubits, null);
    Circuit.Builder b = Circuit.builder(n, 0);
    for (Operation.GateOp op : ops) {
      assertTrue(NativeDecomposer.isNativeGate(op.gate()), "non-native " + op.gate() + " from " + g);
      b.add(op);
    }
    return CircuitUnitary.distanceUpToPhase(CircuitUnitary.of(b.build()), CircuitUnitary.of(reference));
  }

  private static double[] randomParams(int k, Random rnd) {
    double[] p = new double[k];
    for (int i = 0; i < k; i++) p[i] = (rnd.nextDouble() * 2 - 1) * 2 * Math.PI;
    return p;
  }

  @Test
  void everyKindWithZeroOneTwoControlsEqualsItsMatrix() {
    Random rnd = new Random(11);
    for (GateKind k : GateKind.values()) {
      for (int c = 0; c <= 2; c++) {
        if (k == GateKind.GPHASE && c > 0) continue;
        for (int trial = 0; trial < 3; trial++) {
          Gate g = Gate.controlled(k, c, randomParams(k.params(), rnd));
          int arity = g.arity();
          int n = Math.max(arity, 1) + 1;
          // qubits in a scrambled order with one spectator, so the mapping is exercised too
          List<Integer> qubits = new ArrayList<>();
          for (int i = 0; i < arity; i++) qubits.add((i * 2 + 1 + trial) % n);
          if (qubits.stream().distinct().count() != arity) {
            qubits.clear();
            for (int i = arity - 1; i >= 0; i--) qubits.add(i + 1);
          }
          double d = distance(g, qubits, n);
          assertTrue(d < TOL, g + " on " + qubits + " differs by " + d);
        }
      }
    }
  }

  @Test
  void multiControlledGatesOnThreeAndFourControls() {
    Random rnd = new Random(12);
    GateKind[] kinds = {GateKind.X, GateKind.SX, GateKind.U, GateKind.P, GateKind.H, GateKind.SWAP, GateKind.RZX};
    for (GateKind k : kinds) {
      for (int c = 3; c <= 4; c++) {
        Gate g = Gate.controlled(k, c, randomParams(k.params(), rnd));
        List<Integer> qubits = new ArrayList<>();
        for (int i = g.arity() - 1; i >= 0; i--) qubits.add(i);
        double d = distance(g, qubits, g.arity());
        assertTrue(d < TOL, g + " differs by " + d);
      }
    }
  }

  @Test
  void knownCzCounts() {
    assertEquals(1, czCount(Gate.controlled(GateKind.X, 1), List.of(0, 1)));
    assertEquals(1, czCount(Gate.controlled(GateKind.Z, 1), List.of(0, 1)));
    assertEquals(3, czCount(Gate.of(GateKind.SWAP), List.of(0, 1)));
    assertEquals(2, czCount(Gate.of(GateKind.RZZ, 0.3), List.of(0, 1)));
    assertEquals(2, czCount(Gate.controlled(GateKind.U, 1, 0.1, 0.2, 0.3), List.of(0, 1)));
    assertEquals(6, czCount(Gate.controlled(GateKind.X, 2), List.of(0, 1, 2)));
    assertEquals(8, czCount(Gate.controlled(GateKind.SWAP, 1), List.of(0, 1, 2)));
  }

  private static int czCount(Gate g, List<Integer> q) {
    return (int) NativeDecomposer.decompose(g, q, null).stream().filter(o -> o.gate().arity() == 2).count();
  }

  @Test
  void haarRandomTwoQubitUnitariesTakeAtMostThreeCz() {
    Random rnd = new Random(13);
    for (int trial = 0; trial < 200; trial++) {
      ZMatrixRMaj u = TestMatrices.haar(4, rnd);
      checkTwoQubit(u, 3);
    }
  }

  @Test
  void degenerateTwoQubitUnitaries() {
    List<ZMatrixRMaj> us = List.of(
        Gate.of(GateKind.SWAP).matrix(),
        Gate.controlled(GateKind.X, 1).matrix(),
        Gate.controlled(GateKind.Z, 1).matrix(),
        Gate.controlled(GateKind.P, 1, 0.7).matrix(),
        Complex4.mult(Gate.of(GateKind.RXX, Math.PI / 2).matrix(), Gate.of(GateKind.RYY, Math.PI / 2).matrix()),
        Gate.of(GateKind.RZZ, 1e-7).matrix(),
        Gate.of(GateKind.RXX, Math.PI).matrix(),
        CircuitUnitary.of(Circuit.builder(2, 0).gate(Gate.of(GateKind.U, 0.3, 0.4, 0.5), 0)
            .gate(Gate.of(GateKind.H), 1).build()),
        CircuitUnitary.of(Circuit.builder(2, 0).build()));
    for (ZMatrixRMaj u : us) checkTwoQubit(u, 3);
    assertEquals(0, czIn(NativeDecomposer.twoQubit(us.get(7), 0, 1, null)));
  }

  private static int czIn(List<Operation.GateOp> ops) {
    return (int) ops.stream().filter(o -> o.gate().arity() == 2).count();
  }

  private static void checkTwoQubit(ZMatrixRMaj u, int maxCz) {
    List<Operation.GateOp> ops = NativeDecomposer.twoQubit(u, 0, 1, null);
    assertTrue(czIn(ops) <= maxCz, "CZ count " + czIn(ops));
    Circuit.Builder b = Circuit.builder(2, 0);
    ops.forEach(b::add);
    ops.forEach(o -> assertTrue(NativeDecomposer.isNativeGate(o.gate())));
    double d = CircuitUnitary.distanceUpToPhase(CircuitUnitary.of(b.build()), u);
    assertTrue(d < TOL, "KAK synthesis differs by " + d);
  }

  @Test
  void squareRootSquaresBack() {
    Random rnd = new Random(14);
    List<ZMatrixRMaj> us = new ArrayList<>(List.of(
        Gate.of(GateKind.X).matrix(), Gate.of(GateKind.Z).matrix(), Gate.of(GateKind.ID).matrix(),
        Complex4.scale(Gate.of(GateKind.ID).matrix(), -1, 0)));
    for (int i = 0; i < 50; i++) us.add(TestMatrices.haar(2, rnd));
    for (ZMatrixRMaj u : us) {
      ZMatrixRMaj v = NativeDecomposer.sqrt(u);
      assertTrue(Complex4.maxDiff(Complex4.mult(v, v), u) < 1e-12, "sqrt failed");
    }
  }

  @Test
  void conditionIsKeptOnEveryNativeGate() {
    Condition cond = new Condition(List.of(0, 1), 2);
    List<Operation.GateOp> ops = NativeDecomposer.decompose(Gate.controlled(GateKind.X, 2), List.of(0, 1, 2), cond);
    assertTrue(ops.size() > 6);
    ops.forEach(o -> assertEquals(cond, o.condition()));
  }

  @Test
  void nonGateOperationsPassThrough() {
    Operation m = new Operation.Measure(2, 1);
    assertEquals(List.of(m), NativeDecomposer.decompose(m));
  }
}
