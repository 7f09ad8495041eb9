package io.qubitd.trainer;

import io.qubitd.trainer.quantum.QuantumLayer;

/**
 * The quantum layer of {@link QuantumLayer}'s contract simulated exactly on a small state vector,
 * with gradients by adjoint differentiation (one backward sweep per row). Test code only: the
 * stand-in for qlayer's implementations, checked against textbook values and finite differences.
 */
final class ExactQuantumLayer implements QuantumLayer {
  private final int qubits;
  private final int layers;
  private long circuits;

  ExactQuantumLayer(int qubits, int layers) {
    if (qubits < 2) throw new IllegalArgumentException("the ring needs at least 2 qubits, got " + qubits);
    this.qubits = qubits;
    this.layers = layers;
  }

  @Override public int qubits() { return qubits; }

  @Override public int layers() { return layers; }

  @Override public long circuitsEvaluated() { return circuits; }

  /** One gate: RY on {@code a}, or CRZ with control {@code a} and target {@code b}; its angle's source. */
  private record Gate(boolean crz, int a, int b, double angle, int uIndex, int thetaIndex) {}

  /** Per layer: RY(u_i) on every qubit, CRZ ring i→i+1, RY, CRZ ring i→i−1, RY; θ in that order. */
  private Gate[] circuit(double[] u, double[] theta) {
    Gate[] g = new Gate[5 * qubits * layers];
    int n = 0;
    for (int l = 0; l < layers; l++) {
      int t = 4 * qubits * l;
      for (int q = 0; q < qubits; q++) g[n++] = new Gate(false, q, -1, u[q], q, -1);
      for (int q = 0; q < qubits; q++) g[n++] = new Gate(true, q, (q + 1) % qubits, theta[t + q], -1, t + q);
      for (int q = 0; q < qubits; q++) g[n++] = new Gate(false, q, -1, theta[t + qubits + q], -1, t + qubits + q);
      for (int q = 0; q < qubits; q++) {
        g[n++] = new Gate(true, q, (q - 1 + qubits) % qubits, theta[t + 2 * qubits + q], -1, t + 2 * qubits + q);
      }
      for (int q = 0; q < qubits; q++) g[n++] = new Gate(false, q, -1, theta[t + 3 * qubits + q], -1, t + 3 * qubits + q);
    }
    return g;
  }

  @Override
  public double[][] forward(double[][] u, double[] theta) {
    double[][] out = new double[u.length][];
    for (int n = 0; n < u.length; n++) {
      double[][] psi = run(circuit(u[n], theta));
      out[n] = expectations(psi);
    }
    circuits += u.length;
    return out;
  }

  /**
   * Adjoint method: with λ = O·ψ for O = Σ_i gradOut_i·Z_i, walk the gates backwards; a gate
   * exp(−i·a·H/2) contributes dL/da = Im⟨λ|H|ψ⟩ with λ and ψ both taken right after it.
   */
  @Override
  public Gradients backward(double[][] u, double[] theta, double[][] gradOut) {
    double[][] du = new double[u.length][qubits];
    double[] dTheta = new double[theta.length];
    for (int n = 0; n < u.length; n++) {
      Gate[] gates = circuit(u[n], theta);
      double[][] psi = run(gates);
      double[][] lambda = new double[][] {psi[0].clone(), psi[1].clone()};
      for (int b = 0; b < lambda[0].length; b++) {
        double o = 0;
        for (int q = 0; q < qubits; q++) o += ((b >> q) & 1) == 0 ? gradOut[n][q] : -gradOut[n][q];
        lambda[0][b] *= o;
        lambda[1][b] *= o;
      }
      for (int k = gates.length - 1; k >= 0; k--) {
        Gate g = gates[k];
        double d = g.crz() ? imCrzGenerator(lambda, psi, g.a(), g.b()) : imY(lambda, psi, g.a());
        if (g.uIndex() >= 0) du[n][g.uIndex()] += d;
        else dTheta[g.thetaIndex()] += d;
        apply(psi, g, -g.angle());
        apply(lambda, g, -g.angle());
      }
    }
    circuits += u.length;
    return new Gradients(du, dTheta);
  }

  private double[][] run(Gate[] gates) {
    double[][] psi = {new double[1 << qubits], new double[1 << qubits]};
    psi[0][0] = 1;
    for (Gate g : gates) apply(psi, g, g.angle());
    return psi;
  }

  private double[] expectations(double[][] psi) {
    double[] z = new double[qubits];
    for (int b = 0; b < psi[0].length; b++) {
      double p = psi[0][b] * psi[0][b] + psi[1][b] * psi[1][b];
      for (int q = 0; q < qubits; q++) z[q] += ((b >> q) & 1) == 0 ? p : -p;
    }
    return z;
  }

  private static void apply(double[][] psi, Gate g, double angle) {
    if (g.crz()) crz(psi[0], psi[1], g.a(), g.b(), angle);
    else ry(psi[0], psi[1], g.a(), angle);
  }

  /** Im⟨λ|Y_q|ψ⟩, Y = [[0, −i], [i, 0]]. */
  private static double imY(double[][] l, double[][] p, int q) {
    int bit = 1 << q;
    double im = 0;
    for (int b = 0; b < p[0].length; b++) {
      if ((b & bit) != 0) continue;
      int b1 = b | bit;
      // (Yψ)_b = −i ψ_b1, (Yψ)_b1 = i ψ_b; Im(conj(λ)·(±i ψ)) = ±Re(conj(λ)·ψ)
      im += -(l[0][b] * p[0][b1] + l[1][b] * p[1][b1]) + (l[0][b1] * p[0][b] + l[1][b1] * p[1][b]);
    }
    return im;
  }

  /** Im⟨λ|P1_c ⊗ Z_t|ψ⟩, the generator of CRZ. */
  private static double imCrzGenerator(double[][] l, double[][] p, int control, int target) {
    double im = 0;
    for (int b = 0; b < p[0].length; b++) {
      if (((b >> control) & 1) == 0) continue;
      double s = ((b >> target) & 1) == 0 ? 1 : -1;
      im += s * (l[0][b] * p[1][b] - l[1][b] * p[0][b]);
    }
    return im;
  }

  private static void ry(double[] re, double[] im, int q, double a) {
    double c = Math.cos(a / 2);
    double s = Math.sin(a / 2);
    int bit = 1 << q;
    for (int b = 0; b < re.length; b++) {
      if ((b & bit) != 0) continue;
      int b1 = b | bit;
      double r0 = re[b], i0 = im[b], r1 = re[b1], i1 = im[b1];
      re[b] = c * r0 - s * r1;
      im[b] = c * i0 - s * i1;
      re[b1] = s * r0 + c * r1;
      im[b1] = s * i0 + c * i1;
    }
  }

  private static void crz(double[] re, double[] im, int control, int target, double a) {
    double c = Math.cos(a / 2);
    double s = Math.sin(a / 2);
    for (int b = 0; b < re.length; b++) {
      if (((b >> control) & 1) == 0) continue;
      // RZ(a) = diag(e^{−ia/2}, e^{ia/2}) on the target
      double sign = ((b >> target) & 1) == 0 ? -1 : 1;
      double r = re[b], i = im[b];
      re[b] = c * r - sign * s * i;
      im[b] = c * i + sign * s * r;
    }
  }
}
