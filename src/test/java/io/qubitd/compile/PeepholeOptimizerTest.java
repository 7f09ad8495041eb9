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
import org.junit.jupiter.api.Test;

class PeepholeOptimizerTest {
  private static final double TOL = 1e-9;

  @Test
  void randomNativeCircuitsKeepTheirUnitaryAndDoNotGrow() {
    Random rnd = new Random(21);
    Gate[] ones = {Gate.of(GateKind.SX), Gate.of(GateKind.X), Gate.of(GateKind.RZ, 0.4), Gate.of(GateKind.RZ, -1.3)};
    for (int trial = 0; trial < 30; trial++) {
      List<Operation> ops = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        if (rnd.nextInt(3) == 0) {
          int a = rnd.nextInt(4), b = (a + 1 + rnd.nextInt(3)) % 4;
          ops.add(new Operation.GateOp(TestMatrices.cz(), List.of(a, b)));
        } else {
          ops.add(new Operation.GateOp(ones[rnd.nextInt(ones.length)], List.of(rnd.nextInt(4))));
        }
      }
      List<Operation> opt = PeepholeOptimizer.optimize(ops, 4);
      assertTrue(opt.size() <= ops.size());
      long czBefore = ops.stream().filter(o -> o.qubits().size() == 2).count();
      long czAfter = opt.stream().filter(o -> o.qubits().size() == 2).count();
      assertTrue(czAfter <= czBefore);
      opt.forEach(o -> assertTrue(NativeDecomposer.isNative(o), "non-native " + o));
      double d = CircuitUnitary.distanceUpToPhase(CircuitUnitary.of(circuit(opt)), CircuitUnitary.of(circuit(ops)));
      assertTrue(d < TOL, "optimised circuit differs by " + d);
    }
  }

  @Test
  void czPairAcrossRzCancelsAndAcrossSxLeavesOneCz() {
    Operation cz = new Operation.GateOp(TestMatrices.cz(), List.of(0, 1));
    Operation rz = new Operation.GateOp(Gate.of(GateKind.RZ, 0.3), List.of(0));
    Operation sx = new Operation.GateOp(Gate.of(GateKind.SX), List.of(0));
    List<Operation> acrossRz = PeepholeOptimizer.optimize(List.of(cz, rz, cz), 2);
    assertEquals(List.of(rz), acrossRz);
    // CZ·SX₀·CZ = exp(-iπ/4 X₀Z₁) up to phase, since CZ X₀ CZ = X₀Z₁: a CZ-class gate, one CZ
    List<Operation> acrossSx = PeepholeOptimizer.optimize(List.of(cz, sx, cz), 2);
    assertEquals(1, acrossSx.stream().filter(o -> o.qubits().size() == 2).count());
    double d = CircuitUnitary.distanceUpToPhase(CircuitUnitary.of(circuit(acrossSx)),
        CircuitUnitary.of(circuit(List.of(cz, sx, cz))));
    assertTrue(d < TOL, "differs by " + d);
  }

  @Test
  void conditionalGatesAreNeitherMergedNorCancelled() {
    Condition c = new Condition(List.of(0), 1);
    Operation x = new Operation.GateOp(Gate.of(GateKind.X), List.of(0));
    Operation cx = new Operation.GateOp(Gate.of(GateKind.X), List.of(0), c);
    Operation ccz = new Operation.GateOp(TestMatrices.cz(), List.of(0, 1), c);
    List<Operation> in = List.of(x, cx, ccz, ccz, x);
    assertEquals(in, PeepholeOptimizer.optimize(in, 2));
  }

  private static Circuit circuit(List<Operation> ops) {
    Circuit.Builder b = Circuit.builder(4, 0);
    ops.forEach(b::add);
    return b.build();
  }
}
