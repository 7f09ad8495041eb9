package io.qubitd.trainer.quantum;

import java.util.Arrays;

/**
 * State vectors of the ansatz on plain amplitude arrays. The layer has a handful of qubits and two
 * gate kinds, so direct loops beat the general kernel's fusion and bookkeeping by an order of
 * magnitude; the tests hold these against the kernel and against dense unitaries.
 */
public final class AnsatzStates {
  private AnsatzStates() {}

  /** Writes the row's final state into {@code re}/{@code im}. Precondition: arrays of length 2^r, u of r, θ of 4·r·L. */
  public static void finalState(LayerAnsatz ansatz, double[] u, double[] theta, double[] re, double[] im) {
    int dim = 1 << ansatz.qubits();
    if (re.length != dim || im.length != dim) {
      throw new IllegalArgumentException("state arrays have " + re.length + " amplitudes for " + ansatz.qubits() + " qubits");
    }
    Arrays.fill(re, 0);
    Arrays.fill(im, 0);
    re[0] = 1;
    for (LayerAnsatz.Step s : ansatz.steps()) apply(s, s.angle(u, theta), re, im);
  }

  /** ⟨Z_i⟩ for i < qubits of a normalised state. */
  public static double[] zExpectations(double[] re, double[] im, int qubits) {
    double[] p = new double[re.length];
    for (int b = 0; b < p.length; b++) p[b] = re[b] * re[b] + im[b] * im[b];
    return ExpectationOps.fromProbabilities(p, qubits);
  }

  /** Applies the step's rotation with angle {@code angle} (not the step's own) in place. */
  public static void apply(LayerAnsatz.Step s, double angle, double[] re, double[] im) {
    double c = Math.cos(angle / 2), sn = Math.sin(angle / 2);
    if (s.rotation() == LayerAnsatz.Rotation.RY) {
      int bit = 1 << s.target();
      for (int b = 0; b < re.length; b++) {
        if ((b & bit) != 0) continue;
        int b1 = b | bit;
        double r0 = re[b], i0 = im[b], r1 = re[b1], i1 = im[b1];
        re[b] = c * r0 - sn * r1;
        im[b] = c * i0 - sn * i1;
        re[b1] = sn * r0 + c * r1;
        im[b1] = sn * i0 + c * i1;
      }
    } else {
      int control = 1 << s.control(), target = 1 << s.target();
      for (int b = 0; b < re.length; b++) {
        if ((b & control) == 0) continue;
        // RZ: e^{-iθ/2} on target 0, e^{+iθ/2} on target 1
        double si = (b & target) == 0 ? -sn : sn;
        double r0 = re[b], i0 = im[b];
        re[b] = c * r0 - si * i0;
        im[b] = c * i0 + si * r0;
      }
    }
  }
}
