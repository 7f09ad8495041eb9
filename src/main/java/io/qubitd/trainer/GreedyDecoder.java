package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/** Exact-match grading: the model writes its answer greedily after the marker, up to the end token. */
final class GreedyDecoder {
  private GreedyDecoder() {}

  /** Longest answer the decoder writes before it gives up (three digits and the end token). */
  static final int MAX_ANSWER_TOKENS = 4;
  private static final int CHUNK = 64;

  /** Fraction of {@code examples} whose written answer equals the expected one exactly. */
  static double accuracy(DecoderModel model, List<MathTasks.Example> examples, NDManager root) {
    int right = 0;
    for (int from = 0; from < examples.size(); from += CHUNK) {
      List<MathTasks.Example> chunk = examples.subList(from, Math.min(examples.size(), from + CHUNK));
      try (NDManager m = root.newSubManager()) {
        List<String> answers = answer(model, chunk, m);
        for (int i = 0; i < chunk.size(); i++) if (answers.get(i).equals(chunk.get(i).answer())) right++;
      }
    }
    return examples.isEmpty() ? 0 : (double) right / examples.size();
  }

  /** The answers the model writes after each prompt. */
  static List<String> answer(DecoderModel model, List<MathTasks.Example> prompts, NDManager m) {
    int b = prompts.size();
    List<StringBuilder> seqs = new ArrayList<>();
    List<StringBuilder> out = new ArrayList<>();
    boolean[] finished = new boolean[b];
    for (MathTasks.Example e : prompts) {
      seqs.add(new StringBuilder(e.prompt()));
      out.add(new StringBuilder());
    }
    ParameterStore ps = new ParameterStore(m, false);
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
      NDArray logits = model.logits(ps, NdArrays.tokens(m, tokens, new Shape(b, len)), false);
      double[] flat = NdArrays.toDoubles(logits);
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
