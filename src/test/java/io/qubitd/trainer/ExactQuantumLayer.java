package io.qubitd.trainer;

import io.qubitd.trainer.quantum.QuantumLayer;

/**
 * The quantum layer of {@link QuantumLayer}'s contract simulated exactly on a small state vector,
 * with gradients by the parameter-shift rule on every gate occurrence (two terms for RY, four for
 * CRZ): exact, slow, independent of the adjoint method. Test code only.
 */
final class ExactQuantumLayer implements QuantumLayer {
  private static final double C_PLUS = (Math.sqrt(2) + 1) / (4 * Math.sqrt(2));
  private static final double C_MINUS = (Math.sqrt(2) - 1) / (4 * Math.sqrt(2));

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

  @Override
  public double[][] forward(double[][] u, double[] theta) {
    double[][] out = new double[u.length][];
    for (int n = 0; n < u.length; n++) out[n] = expectations(u[n], theta, -1, 0);
    circuits += u.length;
    return out;
  }

  @Override
  public Gradients backward(double[][] u, double[] theta, double[][] gradOut) {
    double[][] du = new double[u.length][qubits];
    double[] dTheta = new double[theta.length];
    int gates = 5 * qubits * layers;
    for (int n = 0; n < u.length; n++) {
      for (int g = 0; g < gates; g++) {
        double d;
        if (isCrz(g)) {
          d = C_PLUS * (dot(gradOut[n], expectations(u[n], theta, g, Math.PI / 2)) - dot(gradOut[n], expectations(u[n], theta, g, -Math.PI / 2)))
              - C_MINUS * (dot(gradOut[n], expectations(u[n], theta, g, 3 * Math.PI / 2)) - dot(gradOut[n], expectations(u[n], theta, g, -3 * Math.PI / 2)));
          circuits += 4;
        } else {
          d = (dot(gradOut[n], expectations(u[n], theta, g, Math.PI / 2)) - dot(gradOut[n], expectations(u[n], theta, g, -Math.PI / 2))) / 2;
          circuits += 2;
        }
        int within = g % (5 * qubits);
        int layer = g / (5 * qubits);
        if (within < qubits) du[n][within] += d;
        else dTheta[4 * qubits * layer + within - qubits] += d;
      }
    }
    return new Gradients(du, dTheta);
  }

  /** Gate g of a layer: r encoding RY, r forward CRZ, r RY, r backward CRZ, r RY. */
  private boolean isCrz(int g) {
    int block = (g % (5 * qubits)) / qubits;
    return block == 1 || block == 3;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /** ⟨Z_i⟩ with gate occurrence {@code shifted} (−1: none) given an extra angle {@code shift}. */
  double[] expectations(double[] u, double[] theta, int shifted, double shift) {
    int dim = 1 << qubits;
    double[] re = new double[dim];
    double[] im = new double[dim];
    re[0] = 1;
    int g = 0;
    for (int l = 0; l < layers; l++) {
      int t = 4 * qubits * l;
      for (int q = 0; q < qubits; q++, g++) ry(re, im, q, u[q] + (g == shifted ? shift : 0));
      for (int q = 0; q < qubits; q++, g++) crz(re, im, q, (q + 1) % qubits, theta[t + q] + (g == shifted ? shift : 0));
      for (int q = 0; q < qubits; q++, g++) ry(re, im, q, theta[t + qubits + q] + (g == shifted ? shift : 0));
      for (int q = 0; q < qubits; q++, g++) {
        crz(re, im, q, (q - 1 + qubits) % qubits, theta[t + 2 * qubits + q] + (g == shifted ? shift : 0));
      }
      for (int q = 0; q < qubits; q++, g++) ry(re, im, q, theta[t + 3 * qubits + q] + (g == shifted ? shift : 0));
    }
    double[] z = new double[qubits];
    for (int b = 0; b < dim; b++) {
      double p = re[b] * re[b] + im[b] * im[b];
      for (int q = 0; q < qubits; q++) z[q] += ((b >> q) & 1) == 0 ? p : -p;
    }
    return z;
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
      // RZ(a) = diag(e^{-ia/2}, e^{ia/2}) on the target
      double sign = ((b >> target) & 1) == 0 ? -1 : 1;
      double r = re[b], i = im[b];
      re[b] = c * r - sign * s * i;
      im[b] = c * i + sign * s * r;
    }
  }
}
