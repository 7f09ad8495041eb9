package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Register;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Circuits whose outputs are known in closed form. */
class KnownCircuitsTest {
  private static final double TOL = 1e-12;
  private static final double R = Math.sqrt(0.5);
  private static final Gate CX = Gate.controlled(GateKind.X, 1);
  private static final Gate CZ = Gate.controlled(GateKind.Z, 1);
  private static final Gate CCZ = Gate.controlled(GateKind.Z, 2);

  private final IdealSimulator sim = new IdealSimulator(sequential(4));

  @Test
  void bellState() {
    Circuit c = Circuit.builder(2, 0).gate(GateKind.H, 0).gate(CX, 0, 1).build();
    StateVector s = sim.finalState(c);
    assertEquals(R, s.re(0), TOL);
    assertEquals(R, s.re(3), TOL);
    assertEquals(0, s.re(1), TOL);
    assertEquals(0, s.re(2), TOL);
    Map<String, Double> p = sim.probabilities(c);
    assertEquals(2, p.size());
    assertEquals(0.5, p.get("00"), TOL);
    assertEquals(0.5, p.get("11"), TOL);
    assertEquals(1, sim.expectation(c, new PauliString("XX")), TOL);
    assertEquals(-1, sim.expectation(c, new PauliString("YY")), TOL);
    assertEquals(1, sim.expectation(c, new PauliString("ZZ")), TOL);
    assertEquals(0, sim.expectation(c, new PauliString("IZ")), TOL);
    assertEquals(0, sim.expectation(c, new PauliString("XY")), TOL);
  }

  @Test
  void ghzOn20QubitsSequentialAndParallel() {
    Circuit.Builder b = Circuit.builder(20, 0).gate(GateKind.H, 0);
    for (int q = 1; q < 20; q++) b.gate(CX, q - 1, q);
    Circuit c = b.build();
    for (KernelSettings s : List.of(sequential(4), parallel(4))) {
      StateVector v = new IdealSimulator(s).finalState(c);
      assertEquals(R, v.re(0), TOL);
      assertEquals(R, v.re((1 << 20) - 1), TOL);
      assertEquals(1.0, v.normSquared(), TOL);
      assertEquals(0.5, v.probabilities()[0], TOL);
    }
  }

  private static Circuit qft(int n, int input) {
    Circuit.Builder b = Circuit.builder(n, 0);
    for (int q = 0; q < n; q++) if (((input >> q) & 1) == 1) b.gate(GateKind.X, q);
    for (int j = n - 1; j >= 0; j--) {
      b.gate(GateKind.H, j);
      for (int k = j - 1; k >= 0; k--) b.gate(Gate.controlled(GateKind.P, 1, Math.PI / (1 << (j - k))), j, k);
    }
    for (int i = 0; i < n / 2; i++) b.gate(GateKind.SWAP, i, n - 1 - i);
    return b.build();
  }

  @Test
  void qftOfBasisStatesIsTheDiscreteFourierTransform() {
    int n = 6, dim = 1 << n;
    for (int x : new int[] {0, 1, 5, 37, 63}) {
      StateVector s = sim.finalState(qft(n, x));
      for (int k = 0; k < dim; k++) {
        // QFT|x⟩ = N^{-1/2} Σ_k e^{2πi xk/N} |k⟩
        double angle = 2 * Math.PI * x * k / dim;
        assertEquals(Math.cos(angle) / Math.sqrt(dim), s.re(k), TOL, "x=" + x + " k=" + k);
        assertEquals(Math.sin(angle) / Math.sqrt(dim), s.im(k), TOL, "x=" + x + " k=" + k);
      }
    }
  }

  /** Grover search for one marked state among 2^n: success probability sin²((2k+1)θ), sin θ = 2^{-n/2}. */
  private static Circuit grover(int n, int marked, int iterations) {
    Circuit.Builder b = Circuit.builder(n, 0);
    for (int q = 0; q < n; q++) b.gate(GateKind.H, q);
    Gate mcz = n == 2 ? CZ : CCZ;
    int[] all = new int[n];
    for (int q = 0; q < n; q++) all[q] = q;
    for (int it = 0; it < iterations; it++) {
      for (int q = 0; q < n; q++) if (((marked >> q) & 1) == 0) b.gate(GateKind.X, q);
      b.gate(mcz, all);
      for (int q = 0; q < n; q++) if (((marked >> q) & 1) == 0) b.gate(GateKind.X, q);
      for (int q = 0; q < n; q++) b.gate(GateKind.H, q).gate(GateKind.X, q);
      b.gate(mcz, all);
      for (int q = 0; q < n; q++) b.gate(GateKind.X, q).gate(GateKind.H, q);
    }
    return b.build();
  }

  @Test
  void groverSuccessProbability() {
    for (int n = 2; n <= 3; n++) {
      double theta = Math.asin(Math.pow(2, -n / 2.0));
      for (int k = 1; k <= 2; k++) {
        int marked = n == 2 ? 2 : 5;
        Map<String, Double> p = sim.probabilities(grover(n, marked, k));
        String key = String.format("%" + n + "s", Integer.toBinaryString(marked)).replace(' ', '0');
        double expected = Math.pow(Math.sin((2 * k + 1) * theta), 2);
        assertEquals(expected, p.getOrDefault(key, 0.0), 1e-12, n + " qubits, " + k + " iterations");
      }
    }
  }

  @Test
  void wStateHasOneThirdOnEachSingleExcitation() {
    Circuit c = Circuit.builder(3, 0)
        .gate(Gate.of(GateKind.RY, 2 * Math.asin(Math.sqrt(1.0 / 3))), 0)
        .gate(GateKind.X, 0)
        .gate(Gate.controlled(GateKind.RY, 1, Math.PI / 2), 0, 1)
        .gate(GateKind.X, 0)
        .gate(GateKind.X, 0).gate(GateKind.X, 1)
        .gate(Gate.controlled(GateKind.X, 2), 0, 1, 2)
        .gate(GateKind.X, 0).gate(GateKind.X, 1)
        .build();
    Map<String, Double> p = sim.probabilities(c);
    assertEquals(3, p.size(), p.toString());
    for (String k : List.of("001", "010", "100")) assertEquals(1.0 / 3, p.get(k), TOL, k);
  }

  /** Teleports U(θ,φ,λ)|0⟩ from qubit 0 to qubit 2 and reads the target's Bloch vector from exact probabilities. */
  @Test
  void teleportationReproducesTheInputBlochVector() {
    double theta = 1.1, phi = 0.7, lambda = -0.4;
    double[] expected = {Math.sin(theta) * Math.cos(phi), Math.sin(theta) * Math.sin(phi), Math.cos(theta)};
    for (int axis = 0; axis < 3; axis++) {
      Circuit.Builder b = Circuit.builder(3, 3)
          .gate(Gate.of(GateKind.U, theta, phi, lambda), 0)
          .gate(GateKind.H, 1).gate(CX, 1, 2)
          .gate(CX, 0, 1).gate(GateKind.H, 0)
          .measure(0, 0).measure(1, 1)
          .gate(Gate.of(GateKind.X), new Condition(List.of(1), 1), 2)
          .gate(Gate.of(GateKind.Z), new Condition(List.of(0), 1), 2);
      if (axis == 0) b.gate(GateKind.H, 2);
      if (axis == 1) b.gate(GateKind.SDG, 2).gate(GateKind.H, 2);
      Circuit c = b.measure(2, 2).build();
      double p1 = 0, total = 0;
      for (Map.Entry<String, Double> e : sim.probabilities(c).entrySet()) {
        total += e.getValue();
        if (e.getKey().charAt(0) == '1') p1 += e.getValue();
      }
      assertEquals(1.0, total, TOL);
      assertEquals(expected[axis], 1 - 2 * p1, 1e-12, "Bloch component " + axis);
    }
  }

  @Test
  void resetReturnsAQubitToZeroAndKeepsItsPartnerMixed() {
    Circuit c = Circuit.builder(2, 2).gate(GateKind.H, 0).gate(CX, 0, 1).reset(0).measure(0, 0).measure(1, 1).build();
    Map<String, Double> p = sim.probabilities(c);
    assertEquals(Map.of("00", 0.5, "10", 0.5).keySet(), p.keySet());
    assertEquals(0.5, p.get("10"), TOL);
    Circuit flipped = Circuit.builder(1, 1).gate(GateKind.X, 0).reset(0).measure(0, 0).build();
    assertEquals(Map.of("0", 1.0), sim.probabilities(flipped));
    RunResult r = sim.run(flipped, 100, 1, false);
    assertEquals(Map.of("0", 100L), r.counts());
  }

  @Test
  void conditionOnARegisterValueAndRegisterOrderInKeys() {
    for (long value = 0; value < 4; value++) {
      List<Operation> ops = new ArrayList<>();
      ops.add(new Operation.GateOp(Gate.of(GateKind.X), List.of(0)));
      ops.add(new Operation.Measure(0, 0));
      ops.add(new Operation.Measure(1, 1));
      ops.add(new Operation.GateOp(Gate.of(GateKind.X), List.of(2), new Condition(List.of(0, 1), value)));
      ops.add(new Operation.Measure(2, 2));
      Circuit c = new Circuit("cond", List.of(new Register("q", 0, 3)),
          List.of(new Register("c", 0, 2), new Register("d", 2, 1)), ops);
      // c reads 01 (= 1), so only if(c==1) flips qubit 2 into d; d is declared last and printed first
      String expected = value == 1 ? "1 01" : "0 01";
      assertEquals(Map.of(expected, 1.0), sim.probabilities(c), "value " + value);
      assertEquals(Map.of(expected, 10L), sim.run(c, 10, 3, false).counts());
    }
  }

  @Test
  void pauliExpectationsOfASingleQubitState() {
    double theta = 0.9, phi = 2.1;
    Circuit c = Circuit.builder(2, 0).gate(Gate.of(GateKind.U, theta, phi, 0.3), 0).gate(GateKind.X, 1).build();
    assertEquals(Math.sin(theta) * Math.cos(phi), sim.expectation(c, new PauliString("IX")), TOL);
    assertEquals(Math.sin(theta) * Math.sin(phi), sim.expectation(c, new PauliString("IY")), TOL);
    assertEquals(Math.cos(theta), sim.expectation(c, new PauliString("IZ")), TOL);
    assertEquals(-Math.cos(theta), sim.expectation(c, new PauliString("ZZ")), TOL);
    assertEquals(-Math.sin(theta) * Math.sin(phi), sim.expectation(c, new PauliString("ZY")), TOL);
    assertEquals(1, sim.expectation(c, new PauliString("II")), TOL);
    assertThrows(IllegalArgumentException.class, () -> sim.expectation(c, new PauliString("Z")));
    assertThrows(IllegalArgumentException.class, () -> sim.finalState(Circuit.builder(1, 1).measure(0, 0).build()));
  }

  @Test
  void globalPhaseAndWideControlledGatesRunUnfused() {
    Circuit c = Circuit.builder(8, 0)
        .gate(Gate.of(GateKind.GPHASE, 0.5))
        .gate(GateKind.X, 0).gate(GateKind.X, 1).gate(GateKind.X, 2).gate(GateKind.X, 3).gate(GateKind.X, 4).gate(GateKind.X, 5)
        .gate(Gate.controlled(GateKind.X, 6), 0, 1, 2, 3, 4, 5, 7)
        .build();
    StateVector s = sim.finalState(c);
    int index = 0b10111111;
    assertEquals(Math.cos(0.5), s.re(index), TOL);
    assertEquals(Math.sin(0.5), s.im(index), TOL);
  }
}
