package io.qubitd.trainer.tensor;

import java.util.List;

/** Contractions of tensor-train matrices with dense batches, and their dense form. Stateless. */
public final class TensorTrainOps {
  private TensorTrainOps() {}

  /** Ranks (1, bond, …, bond, 1) for K cores; bond ≥ 1. */
  public static int[] ranks(int k, int bond) {
    if (bond < 1) throw new IllegalArgumentException("bond rank must be ≥ 1, got " + bond);
    int[] r = new int[k + 1];
    for (int i = 1; i < k; i++) r[i] = bond;
    r[0] = 1;
    r[k] = 1;
    return r;
  }

  /** Core parameters of a tensor-train matrix with these factorisations and inner bond rank. */
  public static long parameterCount(List<Integer> inFactors, List<Integer> outFactors, int bond) {
    int[] r = ranks(inFactors.size(), bond);
    long n = 0;
    for (int k = 0; k < inFactors.size(); k++) n += (long) r[k] * inFactors.get(k) * outFactors.get(k) * r[k + 1];
    return n;
  }

  /**
   * y = W·x for every row of {@code x} (batch × inDim), core by core without forming W; returns
   * batch × outDim. The state after core k holds (remaining input, output so far, rank), as the
   * DJL forward pass does with reshapes and matrix products.
   */
  public static double[][] apply(TensorTrainMatrix w, double[][] x) {
    int inDim = w.inDim();
    double[][] y = new double[x.length][];
    for (int n = 0; n < x.length; n++) {
      if (x[n].length != inDim) {
        throw new IllegalArgumentException("row " + n + " has " + x[n].length + " entries, the matrix takes " + inDim);
      }
      y[n] = applyRow(w, x[n]);
    }
    return y;
  }

  private static double[] applyRow(TensorTrainMatrix w, double[] x) {
    // state[rem][done][rank], row-major
    double[] state = x.clone();
    int rem = w.inDim();
    int done = 1;
    for (int k = 0; k < w.order(); k++) {
      int ik = w.inFactors()[k];
      int ok = w.outFactors()[k];
      int r0 = w.ranks()[k];
      int r1 = w.ranks()[k + 1];
      int remNext = rem / ik;
      double[] core = w.cores()[k];
      double[] next = new double[remNext * done * ok * r1];
      for (int i = 0; i < ik; i++) {
        for (int j = 0; j < remNext; j++) {
          for (int d = 0; d < done; d++) {
            for (int a = 0; a < r0; a++) {
              double s = state[((i * remNext + j) * done + d) * r0 + a];
              if (s == 0) continue;
              for (int o = 0; o < ok; o++) {
                int base = ((j * done + d) * ok + o) * r1;
                int cBase = ((a * ik + i) * ok + o) * r1;
                for (int b = 0; b < r1; b++) next[base + b] += s * core[cBase + b];
              }
            }
          }
        }
      }
      state = next;
      rem = remNext;
      done *= ok;
    }
    return state;
  }

  /** The dense outDim × inDim matrix W[o][i] = Σ over ranks of Π_k G_k[r_k, i_k, o_k, r_{k+1}]. */
  public static double[][] toDense(TensorTrainMatrix w) {
    int inDim = w.inDim();
    int outDim = w.outDim();
    double[][] dense = new double[outDim][inDim];
    double[][] eye = new double[inDim][inDim];
    for (int i = 0; i < inDim; i++) eye[i][i] = 1;
    double[][] columns = apply(w, eye);
    for (int i = 0; i < inDim; i++) {
      for (int o = 0; o < outDim; o++) dense[o][i] = columns[i][o];
    }
    return dense;
  }
}
