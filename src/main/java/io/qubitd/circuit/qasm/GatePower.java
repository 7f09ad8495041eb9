package io.qubitd.circuit.qasm;

import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import java.util.List;
import org.ejml.data.ZMatrixRMaj;

/**
 * {@code pow(k) @ g} for a real k on one qubit, as the specification defines it: the principal power,
 * U^k = Σ_j e^{i·k·φ_j} P_j over the eigenvalues e^{iφ_j} of U, φ_j in (−π, π], and P_j their eigenprojectors.
 * For a 2×2 unitary the eigenvalues are the roots of λ² − tr(U)·λ + det(U), and
 * P₁ = (U − λ₂)/(λ₁ − λ₂) when they differ (U = λ·I otherwise). The result is written as
 * e^{iγ}·U3(θ, φ, λ), a {@code u} gate and a {@code gphase}, so that a {@code ctrl @} outside sees the phase.
 */
final class GatePower {
  private GatePower() {}

  /** Eigenvalues closer than this count as equal (U is then a phase times the identity). */
  private static final double DEGENERATE = 1e-12;

  /** The gates of {@code (ops)^k} on one qubit: U3 then the global phase. Precondition: ops act on one qubit or none. */
  static List<Gate> power(List<Operation> ops, double k) {
    // m = product of the operations' matrices, later operations on the left; entries re/im row-major
    double[] m = {1, 0, 0, 0, 0, 0, 1, 0};
    for (Operation op : ops) {
      if (!(op instanceof Operation.GateOp g)) continue;
      double[] a = g.qubits().isEmpty() ? phase(g.gate().params().get(0)) : of(g.gate().matrix());
      m = multiply(a, m);
    }
    double trRe = m[0] + m[6], trIm = m[1] + m[7];
    double detRe = m[0] * m[6] - m[1] * m[7] - (m[2] * m[4] - m[3] * m[5]);
    double detIm = m[0] * m[7] + m[1] * m[6] - (m[2] * m[5] + m[3] * m[4]);
    // discriminant tr² − 4·det and its square root
    double dRe = trRe * trRe - trIm * trIm - 4 * detRe, dIm = 2 * trRe * trIm - 4 * detIm;
    double r = Math.sqrt(Math.hypot(dRe, dIm)), half = Math.atan2(dIm, dRe) / 2;
    double sRe = r * Math.cos(half), sIm = r * Math.sin(half);
    double l1Re = (trRe + sRe) / 2, l1Im = (trIm + sIm) / 2, l2Re = (trRe - sRe) / 2, l2Im = (trIm - sIm) / 2;
    double[] out;
    double a1 = Math.atan2(l1Im, l1Re), a2 = Math.atan2(l2Im, l2Re);
    if (Math.hypot(l1Re - l2Re, l1Im - l2Im) < DEGENERATE) {
      out = phase(k * a1);
    } else {
      // U^k = μ₁·P₁ + μ₂·(I − P₁), μ_j = e^{i·k·arg λ_j}; P₁ = (U − λ₂·I)/(λ₁ − λ₂)
      double[] p1 = {m[0] - l2Re, m[1] - l2Im, m[2], m[3], m[4], m[5], m[6] - l2Re, m[7] - l2Im};
      double denRe = l1Re - l2Re, denIm = l1Im - l2Im, den = denRe * denRe + denIm * denIm;
      for (int i = 0; i < 8; i += 2) {
        double re = p1[i], im = p1[i + 1];
        p1[i] = (re * denRe + im * denIm) / den;
        p1[i + 1] = (im * denRe - re * denIm) / den;
      }
      double m1Re = Math.cos(k * a1), m1Im = Math.sin(k * a1), m2Re = Math.cos(k * a2), m2Im = Math.sin(k * a2);
      out = new double[8];
      for (int i = 0; i < 8; i += 2) {
        double id = i == 0 || i == 6 ? 1 : 0;
        double pRe = p1[i], pIm = p1[i + 1], qRe = id - pRe, qIm = -pIm;
        out[i] = m1Re * pRe - m1Im * pIm + m2Re * qRe - m2Im * qIm;
        out[i + 1] = m1Re * pIm + m1Im * pRe + m2Re * qIm + m2Im * qRe;
      }
    }
    return euler(out);
  }

  /** e^{iγ}·U3(θ, φ, λ) = u as the gates u(θ, φ, λ) and gphase(γ). */
  private static List<Gate> euler(double[] u) {
    double c = Math.hypot(u[0], u[1]), s = Math.hypot(u[4], u[5]);
    double theta = 2 * Math.atan2(s, c);
    // U3 = [[cos, −e^{iλ} sin], [e^{iφ} sin, e^{i(φ+λ)} cos]] times e^{iγ}: γ from u00 (or u10 when the
    // diagonal vanishes, taking φ = 0), φ and λ from the off-diagonal (or λ from u11 when it vanishes)
    double gamma = c > DEGENERATE ? Math.atan2(u[1], u[0]) : Math.atan2(u[5], u[4]);
    double phi, lambda;
    if (s > DEGENERATE) {
      phi = Math.atan2(u[5], u[4]) - gamma;
      lambda = Math.atan2(-u[3], -u[2]) - gamma;
    } else {
      phi = 0;
      lambda = Math.atan2(u[7], u[6]) - gamma;
    }
    return List.of(new Gate(GateKind.U, List.of(theta, phi, lambda), 0), Gate.of(GateKind.GPHASE, gamma));
  }

  private static double[] phase(double gamma) {
    return new double[] {Math.cos(gamma), Math.sin(gamma), 0, 0, 0, 0, Math.cos(gamma), Math.sin(gamma)};
  }

  private static double[] of(ZMatrixRMaj z) {
    return new double[] {z.getReal(0, 0), z.getImag(0, 0), z.getReal(0, 1), z.getImag(0, 1),
        z.getReal(1, 0), z.getImag(1, 0), z.getReal(1, 1), z.getImag(1, 1)};
  }

  private static double[] multiply(double[] a, double[] b) {
    double[] out = new double[8];
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) {
        double re = 0, im = 0;
        for (int l = 0; l < 2; l++) {
          double ar = a[4 * i + 2 * l], ai = a[4 * i + 2 * l + 1], br = b[4 * l + 2 * j], bi = b[4 * l + 2 * j + 1];
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        out[4 * i + 2 * j] = re;
        out[4 * i + 2 * j + 1] = im;
      }
    return out;
  }
}
