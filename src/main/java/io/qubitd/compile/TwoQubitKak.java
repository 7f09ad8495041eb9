package io.qubitd.compile;

import io.qubitd.circuit.CircuitUnitary;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.GateMatrices;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The KAK (Cartan) decomposition of a two-qubit unitary,
 * {@code U = e^{iγ} (A1 ⊗ B1) · exp(i(a XX + b YY + c ZZ)) · (A2 ⊗ B2)}, via the magic basis in
 * which local gates are real orthogonal (Kraus and Cirac 2001; Vatan and Williams 2004).
 * Kronecker order: A acts on the gate's second qubit (the high bit), B on its first.
 */
final class TwoQubitKak {
  private TwoQubitKak() {}

  /** The factors; {@code before} acts first. */
  record Kak(ZMatrixRMaj afterHigh, ZMatrixRMaj afterLow, double a, double b, double c,
             ZMatrixRMaj beforeHigh, ZMatrixRMaj beforeLow) {}

  private static final double S = Math.sqrt(0.5);
  /** Magic basis (columns), as in Qiskit's two-qubit decomposer. */
  private static final ZMatrixRMaj MAGIC = magic();
  private static final ZMatrixRMaj MAGIC_DAG = Complex4.dagger(MAGIC);
  /** Diagonals of XX, YY, ZZ in the magic basis, to read a, b, c off the canonical phases. */
  private static final double[][] PAULI_DIAGONALS = pauliDiagonals();
  /** Off-diagonal residue accepted from the simultaneous real diagonalisation. */
  private static final double DIAG_TOL = 1e-11;

  /** Decomposes a 4×4 unitary; throws if it is not unitary to about 1e-8. */
  static Kak decompose(ZMatrixRMaj u) {
    if (u.numRows != 4 || u.numCols != 4) {
      throw new IllegalArgumentException("a two-qubit unitary is 4x4, got " + u.numRows + "x" + u.numCols);
    }
    double quarter = -Complex4.detArg(u) / 4;
    ZMatrixRMaj su = Complex4.scale(u, Math.cos(quarter), Math.sin(quarter));
    ZMatrixRMaj up = Complex4.mult(MAGIC_DAG, su, MAGIC);
    ZMatrixRMaj m2 = Complex4.mult(Complex4.transpose(up), up);
    DMatrixRMaj p = realEigenbasis(m2);
    if (CommonOps_DDRM.det(p) < 0) {
      for (int r = 0; r < 4; r++) p.set(r, 0, -p.get(r, 0));
    }
    ZMatrixRMaj pc = complex(p);
    ZMatrixRMaj d = Complex4.mult(Complex4.transpose(pc), m2, pc);
    double[] half = new double[4];
    double sum = 0;
    for (int k = 0; k < 4; k++) {
      half[k] = Math.atan2(d.getImag(k, k), d.getReal(k, k)) / 2;
      sum += half[k];
    }
    // det(up) = 1 forces Σ half ≡ 0 (mod π); shift one root by π when it is odd so that K1 has det 1
    if (Math.abs(OneQubitSynthesis.wrap(sum)) > Math.PI / 2) half[0] += Math.PI;
    ZMatrixRMaj dInv = new ZMatrixRMaj(4, 4);
    for (int k = 0; k < 4; k++) dInv.set(k, k, Math.cos(half[k]), -Math.sin(half[k]));
    ZMatrixRMaj k1 = Complex4.mult(up, pc, dInv);
    ZMatrixRMaj after = Complex4.mult(MAGIC, k1, MAGIC_DAG);
    ZMatrixRMaj before = Complex4.mult(MAGIC, Complex4.transpose(pc), MAGIC_DAG);
    double[] abc = new double[3];
    for (int j = 0; j < 3; j++) {
      double s = 0;
      for (int k = 0; k < 4; k++) s += PAULI_DIAGONALS[j][k] * half[k];
      abc[j] = s / 4;
    }
    ZMatrixRMaj[] af = factor(after);
    ZMatrixRMaj[] bf = factor(before);
    return new Kak(af[0], af[1], abc[0], abc[1], abc[2], bf[0], bf[1]);
  }

  /** Splits a 4×4 matrix A⊗B (up to phase) into {A, B}, each of determinant 1; null if it is not a product. */
  static ZMatrixRMaj[] factorOrNull(ZMatrixRMaj k, double tol) {
    ZMatrixRMaj[] f = factor(k);
    ZMatrixRMaj prod = GateMatrices.kron(f[0], f[1]);
    return CircuitUnitary.distanceUpToPhase(prod, k) < tol ? f : null;
  }

  private static ZMatrixRMaj[] factor(ZMatrixRMaj k) {
    int bi = 0, bj = 0;
    double best = -1;
    for (int i = 0; i < 4; i++)
      for (int j = 0; j < 4; j++) {
        double m = Math.hypot(k.getReal(i, j), k.getImag(i, j));
        if (m > best) { best = m; bi = i; bj = j; }
      }
    ZMatrixRMaj low = Complex4.toSpecial(Complex4.block(k, bi / 2, bj / 2));
    ZMatrixRMaj high = Complex4.toSpecial(Complex4.stride(k, bi % 2, bj % 2));
    return new ZMatrixRMaj[] {high, low};
  }

  /**
   * A real orthogonal P with P^T M P diagonal, for M symmetric unitary: Re M and Im M commute, so a
   * generic real combination of them has their common eigenvectors (retried on unlucky draws).
   */
  private static DMatrixRMaj realEigenbasis(ZMatrixRMaj m) {
    Random rnd = new Random(0x5EEDL);
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(4, true, true);
    ZMatrixRMaj best = null;
    DMatrixRMaj bestP = null;
    double bestOff = Double.MAX_VALUE;
    for (int attempt = 0; attempt < 20; attempt++) {
      double x = rnd.nextDouble(), y = rnd.nextDouble();
      DMatrixRMaj comb = new DMatrixRMaj(4, 4);
      for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) comb.set(i, j, x * m.getReal(i, j) + y * m.getImag(i, j));
      if (!eig.decompose(comb)) continue;
      DMatrixRMaj p = new DMatrixRMaj(4, 4);
      for (int c = 0; c < 4; c++) {
        DMatrixRMaj v = eig.getEigenVector(c);
        for (int r = 0; r < 4; r++) p.set(r, c, v.get(r, 0));
      }
      ZMatrixRMaj pc = complex(p);
      ZMatrixRMaj d = Complex4.mult(Complex4.transpose(pc), m, pc);
      double off = 0;
      for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) if (i != j) off = Math.max(off, Math.hypot(d.getReal(i, j), d.getImag(i, j)));
      if (off < bestOff) { bestOff = off; bestP = p; best = d; }
      if (off < DIAG_TOL) break;
    }
    if (best == null || bestOff > 1e-8) {
      throw new IllegalArgumentException("matrix is not a two-qubit unitary (KAK diagonalisation failed, residue "
          + bestOff + ")");
    }
    return bestP;
  }

  private static ZMatrixRMaj complex(DMatrixRMaj p) {
    ZMatrixRMaj z = new ZMatrixRMaj(p.numRows, p.numCols);
    for (int i = 0; i < p.numRows; i++)
      for (int j = 0; j < p.numCols; j++) z.set(i, j, p.get(i, j), 0);
    return z;
  }

  private static ZMatrixRMaj magic() {
    ZMatrixRMaj b = new ZMatrixRMaj(4, 4);
    b.set(0, 0, S, 0); b.set(0, 1, 0, S);
    b.set(1, 2, 0, S); b.set(1, 3, S, 0);
    b.set(2, 2, 0, S); b.set(2, 3, -S, 0);
    b.set(3, 0, S, 0); b.set(3, 1, 0, -S);
    return b;
  }

  private static double[][] pauliDiagonals() {
    ZMatrixRMaj x = GateMatrices.base(GateKind.X, List.of());
    ZMatrixRMaj y = GateMatrices.base(GateKind.Y, List.of());
    ZMatrixRMaj z = GateMatrices.base(GateKind.Z, List.of());
    ZMatrixRMaj[] paulis = {GateMatrices.kron(x, x), GateMatrices.kron(y, y), GateMatrices.kron(z, z)};
    double[][] diag = new double[3][4];
    for (int j = 0; j < 3; j++) {
      ZMatrixRMaj t = Complex4.mult(MAGIC_DAG, paulis[j], MAGIC);
      for (int k = 0; k < 4; k++) diag[j][k] = t.getReal(k, k);
    }
    return diag;
  }
}
