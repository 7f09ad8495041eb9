package io.qubitd.trainer.quantum;

import java.util.List;

/**
 * Adjoint differentiation of one row (Jones & Gacon 2020): from the final state ψ and λ = O ψ with
 * O = Σ_i g_i Z_i, sweep the gates backwards, undoing each on both vectors; a gate exp(−iθG) adds
 * 2·Im⟨λ|G|φ⟩ to its angle's derivative. One forward state and one backward sweep give dL/dθ and dL/du
 * for every angle at once. Works on plain amplitude arrays: r is small and the gates are two kinds.
 */
public final class AdjointDifferentiation {
  private AdjointDifferentiation() {}

  /**
   * Adds this row's dL/du to {@code gradU} and dL/dθ to {@code gradTheta}. {@code re}/{@code im} hold
   * the final state of the row's circuit and are overwritten. Precondition: arrays of length 2^r, r, 4·r·L.
   */
  public static void accumulate(LayerAnsatz ansatz, double[] re, double[] im, double[] u, double[] theta,
                                double[] gradOut, double[] gradU, double[] gradTheta) {
    int r = ansatz.qubits();
    int dim = 1 << r;
    if (re.length != dim || im.length != dim) {
      throw new IllegalArgumentException("state has " + re.length + " amplitudes for " + r + " qubits");
    }
    double[] lre = new double[dim], lim = new double[dim];
    for (int b = 0; b < dim; b++) {
      double o = 0;
      for (int i = 0; i < r; i++) o += ((b >> i) & 1) == 0 ? gradOut[i] : -gradOut[i];
      lre[b] = o * re[b];
      lim[b] = o * im[b];
    }
    List<LayerAnsatz.Step> steps = ansatz.steps();
    for (int k = steps.size() - 1; k >= 0; k--) {
      LayerAnsatz.Step s = steps.get(k);
      double d = 2 * imGenerator(s, lre, lim, re, im);
      if (s.input() >= 0) gradU[s.input()] += d;
      else gradTheta[s.parameter()] += d;
      double inverse = -s.angle(u, theta);
      apply(s, inverse, re, im);
      apply(s, inverse, lre, lim);
    }
  }

  /** Applies the step's rotation with angle {@code angle} in place. */
  static void apply(LayerAnsatz.Step s, double angle, double[] re, double[] im) {
    if (s.rotation() == LayerAnsatz.Rotation.RY) {
      double c = Math.cos(angle / 2), sn = Math.sin(angle / 2);
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
      double c = Math.cos(angle / 2), sn = Math.sin(angle / 2);
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

  /** Im⟨λ|G|φ⟩ for the step's generator G: Y/2 for RY, |1⟩⟨1|_c ⊗ Z_t/2 for CRZ. */
  private static double imGenerator(LayerAnsatz.Step s, double[] lre, double[] lim, double[] pre, double[] pim) {
    double acc = 0;
    if (s.rotation() == LayerAnsatz.Rotation.RY) {
      int bit = 1 << s.target();
      for (int b = 0; b < pre.length; b++) {
        if ((b & bit) != 0) continue;
        int b1 = b | bit;
        // Y|0⟩ = i|1⟩, Y|1⟩ = −i|0⟩: Im⟨λ|Y|φ⟩ = Re(λ₁* φ₀) − Re(λ₀* φ₁)
        acc += lre[b1] * pre[b] + lim[b1] * pim[b] - lre[b] * pre[b1] - lim[b] * pim[b1];
      }
    } else {
      int control = 1 << s.control(), target = 1 << s.target();
      for (int b = 0; b < pre.length; b++) {
        if ((b & control) == 0) continue;
        double imTerm = lre[b] * pim[b] - lim[b] * pre[b];
        acc += (b & target) == 0 ? imTerm : -imTerm;
      }
    }
    return acc / 2;
  }
}
