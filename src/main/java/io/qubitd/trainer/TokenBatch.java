package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Examples as a right-padded token batch for next-token prediction: {@code inputs[b][t]} predicts
 * {@code targets[b][t]}; only answer tokens (and the end token) carry loss. With a causal model,
 * right padding needs no mask: no real position ever attends to a later one.
 */
record TokenBatch(long[] inputs, int[] targets, boolean[] scored, int batch, int length) {

  /** Encodes {@code examples}; each text must fit in {@code contextLength} + 1 tokens. */
  static TokenBatch of(List<MathTasks.Example> examples, int contextLength) {
    int longest = 0;
    for (MathTasks.Example e : examples) {
      int n = e.text().length() - 1;
      if (n > contextLength) {
        throw new IllegalArgumentException("example '" + e.prompt() + "' needs " + n + " positions; context length is " + contextLength);
      }
      longest = Math.max(longest, n);
    }
    int b = examples.size();
    long[] in = new long[b * longest];
    int[] tgt = new int[b * longest];
    boolean[] scored = new boolean[b * longest];
    for (int i = 0; i < b; i++) {
      MathTasks.Example e = examples.get(i);
      int[] ids = CharVocabulary.encode(e.text());
      int answerFrom = e.prompt().length() - 1;
      for (int t = 0; t + 1 < ids.length; t++) {
        in[i * longest + t] = ids[t];
        tgt[i * longest + t] = ids[t + 1];
        scored[i * longest + t] = t >= answerFrom;
      }
    }
    return new TokenBatch(in, tgt, scored, b, longest);
  }

  NDArray inputArray(NDManager m) {
    return NdArrays.tokens(m, inputs, new Shape(batch, length));
  }

  /** Weights (batch, length, vocabulary): 1/n on each scored target, so Σ w·log p is the mean log-likelihood. */
  NDArray targetWeights(NDManager m, DataType type) {
    int v = CharVocabulary.SIZE;
    int n = 0;
    for (boolean s : scored) if (s) n++;
    double[] w = new double[batch * length * v];
    for (int i = 0; i < scored.length; i++) {
      if (scored[i]) w[i * v + targets[i]] = 1.0 / n;
    }
    return NdArrays.create(m, w, new Shape(batch, length, v), type);
  }
}
