package io.qubitd.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.CircuitUnitary;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_ZDRM;
import org.junit.jupiter.api.Test;

class Clifford1qTest {
  static final double TOL = 1e-9;

  /** Maps a Pauli under conjugation: a Clifford permutes {±X, ±Y, ±Z}; returns the image as a matrix. */
  static ZMatrixRMaj conjugate(ZMatrixRMaj u, ZMatrixRMaj p) {
    ZMatrixRMaj t = new ZMatrixRMaj(2, 2), out = new ZMatrixRMaj(2, 2), ud = new ZMatrixRMaj(2, 2);
    CommonOps_ZDRM.mult(u, p, t);
    CommonOps_ZDRM.transposeConjugate(u, ud);
    CommonOps_ZDRM.mult(t, ud, out);
    return out;
  }

  static ZMatrixRMaj pauli(GateKind k) { return Gate.of(k).matrix(); }

  @Test
  void twentyFourElementsEachMappingPaulisToPaulis() {
    Set<String> images = new HashSet<>();
    for (int c = 0; c < Clifford1q.SIZE; c++) {
      ZMatrixRMaj u = Clifford1q.matrix(c);
      StringBuilder key = new StringBuilder();
      for (GateKind k : new GateKind[] {GateKind.X, GateKind.Z}) {
        ZMatrixRMaj img = conjugate(u, pauli(k));
        int found = 0;
        for (GateKind q : new GateKind[] {GateKind.X, GateKind.Y, GateKind.Z}) {
          for (int sign : new int[] {1, -1}) {
            ZMatrixRMaj s = pauli(q).copy();
            CommonOps_ZDRM.scale(sign, 0, s);
            if (CircuitUnitary.distanceUpToPhase(img, s) < TOL && Math.abs(img.getReal(0, 0) - s.getReal(0, 0)) < TOL
                && Math.abs(img.getImag(0, 1) - s.getImag(0, 1)) < TOL && Math.abs(img.getReal(0, 1) - s.getReal(0, 1)) < TOL) {
              key.append(sign > 0 ? "+" : "-").append(q);
              found++;
            }
          }
        }
        assertEquals(1, found, "Clifford " + c + " maps " + k + " to exactly one signed Pauli");
      }
      images.add(key.toString());
    }
    assertEquals(24, images.size(), "24 distinct actions on (X, Z): the whole group");
  }

  @Test
  void sequencesRealiseTheMatricesAndAverageOneSx() {
    int sx = 0;
    for (int c = 0; c < Clifford1q.SIZE; c++) {
      Circuit.Builder b = Circuit.builder(1, 0);
      for (Clifford1q.Step s : Clifford1q.sequence(c)) {
        if (s.sx()) b.gate(GateKind.SX, 0); else b.gate(Gate.of(GateKind.RZ, s.angle()), 0);
        if (s.sx()) sx++;
      }
      assertTrue(CircuitUnitary.distanceUpToPhase(CircuitUnitary.of(b.build()), Clifford1q.matrix(c)) < TOL, "sequence of " + c);
    }
    assertEquals(Clifford1q.MEAN_SX_PER_CLIFFORD, sx / (double) Clifford1q.SIZE, TOL);
    assertTrue(CircuitUnitary.distanceUpToPhase(Clifford1q.matrix(0), CommonOps_ZDRM.identity(2)) < TOL, "0 is the identity");
  }

  @Test
  void compositionAndInverseFollowMatrixMultiplication() {
    for (int a = 0; a < Clifford1q.SIZE; a++) {
      assertEquals(0, Clifford1q.compose(a, Clifford1q.inverse(a)));
      for (int b = 0; b < Clifford1q.SIZE; b++) {
        ZMatrixRMaj p = new ZMatrixRMaj(2, 2);
        CommonOps_ZDRM.mult(Clifford1q.matrix(b), Clifford1q.matrix(a), p);
        assertTrue(CircuitUnitary.distanceUpToPhase(p, Clifford1q.matrix(Clifford1q.compose(a, b))) < TOL);
      }
    }
  }

  @Test
  void randomizedBenchmarkingSequencesAreIdentities() {
    SplittableRandom rng = new SplittableRandom(4);
    for (int length : new int[] {1, 7, 60}) {
      Circuit c = Experiments.randomizedBenchmarking(1, 0, length, rng);
      Circuit.Builder gates = Circuit.builder(1, 0);
      for (Operation op : c.operations()) if (op instanceof Operation.GateOp) gates.add(op);
      assertTrue(CircuitUnitary.distanceUpToPhase(CircuitUnitary.of(gates.build()), CommonOps_ZDRM.identity(2)) < 1e-8,
          "RB sequence of length " + length + " inverts to the identity");
    }
  }
}
