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
          int limit = f.isDiagonal() ? Math.max(width, GateFuser.MAX_DIAGONAL_WIDTH)
              : f.isPermutation() ? Math.max(width, GateFuser.MAX_PERMUTATION_WIDTH) : Math.max(width, 4);
          assertTrue(f.width() <= limit, f + " over width " + width);
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
  void hadamardsStayRealAndDiagonalsOfALayerBecomeOne() {
    Circuit c = RandomCircuits.layered(8, 4, 3);
    List<FusedGate> w4 = GateFuser.fuse(gates(c), 4);
    long dense = w4.stream().filter(f -> !f.isDiagonal()).count();
    long diagonal = w4.stream().filter(FusedGate::isDiagonal).count();
    // 4 layers × 8 Hadamards, each cheaper alone than inside a complex matrix; RZ and CZ of a layer in one diagonal
    assertEquals(32, dense);
    assertTrue(w4.stream().filter(f -> !f.isDiagonal()).allMatch(f -> f.width() == 1));
    assertEquals(4, diagonal);
  }

  @Test
  void oneQubitGatesFoldIntoANeighbouringTwoQubitGate() {
    Circuit c = Circuit.builder(3, 0)
        .gate(io.qubitd.circuit.Gate.of(io.qubitd.circuit.GateKind.U, 0.1, 0.2, 0.3), 0)
        .gate(io.qubitd.circuit.Gate.of(io.qubitd.circuit.GateKind.RXX, 0.7), 0, 1)
        .gate(io.qubitd.circuit.Gate.of(io.qubitd.circuit.GateKind.RX, 0.4), 1)
        .build();
    List<FusedGate> f = GateFuser.fuse(gates(c), 2);
    assertEquals(1, f.size());
    assertEquals(3, f.get(0).sourceGates());
    assertTrue(CircuitUnitary.distanceUpToPhase(CircuitUnitary.of(c),
        CircuitUnitary.embed(f.get(0).matrix(), f.get(0).qubits(), 3)) < TOL);
  }
}
