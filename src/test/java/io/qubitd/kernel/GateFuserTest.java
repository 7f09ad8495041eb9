package io.qubitd.kernel;

import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.CircuitUnitary;
import io.qubitd.circuit.Operation;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_ZDRM;
import org.junit.jupiter.api.Test;

/** The product of the fused gates equals the circuit's unitary, computed by dense multiplication. */
class GateFuserTest {
  private static final double TOL = 1e-12;

  private static List<Operation.GateOp> gates(Circuit c) {
    List<Operation.GateOp> g = new ArrayList<>();
    for (Operation op : c.operations()) g.add((Operation.GateOp) op);
    return g;
  }

  private static ZMatrixRMaj product(List<FusedGate> fused, int n) {
    ZMatrixRMaj u = CommonOps_ZDRM.identity(1 << n);
    for (FusedGate f : fused) {
      ZMatrixRMaj next = new ZMatrixRMaj(u.numRows, u.numCols);
      CommonOps_ZDRM.mult(CircuitUnitary.embed(f.matrix(), f.qubits(), n), u, next);
      u = next;
    }
    return u;
  }

  @Test
  void fusedProductEqualsCircuitUnitaryForEveryWidth() {
    int n = 6;
    for (int width = 1; width <= 6; width++) {
      for (long seed = 1; seed <= 4; seed++) {
        Circuit c = RandomCircuits.random(n, 40, seed * 31 + width);
        List<FusedGate> fused = GateFuser.fuse(gates(c), width);
        int sources = 0;
        for (FusedGate f : fused) {
          assertTrue(f.width() <= Math.max(width, 4), "width " + f.width() + " over " + width);
          sources += f.sourceGates();
        }
        assertEquals(40, sources);
        ZMatrixRMaj expected = CircuitUnitary.of(c);
        ZMatrixRMaj actual = product(fused, n);
        double worst = 0;
        for (int i = 0; i < expected.data.length; i++) worst = Math.max(worst, Math.abs(expected.data[i] - actual.data[i]));
        assertTrue(worst < TOL, "width " + width + " seed " + seed + ": " + worst);
      }
    }
  }

  @Test
  void fusionReducesTheBenchmarkCircuitAndKeepsDiagonalsDiagonal() {
    Circuit c = RandomCircuits.layered(8, 4, 3);
    List<FusedGate> w4 = GateFuser.fuse(gates(c), 4);
    assertTrue(w4.size() * 4 < c.operations().size(), w4.size() + " fused gates for " + c.operations().size());
    Circuit diag = Circuit.builder(3, 0)
        .gate(io.qubitd.circuit.Gate.of(io.qubitd.circuit.GateKind.RZ, 0.3), 0)
        .gate(io.qubitd.circuit.Gate.controlled(io.qubitd.circuit.GateKind.Z, 1), 0, 2)
        .gate(io.qubitd.circuit.GateKind.T, 2).build();
    List<FusedGate> d = GateFuser.fuse(gates(diag), 4);
    assertEquals(1, d.size());
    assertTrue(d.get(0).isDiagonal());
  }
}
