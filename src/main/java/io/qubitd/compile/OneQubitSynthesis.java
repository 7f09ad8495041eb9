package io.qubitd.compile;

import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.ZMatrixRMaj;

/**
 * Single-qubit unitaries as Euler angles and as native RZ/SX/X sequences, using
 * U3(θ,φ,λ) = RZ(φ+π)·SX·RZ(θ+π)·SX·RZ(λ) up to global phase (the ZSX form of IBM hardware).
 */
final class OneQubitSynthesis {
  private OneQubitSynthesis() {}

  /** Angles closer than this to a special value use the shorter sequence; far below the 1e-9 target. */
  static final double ANGLE_EPS = 1e-12;

  /** Euler angles of a 2×2 unitary. */
  record Angles(double theta, double phi, double lambda, double phase) {}

  /** {@code u = e^{i phase} U3(theta, phi, lambda)}; u must be a 2×2 unitary. */
  static Angles angles(ZMatrixRMaj u) {
    double c = Math.hypot(u.getReal(0, 0), u.getImag(0, 0));
    double s = Math.hypot(u.getReal(1, 0), u.getImag(1, 0));
    double theta = 2 * Math.atan2(s, c);
    double a00 = arg(u, 0, 0), a10 = arg(u, 1, 0), a11 = arg(u, 1, 1);
    double aM01 = Math.atan2(-u.getImag(0, 1), -u.getReal(0, 1));
    double phase, phi, lambda;
    if (c >= s) {
      // the diagonal is the reliable part: the off-diagonal phases matter only as much as s
      phase = a00;
      phi = a10 - a00;
      lambda = a11 - a10;
    } else {
      // off-diagonal dominant: φ−λ from it; φ+λ from the diagonal fixes (φ, λ) up to a joint π,
      // and the joint π flips the sign of the diagonal, which picks the branch
      double sum = a11 - a00, diff = a10 - aM01;
      phi = (sum + diff) / 2;
      lambda = (sum - diff) / 2;
      double g = a10 - phi;
      double predRe = Math.cos(g) * c, predIm = Math.sin(g) * c;
      if (predRe * u.getReal(0, 0) + predIm * u.getImag(0, 0) < 0) {
        phi += Math.PI;
        lambda += Math.PI;
      }
      phase = a10 - phi;
    }
    // re-fit the global phase to all four entries (only the entries' moduli decided the branch)
    ZMatrixRMaj v = u3(theta, phi, lambda);
    double re = 0, im = 0;
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) {
        double vr = v.getReal(i, j), vi = v.getImag(i, j), ur = u.getReal(i, j), ui = u.getImag(i, j);
        re += vr * ur + vi * ui;
        im += vr * ui - vi * ur;
      }
    phase = Math.atan2(im, re);
    return new Angles(theta, wrap(phi), wrap(lambda), phase);
  }

  /** Native gates (time order) equal to {@code u} up to global phase; empty when u is a phase. */
  static List<Gate> natives(ZMatrixRMaj u) {
    Angles a = angles(u);
    List<Gate> out = new ArrayList<>(5);
    double t = a.theta();
    if (Math.abs(t) < ANGLE_EPS) {
      rz(out, a.phi() + a.lambda());
    } else if (Math.abs(t - Math.PI / 2) < ANGLE_EPS) {
      rz(out, a.lambda() - Math.PI / 2);
      out.add(Gate.of(GateKind.SX));
      rz(out, a.phi() + Math.PI / 2);
    } else if (Math.abs(t - Math.PI) < ANGLE_EPS) {
      out.add(Gate.of(GateKind.X));
      rz(out, a.phi() - a.lambda() + Math.PI);
    } else {
      rz(out, a.lambda());
      out.add(Gate.of(GateKind.SX));
      rz(out, t + Math.PI);
      out.add(Gate.of(GateKind.SX));
      rz(out, a.phi() + Math.PI);
    }
    return out;
  }

  static ZMatrixRMaj u3(double theta, double phi, double lambda) {
    return Gate.of(GateKind.U, theta, phi, lambda).matrix();
  }

  /** The angle in (-π, π]. */
  static double wrap(double x) {
    double y = Math.IEEEremainder(x, 2 * Math.PI);
    return y <= -Math.PI ? y + 2 * Math.PI : y;
  }

  private static void rz(List<Gate> out, double angle) {
    double w = wrap(angle);
    if (Math.abs(w) > ANGLE_EPS) out.add(Gate.of(GateKind.RZ, w));
  }

  private static double arg(ZMatrixRMaj m, int r, int c) {
    return Math.atan2(m.getImag(r, c), m.getReal(r, c));
  }
}
