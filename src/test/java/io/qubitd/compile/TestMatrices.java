package io.qubitd.compile;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import java.util.Random;
import org.ejml.data.ZMatrixRMaj;

/** Test helpers: Haar-random unitaries and circuit unitaries by direct column updates. */
final class TestMatrices {
  private TestMatrices() {}

  /** A Haar-random n×n unitary: Gram-Schmidt on a complex Gaussian matrix (Mezzadri 2007). */
  static ZMatrixRMaj haar(int n, Random rnd) {
    double[][] re = new double[n][n], im = new double[n][n];
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { re[i][j] = rnd.nextGaussian(); im[i][j] = rnd.nextGaussian(); }
    for (int c = 0; c < n; c++) {
      for (int p = 0; p < c; p++) {
        double dr = 0, di = 0; // <col p, col c>
        for (int r = 0; r < n; r++) {
          dr += re[r][p] * re[r][c] + im[r][p] * im[r][c];
          di += re[r][p] * im[r][c] - im[r][p] * re[r][c];
        }
        for (int r = 0; r < n; r++) {
          re[r][c] -= dr * re[r][p] - di * im[r][p];
          im[r][c] -= dr * im[r][p] + di * re[r][p];
        }
      }
      double norm = 0;
      for (int r = 0; r < n; r++) norm += re[r][c] * re[r][c] + im[r][c] * im[r][c];
      norm = Math.sqrt(norm);
      for (int r = 0; r < n; r++) { re[r][c] /= norm; im[r][c] /= norm; }
    }
    ZMatrixRMaj u = new ZMatrixRMaj(n, n);
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) u.set(i, j, re[i][j], im[i][j]);
    return u;
  }

  /**
   * The unitary of a circuit's gates on the listed qubits only (position i of {@code qubits} is
   * bit i); other qubits must not be touched by gates. Applies each gate to the columns directly,
   * O(4^n) per gate, so 6 to 10 qubits stay fast.
   */
  static ZMatrixRMaj unitaryOn(Circuit c, int[] qubits) {
    int n = qubits.length, dim = 1 << n;
    int[] local = new int[c.numQubits()];
    java.util.Arrays.fill(local, -1);
    for (int i = 0; i < n; i++) local[qubits[i]] = i;
    double[] re = new double[dim * dim], im = new double[dim * dim]; // row-major, state = column
    for (int i = 0; i < dim; i++) re[i * dim + i] = 1;
    for (Operation op : c.operations()) {
      if (!(op instanceof Operation.GateOp g)) continue;
      int k = g.qubits().size();
      int[] lq = new int[k];
      for (int j = 0; j < k; j++) {
        lq[j] = local[g.qubits().get(j)];
        if (lq[j] < 0) throw new IllegalArgumentException("gate on unlisted qubit " + g);
      }
      ZMatrixRMaj m = g.gate().matrix();
      int sub = 1 << k;
      int mask = 0;
      for (int q : lq) mask |= 1 << q;
      double[] vr = new double[sub], vi = new double[sub];
      int[] idx = new int[sub];
      for (int base = 0; base < dim; base++) {
        if ((base & mask) != 0) continue;
        for (int s = 0; s < sub; s++) {
          int row = base;
          for (int j = 0; j < k; j++) if (((s >> j) & 1) != 0) row |= 1 << lq[j];
          idx[s] = row;
        }
        for (int col = 0; col < dim; col++) {
          for (int s = 0; s < sub; s++) { vr[s] = re[idx[s] * dim + col]; vi[s] = im[idx[s] * dim + col]; }
          for (int r = 0; r < sub; r++) {
            double ar = 0, ai = 0;
            for (int s = 0; s < sub; s++) {
              double mr = m.getReal(r, s), mi = m.getImag(r, s);
              ar += mr * vr[s] - mi * vi[s];
              ai += mr * vi[s] + mi * vr[s];
            }
            re[idx[r] * dim + col] = ar;
            im[idx[r] * dim + col] = ai;
          }
        }
      }
    }
    ZMatrixRMaj u = new ZMatrixRMaj(dim, dim);
    for (int i = 0; i < dim; i++) for (int j = 0; j < dim; j++) u.set(i, j, re[i * dim + j], im[i * dim + j]);
    return u;
  }

  static Gate cz() { return Gate.controlled(GateKind.Z, 1); }
}
