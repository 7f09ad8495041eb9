package io.qubitd.trainer.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A matrix of {@code outDim × inDim} in tensor-train (MPO) form: inDim = Π inFactors[k],
 * outDim = Π outFactors[k], and core k of shape (ranks[k], inFactors[k], outFactors[k], ranks[k+1])
 * stored row-major, with ranks[0] = ranks[K] = 1. Input and output indices are row-major over their
 * factors (the first factor is the most significant).
 */
public record TensorTrainMatrix(int[] inFactors, int[] outFactors, int[] ranks, double[][] cores) {

  public TensorTrainMatrix {
    int k = inFactors.length;
    if (k == 0 || outFactors.length != k || ranks.length != k + 1 || cores.length != k) {
      throw new IllegalArgumentException("tensor train needs K in factors, K out factors, K+1 ranks and K cores; got "
          + inFactors.length + ", " + outFactors.length + ", " + ranks.length + ", " + cores.length);
    }
    if (ranks[0] != 1 || ranks[k] != 1) {
      throw new IllegalArgumentException("boundary ranks must be 1, got " + Arrays.toString(ranks));
    }
    for (int i = 0; i < k; i++) {
      if (inFactors[i] < 1 || outFactors[i] < 1 || ranks[i + 1] < 1) {
        throw new IllegalArgumentException("factors and ranks must be positive: in " + Arrays.toString(inFactors)
            + ", out " + Arrays.toString(outFactors) + ", ranks " + Arrays.toString(ranks));
      }
      int expect = coreSize(ranks[i], inFactors[i], outFactors[i], ranks[i + 1]);
      if (cores[i].length != expect) {
        throw new IllegalArgumentException("core " + i + " has " + cores[i].length + " entries, expected " + expect);
      }
    }
  }

  /** Zero cores of the given shape: inner ranks all equal to {@code bond}. */
  public static TensorTrainMatrix zeros(List<Integer> inFactors, List<Integer> outFactors, int bond) {
    if (inFactors.size() != outFactors.size()) {
      throw new IllegalArgumentException("in and out factorisations need the same length: " + inFactors + " vs " + outFactors);
    }
    int k = inFactors.size();
    int[] ranks = TensorTrainOps.ranks(k, bond);
    int[] in = inFactors.stream().mapToInt(Integer::intValue).toArray();
    int[] out = outFactors.stream().mapToInt(Integer::intValue).toArray();
    double[][] cores = new double[k][];
    for (int i = 0; i < k; i++) cores[i] = new double[coreSize(ranks[i], in[i], out[i], ranks[i + 1])];
    return new TensorTrainMatrix(in, out, ranks, cores);
  }

  public int order() { return inFactors.length; }

  public int inDim() { return Arrays.stream(inFactors).reduce(1, (a, b) -> a * b); }

  public int outDim() { return Arrays.stream(outFactors).reduce(1, (a, b) -> a * b); }

  /** Entries of all cores: the trainable parameters of this factorisation. */
  public long parameterCount() {
    return Arrays.stream(cores).mapToLong(c -> c.length).sum();
  }

  /** Shape of core k: (rank in, in factor, out factor, rank out). */
  public long[] coreShape(int k) {
    return new long[] {ranks[k], inFactors[k], outFactors[k], ranks[k + 1]};
  }

  static int coreSize(int r0, int in, int out, int r1) {
    return r0 * in * out * r1;
  }
}
