package io.qubitd.circuit.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.CircuitUnitary;
import java.util.Map;
import org.ejml.data.ZMatrixRMaj;

/** Matrices typed from their textbook definitions, and comparisons, for the tests of this package. */
final class Matrices {
  private Matrices() {}

  /** Entries are exact up to rounding of a few products of doubles. */
  static final double TOL = 1e-12;

  static final double R = Math.sqrt(0.5);

  /** A matrix from rows of (re, im) pairs. */
  static ZMatrixRMaj of(double[]... rows) {
    ZMatrixRMaj m = new ZMatrixRMaj(rows.length, rows.length);
    for (int r = 0; r < rows.length; r++) {
      assertEquals(2 * rows.length, rows[r].length, "row " + r);
      for (int c = 0; c < rows.length; c++) m.set(r, c, rows[r][2 * c], rows[r][2 * c + 1]);
    }
    return m;
  }

  /** diag(e^{i a_0}, e^{i a_1}, ...). */
  static ZMatrixRMaj diagPhases(double... angles) {
    ZMatrixRMaj m = new ZMatrixRMaj(angles.length, angles.length);
    for (int i = 0; i < angles.length; i++) m.set(i, i, Math.cos(angles[i]), Math.sin(angles[i]));
    return m;
  }

  /**
   * |1..1⟩⟨1..1| ⊗ U + (I - |1..1⟩⟨1..1|) ⊗ I with the controls on the low bits (Qiskit's order:
   * controls are the first qubits).
   */
  static ZMatrixRMaj controlled(ZMatrixRMaj u, int controls) {
    int c = 1 << controls, n = u.numRows, dim = c * n;
    ZMatrixRMaj m = new ZMatrixRMaj(dim, dim);
    for (int row = 0; row < dim; row++) {
      for (int col = 0; col < dim; col++) {
        boolean on = (row % c) == c - 1 && (col % c) == c - 1;
        if (on) {
          m.set(row, col, u.getReal(row / c, col / c), u.getImag(row / c, col / c));
        } else if (row == col) {
          m.set(row, col, 1, 0);
        }
      }
    }
    return m;
  }

  static ZMatrixRMaj scale(ZMatrixRMaj m, double phase) {
    ZMatrixRMaj out = new ZMatrixRMaj(m.numRows, m.numCols);
    double cr = Math.cos(phase), ci = Math.sin(phase);
    for (int r = 0; r < m.numRows; r++)
      for (int c = 0; c < m.numCols; c++) {
        double a = m.getReal(r, c), b = m.getImag(r, c);
        out.set(r, c, a * cr - b * ci, a * ci + b * cr);
      }
    return out;
  }

  static ZMatrixRMaj dagger(ZMatrixRMaj m) {
    ZMatrixRMaj out = new ZMatrixRMaj(m.numCols, m.numRows);
    for (int r = 0; r < m.numRows; r++)
      for (int c = 0; c < m.numCols; c++) out.set(c, r, m.getReal(r, c), -m.getImag(r, c));
    return out;
  }

  static ZMatrixRMaj times(ZMatrixRMaj a, ZMatrixRMaj b) {
    ZMatrixRMaj out = new ZMatrixRMaj(a.numRows, b.numCols);
    for (int r = 0; r < a.numRows; r++)
      for (int c = 0; c < b.numCols; c++) {
        double re = 0, im = 0;
        for (int k = 0; k < a.numCols; k++) {
          re += a.getReal(r, k) * b.getReal(k, c) - a.getImag(r, k) * b.getImag(k, c);
          im += a.getReal(r, k) * b.getImag(k, c) + a.getImag(r, k) * b.getReal(k, c);
        }
        out.set(r, c, re, im);
      }
    return out;
  }

  static double maxDiff(ZMatrixRMaj a, ZMatrixRMaj b) {
    assertEquals(a.numRows, b.numRows, "rows");
    double worst = 0;
    for (int r = 0; r < a.numRows; r++)
      for (int c = 0; c < a.numCols; c++) {
        worst = Math.max(worst, Math.hypot(a.getReal(r, c) - b.getReal(r, c), a.getImag(r, c) - b.getImag(r, c)));
      }
    return worst;
  }

  static void assertExact(ZMatrixRMaj expected, ZMatrixRMaj actual, String what) {
    double d = maxDiff(expected, actual);
    assertTrue(d < TOL, what + ": max entry difference " + d);
  }

  static void assertUpToPhase(ZMatrixRMaj expected, ZMatrixRMaj actual, String what) {
    double d = CircuitUnitary.distanceUpToPhase(expected, actual);
    assertTrue(d < TOL, what + ": distance up to phase " + d);
  }

  /** The unitary of an OpenQASM program with no measurements. */
  static ZMatrixRMaj unitary(String qasm) {
    return CircuitUnitary.of(QasmParser.parse(qasm, "test.qasm", Map.of()));
  }
}
