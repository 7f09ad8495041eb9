package io.qubitd.trainer.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.CircuitUnitary;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The layer's circuits and exact expectations, against closed forms and a dense-matrix simulation. */
class ExactQuantumLayerTest {
  static final double EXACT = 1e-12;
  static final IdealSimulator SIM = new IdealSimulator(KernelSettings.defaults());

  static ExactQuantumLayer layer(int r, int l) { return new ExactQuantumLayer(new LayerAnsatz(r, l)); }

  @Test
  void withZeroTrainableAnglesEachQubitReadsCosineOfItsInput() {
    double[][] u = {{0.3, -1.2}, {2.5, 0.0}};
    double[][] z = layer(2, 1).forward(u, new double[8]);
    for (int b = 0; b < u.length; b++) {
      for (int i = 0; i < 2; i++) assertEquals(Math.cos(u[b][i]), z[b][i], EXACT);
    }
  }

  @Test
  void withOnlyRotationsTheAnglesOfEachQubitAdd() {
    // CRZ angles 0: RY(u) RY(a) RY(b) on each qubit is RY(u+a+b), ⟨Z⟩ = cos(u+a+b)
    double[] theta = {0, 0, 0.4, -0.7, 0, 0, 1.1, 0.25};
    double[][] z = layer(2, 1).forward(new double[][] {{0.3, 0.9}}, theta);
    assertEquals(Math.cos(0.3 + 0.4 + 1.1), z[0][0], EXACT);
    assertEquals(Math.cos(0.9 - 0.7 + 0.25), z[0][1], EXACT);
  }

  @Test
  void twoQubitsOneLayerMatchADenseUnitaryOfTheGateListWrittenOutByHand() {
    double[] u = {0.7, -0.4};
    double[] t = {0.9, -1.3, 0.5, 2.1, -0.6, 1.7, 0.2, -0.8};
    Circuit byHand = Circuit.builder(2, 0)
        .gate(Gate.of(GateKind.RY, u[0]), 0).gate(Gate.of(GateKind.RY, u[1]), 1)
        .gate(Gate.controlled(GateKind.RZ, 1, t[0]), 0, 1).gate(Gate.controlled(GateKind.RZ, 1, t[1]), 1, 0)
        .gate(Gate.of(GateKind.RY, t[2]), 0).gate(Gate.of(GateKind.RY, t[3]), 1)
        .gate(Gate.controlled(GateKind.RZ, 1, t[4]), 0, 1).gate(Gate.controlled(GateKind.RZ, 1, t[5]), 1, 0)
        .gate(Gate.of(GateKind.RY, t[6]), 0).gate(Gate.of(GateKind.RY, t[7]), 1)
        .build();
    ZMatrixRMaj m = CircuitUnitary.of(byHand);
    double[] p = new double[4];
    for (int b = 0; b < 4; b++) p[b] = m.getReal(b, 0) * m.getReal(b, 0) + m.getImag(b, 0) * m.getImag(b, 0);
    double z0 = p[0] - p[1] + p[2] - p[3], z1 = p[0] + p[1] - p[2] - p[3];
    double[][] z = layer(2, 1).forward(new double[][] {u}, t);
    assertEquals(z0, z[0][0], EXACT);
    assertEquals(z1, z[0][1], EXACT);
    // the CRZs matter here: without them the answer is the product-state cosine
    assertTrue(Math.abs(z0 - Math.cos(u[0] + t[2] + t[6])) > 1e-3, "test angles should entangle");
  }

  @Test
  void threeQubitsTwoLayersMatchTheDenseUnitaryOfTheAnsatzCircuit() {
    LayerAnsatz a = new LayerAnsatz(3, 2);
    SplittableRandom rng = new SplittableRandom(11);
    double[] u = random(rng, 3), t = random(rng, a.numParameters());
    ZMatrixRMaj m = CircuitUnitary.of(a.circuit(u, t));
    double[] p = new double[8];
    for (int b = 0; b < 8; b++) p[b] = m.getReal(b, 0) * m.getReal(b, 0) + m.getImag(b, 0) * m.getImag(b, 0);
    double[] z = new ExactQuantumLayer(a).forward(new double[][] {u}, t)[0];
    for (int i = 0; i < 3; i++) {
      double expected = 0;
      for (int b = 0; b < 8; b++) expected += ((b >> i) & 1) == 0 ? p[b] : -p[b];
      assertEquals(expected, z[i], EXACT);
    }
  }

  @Test
  void fourQubitsTwoLayersMatchTheKernelsStateVector() {
    LayerAnsatz a = new LayerAnsatz(4, 2);
    SplittableRandom rng = new SplittableRandom(12);
    double[][] u = new double[5][];
    for (int b = 0; b < u.length; b++) u[b] = random(rng, 4);
    double[] t = random(rng, a.numParameters());
    double[][] z = new ExactQuantumLayer(a).forward(u, t);
    ExactEstimator kernel = new ExactEstimator(SIM);
    for (int b = 0; b < u.length; b++) {
      double[] expected = kernel.zExpectations(List.of(a.circuit(u[b], t)))[0];
      for (int i = 0; i < 4; i++) assertEquals(expected[i], z[b][i], EXACT, "row " + b + " qubit " + i);
    }
  }

  @Test
  void theAnsatzHasFiveRotationsPerQubitPerLayerAndEveryParameterOnce() {
    LayerAnsatz a = new LayerAnsatz(4, 3);
    assertEquals(5 * 4 * 3, a.steps().size());
    int[] uses = new int[a.numParameters()];
    int inputs = 0;
    for (LayerAnsatz.Step s : a.steps()) {
      if (s.parameter() >= 0) uses[s.parameter()]++;
      else inputs++;
    }
    for (int k = 0; k < uses.length; k++) assertEquals(1, uses[k], "parameter " + k);
    assertEquals(4 * 3, inputs);
    assertEquals(48, a.numParameters());
  }

  @Test
  void wrongShapesAreRefusedNamingTheSize() {
    ExactQuantumLayer q = layer(2, 1);
    var e = assertThrows(IllegalArgumentException.class, () -> q.forward(new double[][] {{1, 2}}, new double[7]));
    assertTrue(e.getMessage().contains("8"), e.getMessage());
    var f = assertThrows(IllegalArgumentException.class, () -> q.forward(new double[][] {{1, 2, 3}}, new double[8]));
    assertTrue(f.getMessage().contains("row 0"), f.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LayerAnsatz(1, 1));
  }

  static double[] random(SplittableRandom rng, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) a[i] = rng.nextDouble(-Math.PI, Math.PI);
    return a;
  }
}
