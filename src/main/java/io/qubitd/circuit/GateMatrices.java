package io.qubitd.circuit;

import java.util.List;
import org.ejml.data.ZMatrixRMaj;

/** Matrices of the IR's gates, little-endian in the gate's qubit order (see {@link Gate}). */
public final class GateMatrices {
  private GateMatrices() {}

  private static final double R = Math.sqrt(0.5);

  /** The 2^k × 2^k matrix of a base gate, k = kind.qubits(). */
  public static ZMatrixRMaj base(GateKind kind, List<Double> p) {
    switch (kind) {
      case ID: return m1(1, 0, 0, 0, 0, 0, 1, 0);
      case X: return m1(0, 0, 1, 0, 1, 0, 0, 0);
      case Y: return m1(0, 0, 0, -1, 0, 1, 0, 0);
      case Z: return m1(1, 0, 0, 0, 0, 0, -1, 0);
      case H: return m1(R, 0, R, 0, R, 0, -R, 0);
      case S: return m1(1, 0, 0, 0, 0, 0, 0, 1);
      case SDG: return m1(1, 0, 0, 0, 0, 0, 0, -1);
      case T: return m1(1, 0, 0, 0, 0, 0, R, R);
      case TDG: return m1(1, 0, 0, 0, 0, 0, R, -R);
      case SX: return m1(0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5);
      case SXDG: return m1(0.5, -0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.5);
      case RX: {
        double c = Math.cos(p.get(0) / 2), s = Math.sin(p.get(0) / 2);
        return m1(c, 0, 0, -s, 0, -s, c, 0);
      }
      case RY: {
        double c = Math.cos(p.get(0) / 2), s = Math.sin(p.get(0) / 2);
        return m1(c, 0, -s, 0, s, 0, c, 0);
      }
      case RZ: {
        double c = Math.cos(p.get(0) / 2), s = Math.sin(p.get(0) / 2);
        return m1(c, -s, 0, 0, 0, 0, c, s);
      }
      case P: return m1(1, 0, 0, 0, 0, 0, Math.cos(p.get(0)), Math.sin(p.get(0)));
      case U2: return u3(Math.PI / 2, p.get(0), p.get(1));
      case U: return u3(p.get(0), p.get(1), p.get(2));
      case GPHASE: {
        ZMatrixRMaj m = new ZMatrixRMaj(1, 1);
        m.set(0, 0, Math.cos(p.get(0)), Math.sin(p.get(0)));
        return m;
      }
      case SWAP: {
        ZMatrixRMaj m = new ZMatrixRMaj(4, 4);
        m.set(0, 0, 1, 0);
        m.set(1, 2, 1, 0);
        m.set(2, 1, 1, 0);
        m.set(3, 3, 1, 0);
        return m;
      }
      case RXX: case RYY: case RZX: return pauliRotation(kind, p.get(0));
      case RZZ: {
        double c = Math.cos(p.get(0) / 2), s = Math.sin(p.get(0) / 2);
        ZMatrixRMaj m = new ZMatrixRMaj(4, 4);
        m.set(0, 0, c, -s);
        m.set(1, 1, c, s);
        m.set(2, 2, c, s);
        m.set(3, 3, c, -s);
        return m;
      }
      default:
        throw new IllegalArgumentException("no matrix for gate kind " + kind);
    }
  }

  /** Embeds {@code base} (2^k square) under {@code controls} controls placed at bits 0..controls-1. */
  public static ZMatrixRMaj controlled(ZMatrixRMaj base, int controls) {
    if (controls == 0) return base.copy();
    int n = base.numRows;
    int c = 1 << controls;
    int dim = n * c;
    ZMatrixRMaj m = new ZMatrixRMaj(dim, dim);
    int allOn = c - 1;
    for (int i = 0; i < dim; i++) {
      if ((i & allOn) != allOn) m.set(i, i, 1, 0);
    }
    for (int r = 0; r < n; r++) {
      for (int col = 0; col < n; col++) {
        m.set(r * c + allOn, col * c + allOn, base.getReal(r, col), base.getImag(r, col));
      }
    }
    return m;
  }

  private static ZMatrixRMaj u3(double theta, double phi, double lambda) {
    double c = Math.cos(theta / 2), s = Math.sin(theta / 2);
    return m1(
        c, 0,
        -Math.cos(lambda) * s, -Math.sin(lambda) * s,
        Math.cos(phi) * s, Math.sin(phi) * s,
        Math.cos(phi + lambda) * c, Math.sin(phi + lambda) * c);
  }

  /** exp(-iθ/2 A⊗B) = cos(θ/2) I - i sin(θ/2) A⊗B for Paulis with (A⊗B)² = I. */
  private static ZMatrixRMaj pauliRotation(GateKind kind, double theta) {
    ZMatrixRMaj a, b;
    switch (kind) {
      case RXX: a = base(GateKind.X, List.of()); b = a; break;
      case RYY: a = base(GateKind.Y, List.of()); b = a; break;
      case RZX: a = base(GateKind.Z, List.of()); b = base(GateKind.X, List.of()); break;
      default: throw new IllegalArgumentException(kind.toString());
    }
    // qubit 0 (first listed) is the low bit: the operator is B ⊗ A in big-endian kron order
    ZMatrixRMaj pp = kron(b, a);
    double c = Math.cos(theta / 2), s = Math.sin(theta / 2);
    ZMatrixRMaj m = new ZMatrixRMaj(4, 4);
    for (int r = 0; r < 4; r++) {
      for (int col = 0; col < 4; col++) {
        double re = (r == col ? c : 0) + s * pp.getImag(r, col);
        double im = -s * pp.getReal(r, col);
        m.set(r, col, re, im);
      }
    }
    return m;
  }

  /** Kronecker product A⊗B, A on the high bits. */
  public static ZMatrixRMaj kron(ZMatrixRMaj a, ZMatrixRMaj b) {
    ZMatrixRMaj m = new ZMatrixRMaj(a.numRows * b.numRows, a.numCols * b.numCols);
    for (int i = 0; i < a.numRows; i++)
      for (int j = 0; j < a.numCols; j++) {
        double ar = a.getReal(i, j), ai = a.getImag(i, j);
        for (int k = 0; k < b.numRows; k++)
          for (int l = 0; l < b.numCols; l++) {
            double br = b.getReal(k, l), bi = b.getImag(k, l);
            m.set(i * b.numRows + k, j * b.numCols + l, ar * br - ai * bi, ar * bi + ai * br);
          }
      }
    return m;
  }

  private static ZMatrixRMaj m1(double... v) {
    ZMatrixRMaj m = new ZMatrixRMaj(2, 2);
    m.set(0, 0, v[0], v[1]);
    m.set(0, 1, v[2], v[3]);
    m.set(1, 0, v[4], v[5]);
    m.set(1, 1, v[6], v[7]);
    return m;
  }
}
