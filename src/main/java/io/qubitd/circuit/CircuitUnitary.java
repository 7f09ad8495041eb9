package io.qubitd.circuit;

import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_ZDRM;

/**
 * Dense unitaries of small circuits, by multiplying embedded gate matrices: slow and simple,
 * an independent reference for the kernel and the compiler (n ≤ 10 or so).
 */
public final class CircuitUnitary {
  private CircuitUnitary() {}

  /** The 2^n unitary of a circuit's gates; barriers and delays are identities, anything else throws. */
  public static ZMatrixRMaj of(Circuit c) {
    int n = c.numQubits();
    ZMatrixRMaj u = CommonOps_ZDRM.identity(1 << n);
    for (Operation op : c.operations()) {
      if (op instanceof Operation.GateOp g) {
        if (g.condition() != null) throw new IllegalArgumentException("conditional gate has no unitary: " + op);
        ZMatrixRMaj full = embed(g.gate().matrix(), g.qubits().stream().mapToInt(Integer::intValue).toArray(), n);
        ZMatrixRMaj next = new ZMatrixRMaj(u.numRows, u.numCols);
        CommonOps_ZDRM.mult(full, u, next);
        u = next;
      } else if (!(op instanceof Operation.Barrier) && !(op instanceof Operation.Delay)) {
        throw new IllegalArgumentException("operation has no unitary: " + op);
      }
    }
    return u;
  }

  /** Embeds a 2^k gate matrix acting on {@code qubits} (little-endian) into n qubits. */
  public static ZMatrixRMaj embed(ZMatrixRMaj m, int[] qubits, int n) {
    int k = qubits.length;
    if (m.numRows != (1 << k)) {
      throw new IllegalArgumentException("matrix is " + m.numRows + "x" + m.numCols + " for " + k + " qubit(s)");
    }
    int dim = 1 << n;
    ZMatrixRMaj full = new ZMatrixRMaj(dim, dim);
    int mask = 0;
    for (int q : qubits) mask |= 1 << q;
    for (int col = 0; col < dim; col++) {
      int sub = 0;
      for (int j = 0; j < k; j++) sub |= ((col >> qubits[j]) & 1) << j;
      int rest = col & ~mask;
      for (int r = 0; r < (1 << k); r++) {
        double re = m.getReal(r, sub), im = m.getImag(r, sub);
        if (re == 0 && im == 0) continue;
        int row = rest;
        for (int j = 0; j < k; j++) row |= ((r >> j) & 1) << qubits[j];
        full.set(row, col, re, im);
      }
    }
    return full;
  }

  /**
   * Max over entries of |a - e^{iφ} b| for the global phase φ that best aligns them; 0 for
   * equal-up-to-phase matrices.
   */
  public static double distanceUpToPhase(ZMatrixRMaj a, ZMatrixRMaj b) {
    if (a.numRows != b.numRows || a.numCols != b.numCols) {
      throw new IllegalArgumentException("shapes differ: " + a.numRows + "x" + a.numCols + " vs " + b.numRows + "x" + b.numCols);
    }
    double sr = 0, si = 0;
    for (int i = 0; i < a.numRows; i++)
      for (int j = 0; j < a.numCols; j++) {
        double ar = a.getReal(i, j), ai = a.getImag(i, j), br = b.getReal(i, j), bi = b.getImag(i, j);
        sr += ar * br + ai * bi;
        si += ai * br - ar * bi;
      }
    double mag = Math.hypot(sr, si);
    double pr = mag == 0 ? 1 : sr / mag, pi = mag == 0 ? 0 : si / mag;
    double worst = 0;
    for (int i = 0; i < a.numRows; i++)
      for (int j = 0; j < a.numCols; j++) {
        double br = b.getReal(i, j), bi = b.getImag(i, j);
        double dr = a.getReal(i, j) - (pr * br - pi * bi), di = a.getImag(i, j) - (pr * bi + pi * br);
        worst = Math.max(worst, Math.hypot(dr, di));
      }
    return worst;
  }
}
