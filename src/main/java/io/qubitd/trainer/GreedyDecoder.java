package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Exact-match grading: the model writes its answer greedily after the marker, up to the end token,
 * and the number after its last '=' must equal the expected final number.
 */
final class GreedyDecoder {
  private GreedyDecoder() {}

  /** Longest answer the decoder writes before it gives up: a worked chain of three steps and the end token. */
  static final int MAX_ANSWER_TOKENS = 28;
  private static final int CHUNK = 64;

  /**
   * Fraction of {@code examples} whose written final number equals the expected one exactly.
   * {@code scopes} gives a fresh scope for each decoding step (see {@link #answer}).
   */
  static double accuracy(DecoderModel model, List<MathTasks.Example> examples, Supplier<NDManager> scopes) {
    int right = 0;
    for (int from = 0; from < examples.size(); from += CHUNK) {
      List<MathTasks.Example> chunk = examples.subList(from, Math.min(examples.size(), from + CHUNK));
      List<String> answers = answer(model, chunk, scopes);
      for (int i = 0; i < chunk.size(); i++) {
        if (MathTasks.finalNumber(answers.get(i)).equals(chunk.get(i).result())) right++;
      }
    }
    return examples.isEmpty() ? 0 : (double) right / examples.size();
  }

  /**
   * The answers the model writes after each prompt, an unfinished one ending in '…'. Each decoding
   * step runs in its own scope from {@code scopes}, closed before the next, so a step's activations
   * are freed at once rather than piling up over the whole answer.
   */
  static List<String> answer(DecoderModel model, List<MathTasks.Example> prompts, Supplier<NDManager> scopes) {
    int b = prompts.size();
    List<StringBuilder> seqs = new ArrayList<>();
    List<StringBuilder> out = new ArrayList<>();
    boolean[] finished = new boolean[b];
    for (MathTasks.Example e : prompts) {
      seqs.add(new StringBuilder(e.prompt()));
      out.add(new StringBuilder());
    }
    int v = CharVocabulary.SIZE;
    for (int step = 0; step < MAX_ANSWER_TOKENS; step++) {
      int len = 0;
      for (StringBuilder s : seqs) len = Math.max(len, s.length());
      if (len > model.contextLength()) break;
      long[] tokens = new long[b * len];
      for (int i = 0; i < b; i++) {
        int[] ids = CharVocabulary.encode(seqs.get(i).toString());
        for (int t = 0; t < ids.length; t++) tokens[i * len + t] = ids[t];
      }
      double[] flat;
      try (NDManager m = scopes.get()) {
        NDArray logits = model.logits(new ParameterStore(m, false), NdArrays.tokens(m, tokens, new Shape(b, len)), false);
        flat = NdArrays.toDoubles(logits);
      }
      boolean any = false;
      for (int i = 0; i < b; i++) {
        if (finished[i]) continue;
        int base = (i * len + seqs.get(i).length() - 1) * v;
        int best = 0;
        for (int k = 1; k < v; k++) if (flat[base + k] > flat[base + best]) best = k;
        if (best == CharVocabulary.END || best == CharVocabulary.PAD) {
          finished[i] = true;
          continue;
        }
        char c = CharVocabulary.character(best);
        seqs.get(i).append(c);
        out.get(i).append(c);
        any = true;
      }
      if (!any) break;
    }
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < b; i++) answers.add(finished[i] ? out.get(i).toString() : out.get(i) + "…");
    return answers;
  }
}
