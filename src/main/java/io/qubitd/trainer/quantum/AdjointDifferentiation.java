package io.qubitd.trainer.quantum;

import java.util.List;

/**
 * Adjoint differentiation of one row (Jones & Gacon 2020): from the final state ψ and λ = O ψ with
 * O = Σ_i g_i Z_i, sweep the gates backwards, undoing each on both vectors; a gate exp(−iθG) adds
 * 2·Im⟨λ|G|φ⟩ to its angle's derivative. One forward state and one backward sweep give dL/dθ and dL/du
 * for every angle at once, on the plain amplitude arrays of {@link AnsatzStates}.
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
      AnsatzStates.apply(s, inverse, re, im);
      AnsatzStates.apply(s, inverse, lre, lim);
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
