package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.CircuitUnitary;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import java.util.SplittableRandom;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Every kernel loop against the dense embedded matrix (CircuitUnitary.embed) on random states. */
class GateKernelTest {
  private static final double TOL = 1e-12;
  private static final double FLOAT_TOL = 2e-6;
  private static final int N = 6;

  private static Gate randomGate(GateKind k, int controls, SplittableRandom r) {
    double[] p = new double[k.params()];
    for (int i = 0; i < p.length; i++) p[i] = r.nextDouble(-Math.PI, Math.PI);
    return Gate.controlled(k, controls, p);
  }

  @Test
  void everyGateKindWithAndWithoutControlsMatchesEmbeddedMatrix() {
    SplittableRandom r = new SplittableRandom(11);
    int checked = 0;
    for (GateKind k : GateKind.values()) {
      for (int controls = 0; controls <= 3; controls++) {
        if (k == GateKind.GPHASE && controls > 0) continue;
        Gate g = randomGate(k, controls, r);
        if (g.arity() > N) continue;
        for (int trial = 0; trial < 3; trial++) {
          int[] qs = randomQubits(N, g.arity(), r);
          double[][] amp = randomAmplitudes(N, r.nextLong());
          ZMatrixRMaj full = CircuitUnitary.embed(g.matrix(), qs, N);
          double[][] expected = g.arity() == 0 ? scalar(g.matrix(), amp) : multiply(full, amp);
          StateVector s = StateVector.fromAmplitudes(amp[0], amp[1], sequential(4));
          s.applyGate(g, qs);
          assertTrue(maxDiff(s, expected) < TOL, g + " on " + java.util.Arrays.toString(qs) + ": " + maxDiff(s, expected));
          if (g.arity() > 0) {
            StateVector viaMatrix = StateVector.fromAmplitudes(amp[0], amp[1], sequential(4));
            viaMatrix.applyMatrix(g.matrix(), qs);
            assertTrue(maxDiff(viaMatrix, expected) < TOL, "applyMatrix " + g);
          }
          FloatStateVector f = FloatStateVector.fromAmplitudes(amp[0], amp[1], sequential(4));
          f.applyGate(g, qs);
          for (int i = 0; i < 1 << N; i++) {
            assertEquals(expected[0][i], f.re(i), FLOAT_TOL, "float " + g);
            assertEquals(expected[1][i], f.im(i), FLOAT_TOL, "float " + g);
          }
          checked++;
        }
      }
    }
    assertTrue(checked > 150, "checked " + checked);
  }

  private static double[][] scalar(ZMatrixRMaj phase, double[][] v) {
    double pr = phase.getReal(0, 0), pi = phase.getImag(0, 0);
    double[] re = new double[v[0].length], im = new double[v[0].length];
    for (int i = 0; i < re.length; i++) {
      re[i] = pr * v[0][i] - pi * v[1][i];
      im[i] = pr * v[1][i] + pi * v[0][i];
    }
    return new double[][] {re, im};
  }

  @Test
  void arbitraryMatricesOnOneToSixQubitsInAnyOrder() {
    SplittableRandom r = new SplittableRandom(5);
    for (int k = 1; k <= StateVector.MAX_MATRIX_QUBITS; k++) {
      for (int trial = 0; trial < 4; trial++) {
        ZMatrixRMaj m = randomMatrix(1 << k, r);
        int n = 7;
        int[] qs = randomQubits(n, k, r);
        double[][] amp = randomAmplitudes(n, r.nextLong());
        double[][] expected = multiply(CircuitUnitary.embed(m, qs, n), amp);
        StateVector s = StateVector.fromAmplitudes(amp[0], amp[1], sequential(4));
        s.applyMatrix(m, qs);
        assertTrue(maxDiff(s, expected) < TOL, k + "-qubit matrix on " + java.util.Arrays.toString(qs));
      }
    }
  }

  @Test
  void diagonalMatrixTakesTheDiagonalPathAndStaysExact() {
    SplittableRandom r = new SplittableRandom(8);
    ZMatrixRMaj d = new ZMatrixRMaj(8, 8);
    for (int i = 0; i < 8; i++) d.set(i, i, r.nextDouble(-1, 1), r.nextDouble(-1, 1));
    int[] qs = {4, 0, 2};
    double[][] amp = randomAmplitudes(5, 3);
    StateVector s = StateVector.fromAmplitudes(amp[0], amp[1], sequential(4));
    s.applyMatrix(d, qs);
    assertTrue(maxDiff(s, multiply(CircuitUnitary.embed(d, qs, 5), amp)) < TOL);
  }

  @Test
  void badQubitsAreRejectedWithTheirValues() {
    StateVector s = StateVector.zero(3, sequential(4));
    ZMatrixRMaj x = Gate.of(GateKind.X).matrix();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.applyMatrix(x, 3));
    assertTrue(e.getMessage().contains("qubit 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.applyGate(Gate.controlled(GateKind.X, 1), 1, 1));
    assertThrows(IllegalArgumentException.class, () -> s.applyMatrix(randomMatrix(4, new SplittableRandom(1)), 0));
  }

  @Test
  void measurementPrimitives() {
    StateVector s = StateVector.zero(2, sequential(4));
    s.applyGate(Gate.of(GateKind.RY, 2 * Math.acos(Math.sqrt(0.3))), 1);
    // RY(θ)|0⟩ = cos(θ/2)|0⟩ + sin(θ/2)|1⟩: P(1) = 1 - 0.3
    assertEquals(0.7, s.probabilityOfOne(1), TOL);
    assertEquals(0.0, s.probabilityOfOne(0), TOL);
    s.collapse(1, 0);
    assertEquals(1.0, s.re(0), TOL);
    assertEquals(1.0, s.normSquared(), TOL);
    assertThrows(IllegalStateException.class, () -> s.collapse(1, 1));
    s.scale(0.5);
    assertEquals(0.25, s.normSquared(), TOL);
    assertArrayEquals(new double[] {0.25, 0, 0, 0}, s.probabilities(), TOL);
  }
}
