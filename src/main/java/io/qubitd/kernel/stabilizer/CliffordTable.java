package io.qubitd.kernel.stabilizer;

import org.ejml.data.ZMatrixRMaj;

/**
 * How a one- or two-qubit unitary U conjugates Pauli operators: for each local Pauli
 * P = ⊗_j X^{x_j}·Z^{z_j} (index bits: x_0, z_0, x_1, z_1), U·P·U† = i^m·P' with P' again of that
 * form. A unitary has such a table exactly when it is a Clifford.
 */
record CliffordTable(int qubits, int[] image, int[] phase) {
  private static final double TOLERANCE = 1e-9;

  /** The table of {@code u} (2×2 or 4×4, little-endian), or null when u is not a Clifford. */
  static CliffordTable of(ZMatrixRMaj u) {
    int k = u.numRows == 2 ? 1 : 2;
    int count = 1 << (2 * k);
    int[] image = new int[count], phase = new int[count];
    for (int p = 0; p < count; p++) {
      double[][] c = conjugate(u, pauli(p, k));
      boolean found = false;
      for (int q = 0; q < count && !found; q++) {
        int m = multiple(c, pauli(q, k));
        if (m >= 0) {
          image[p] = q;
          phase[p] = m;
          found = true;
        }
      }
      if (!found) return null;
    }
    return new CliffordTable(k, image, phase);
  }

  /** The Pauli with index bits (x_0, z_0, x_1, z_1) as a dense matrix [re, im], qubit 0 the low bit. */
  private static double[][] pauli(int index, int k) {
    int d = 1 << k;
    double[] re = new double[d * d], im = new double[d * d];
    for (int col = 0; col < d; col++) {
      // X^x Z^z |col⟩ = (−1)^{z·col} |col ⊕ x⟩, qubit by qubit
      int row = col, sign = 1;
      for (int j = 0; j < k; j++) {
        int x = index >> (2 * j) & 1, z = index >> (2 * j + 1) & 1;
        if (z == 1 && (col >> j & 1) == 1) sign = -sign;
        if (x == 1) row ^= 1 << j;
      }
      re[row * d + col] = sign;
    }
    return new double[][] {re, im};
  }

  /** U·P·U†. */
  private static double[][] conjugate(ZMatrixRMaj u, double[][] p) {
    int d = u.numRows;
    double[] tr = new double[d * d], ti = new double[d * d];
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < d; c++) {
        double sr = 0, si = 0;
        for (int a = 0; a < d; a++) {
          double ur = u.getReal(r, a), ui = u.getImag(r, a);
          if (ur == 0 && ui == 0) continue;
          for (int b = 0; b < d; b++) {
            double pr = p[0][a * d + b];
            if (pr == 0) continue;
            // conj(U[c][b])
            double vr = u.getReal(c, b), vi = -u.getImag(c, b);
            sr += pr * (ur * vr - ui * vi);
            si += pr * (ur * vi + ui * vr);
          }
        }
        tr[r * d + c] = sr;
        ti[r * d + c] = si;
      }
    }
    return new double[][] {tr, ti};
  }

  /** m with c = i^m·q, or −1. */
  private static int multiple(double[][] c, double[][] q) {
    double[] lr = {1, 0, -1, 0}, li = {0, 1, 0, -1};
    for (int m = 0; m < 4; m++) {
      boolean ok = true;
      for (int i = 0; i < c[0].length && ok; i++) {
        double wr = lr[m] * q[0][i], wi = li[m] * q[0][i];
        ok = Math.abs(c[0][i] - wr) <= TOLERANCE && Math.abs(c[1][i] - wi) <= TOLERANCE;
      }
      if (ok) return m;
    }
    return -1;
  }
}
