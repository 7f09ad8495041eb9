package io.qubitd.trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The two generated data sets, both fixed by a seed.
 *
 * <p>The base corpus is general arithmetic: single operations ("12+7=19") and short stories in
 * the corpus's own plain style, one to three steps, answered with the worked chain ("Ann has 3
 * boxes of 4 pens; loses 2. How many now?=3*4=12-2=10"). The fine-tuning task is word problems of
 * two or three mixed steps in templates and verbs the base never saw ("Ann has 5 apples, buys 3
 * more and gives 2 away. How many?=5+3=8-2=6"). Chains run left to right, one operation per
 * '=', and every intermediate value is non-negative. Grading looks only at the final number.
 */
public final class MathTasks {
  private MathTasks() {}

  /** Examples of the base corpus that {@link #corpusFingerprint} reads. */
  private static final int FINGERPRINT_EXAMPLES = 512;

  /** A prompt ending in the answer marker, and the answer the model must write after it. */
  public record Example(String prompt, String answer) {
    /** The whole training sequence: prompt, answer, end token. */
    public String text() { return prompt + answer + "\n"; }

    /** The final number: what follows the last '=' of the answer (the whole answer if it has none). */
    public String result() { return finalNumber(answer); }
  }

  /** Train and held-out test splits of the task, disjoint by prompt. */
  public record Split(List<Example> train, List<Example> test) {}

  /** What follows the last '=' of a written answer; graded against {@link Example#result()}. */
  static String finalNumber(String written) {
    return written.substring(written.lastIndexOf(CharVocabulary.ANSWER_MARKER) + 1);
  }

  private static final String[] NAMES = {"Ann", "Bob", "Eve", "Max", "Mia", "Tom", "Zoe", "Sam", "Lea", "Ben"};
  private static final String[] ITEMS = {"apples", "pens", "coins", "cards", "books", "eggs", "stamps", "shells"};

  /**
   * A computation evaluated left to right: {@code first}, then {@code ops[i]} with {@code operands[i]}.
   * Its worked chain writes the first operation, then each later one on the previous result.
   */
  private record Chain(int first, char[] ops, int[] operands) {
    /** "a op b=r1 op c=r2 …", or null if some intermediate value is negative. */
    String worked() {
      StringBuilder sb = new StringBuilder().append(first);
      int value = first;
      for (int i = 0; i < ops.length; i++) {
        value = switch (ops[i]) {
          case '+' -> value + operands[i];
          case '-' -> value - operands[i];
          case '*' -> value * operands[i];
          default -> throw new IllegalStateException("operation " + ops[i]);
        };
        if (value < 0) return null;
        sb.append(ops[i]).append(operands[i]).append('=').append(value);
      }
      return sb.toString();
    }
  }

  /** One single operation: a+b and a−b (non-negative) with a &lt; 50, b &lt; 10, or a·b with a, b &lt; 10. */
  static Example arithmetic(SplitMix rnd) {
    int op = rnd.nextInt(3);
    return switch (op) {
      case 0 -> {
        int a = rnd.nextInt(50);
        int b = rnd.nextInt(10);
        yield new Example(a + "+" + b + "=", Integer.toString(a + b));
      }
      case 1 -> {
        int b = rnd.nextInt(10);
        int a = b + rnd.nextInt(50 - b);
        yield new Example(a + "-" + b + "=", Integer.toString(a - b));
      }
      default -> {
        int a = rnd.nextInt(10);
        int b = rnd.nextInt(10);
        yield new Example(a + "*" + b + "=", Integer.toString(a * b));
      }
    };
  }

  /**
   * One story in the base corpus's style: "N has a ITEMS" or "N has a boxes of b ITEMS", then up to
   * two (three in all) of "; gets b" and "; loses c", then " How many now?=" and the worked chain.
   */
  static Example story(SplitMix rnd) {
    while (true) {
      String n = NAMES[rnd.nextInt(NAMES.length)];
      String it = ITEMS[rnd.nextInt(ITEMS.length)];
      boolean boxes = rnd.nextInt(3) == 0;
      char[] ops = new char[1 + rnd.nextInt(3)];
      int[] operands = new int[ops.length];
      StringBuilder s = new StringBuilder(n).append(" has ");
      int first;
      int i = 0;
      if (boxes) {
        first = 1 + rnd.nextInt(9);
        ops[0] = '*';
        operands[0] = 1 + rnd.nextInt(9);
        s.append(first).append(" boxes of ").append(operands[0]).append(' ').append(it);
        i = 1;
      } else {
        first = 1 + rnd.nextInt(30);
        s.append(first).append(' ').append(it);
      }
      for (; i < ops.length; i++) {
        operands[i] = 1 + rnd.nextInt(9);
        boolean gets = rnd.nextInt(2) == 0;
        ops[i] = gets ? '+' : '-';
        s.append(gets ? "; gets " : "; loses ").append(operands[i]);
      }
      String worked = new Chain(first, ops, operands).worked();
      if (worked != null) return new Example(s.append(". How many now?=").toString(), worked);
    }
  }

  /** One example of the base corpus: a single operation or a story, half and half. */
  static Example general(SplitMix rnd) {
    return rnd.nextInt(2) == 0 ? arithmetic(rnd) : story(rnd);
  }

  /** One word problem of the task, with every intermediate value non-negative. */
  static Example wordProblem(SplitMix rnd) {
    while (true) {
      String n = NAMES[rnd.nextInt(NAMES.length)];
      String it = ITEMS[rnd.nextInt(ITEMS.length)];
      int a = 2 + rnd.nextInt(9);
      int b = 1 + rnd.nextInt(9);
      int c = 1 + rnd.nextInt(9);
      int d = 1 + rnd.nextInt(5);
      String story;
      Chain chain;
      switch (rnd.nextInt(5)) {
        case 0 -> {
          story = n + " has " + a + " " + it + ", buys " + b + " more and gives " + c + " away.";
          chain = new Chain(a, new char[] {'+', '-'}, new int[] {b, c});
        }
        case 1 -> {
          story = n + " had " + a + " " + it + ", lost " + c + " and found " + b + ".";
          chain = new Chain(a, new char[] {'-', '+'}, new int[] {c, b});
        }
        case 2 -> {
          story = n + " has " + d + " bags of " + b + " " + it + " and eats " + c + ".";
          chain = new Chain(d, new char[] {'*', '-'}, new int[] {b, c});
        }
        case 3 -> {
          story = n + " has " + a + " " + it + ", doubles them and gives " + c + " away.";
          chain = new Chain(a, new char[] {'*', '-'}, new int[] {2, c});
        }
        default -> {
          story = n + " has " + a + " " + it + ", buys " + b + ", gives " + c + " away, finds " + d + ".";
          chain = new Chain(a, new char[] {'+', '-', '+'}, new int[] {b, c, d});
        }
      }
      String worked = chain.worked();
      if (worked != null) return new Example(story + " How many?=", worked);
    }
  }

  /** {@code count} base-corpus examples from {@code rnd}. */
  static List<Example> generalBatch(SplitMix rnd, int count) {
    List<Example> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) out.add(general(rnd));
    return out;
  }

  /**
   * A hash (FNV-1a, 64 bits) of the first examples pretraining with {@code seed} draws: any change to
   * the corpus's generator changes it, so a base model pretrained on another corpus is never reused
   * under the same settings (a hand-bumped version number can be forgotten; the README's base accuracy
   * of 0.066, which its command no longer reproduced, may have come from such a model).
   */
  static long corpusFingerprint(long seed) {
    long h = 0xcbf29ce484222325L;
    for (Example e : generalBatch(new SplitMix(seed), FINGERPRINT_EXAMPLES)) {
      String t = e.text();
      for (int i = 0; i < t.length(); i++) {
        h ^= t.charAt(i);
        h *= 0x100000001b3L;
      }
    }
    return h;
  }

  /** The task's splits; no test prompt appears among the training prompts. */
  public static Split wordProblems(int trainCount, int testCount, long seed) {
    SplitMix rnd = new SplitMix(seed);
    LinkedHashMap<String, Example> unique = new LinkedHashMap<>();
    int attempts = 0;
    while (unique.size() < trainCount + testCount) {
      if (++attempts > 50 * (trainCount + testCount)) {
        throw new IllegalArgumentException("cannot draw " + (trainCount + testCount) + " distinct word problems; ask for fewer");
      }
      Example e = wordProblem(rnd);
      unique.putIfAbsent(e.prompt(), e);
    }
    List<Example> all = new ArrayList<>(unique.values());
    return new Split(List.copyOf(all.subList(0, trainCount)), List.copyOf(all.subList(trainCount, trainCount + testCount)));
  }
}
