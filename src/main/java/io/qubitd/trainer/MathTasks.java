package io.qubitd.trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The two generated data sets. The base corpus holds single operations ("12+7=19"); the
 * fine-tuning task holds short word problems of two or three mixed steps in templates the base
 * never saw ("Ann has 5 apples, buys 3 more and gives 2 away. How many?=6"). Both fixed by a seed.
 */
public final class MathTasks {
  private MathTasks() {}

  /** A prompt ending in the answer marker, and the answer the model must write after it. */
  public record Example(String prompt, String answer) {
    /** The whole training sequence: prompt, answer, end token. */
    public String text() { return prompt + answer + "\n"; }
  }

  /** Train and held-out test splits of the task, disjoint by prompt. */
  public record Split(List<Example> train, List<Example> test) {}

  private static final String[] NAMES = {"Ann", "Bob", "Eve", "Max", "Mia", "Tom", "Zoe", "Sam", "Lea", "Ben"};
  private static final String[] ITEMS = {"apples", "pens", "coins", "cards", "books", "eggs", "stamps", "shells"};

  /** One single-operation example: a+b, a−b (non-negative) or a·b with small operands. */
  static Example arithmetic(SplitMix rnd) {
    int op = rnd.nextInt(3);
    int a;
    int b;
    switch (op) {
      case 0 -> {
        a = rnd.nextInt(30);
        b = rnd.nextInt(30);
        return new Example(a + "+" + b + "=", Integer.toString(a + b));
      }
      case 1 -> {
        a = rnd.nextInt(30);
        b = rnd.nextInt(a + 1);
        return new Example(a + "-" + b + "=", Integer.toString(a - b));
      }
      default -> {
        a = rnd.nextInt(10);
        b = rnd.nextInt(10);
        return new Example(a + "*" + b + "=", Integer.toString(a * b));
      }
    }
  }

  /** One word problem with a non-negative answer. */
  static Example wordProblem(SplitMix rnd) {
    String n = NAMES[rnd.nextInt(NAMES.length)];
    String it = ITEMS[rnd.nextInt(ITEMS.length)];
    int a = 2 + rnd.nextInt(9);
    int b = 1 + rnd.nextInt(9);
    int c = 1 + rnd.nextInt(9);
    int d = 1 + rnd.nextInt(5);
    return switch (rnd.nextInt(5)) {
      case 0 -> word(n + " has " + a + " " + it + ", buys " + b + " more and gives " + c + " away.", a + b - c, rnd);
      case 1 -> word(n + " had " + a + " " + it + ", lost " + c + " and found " + b + ".", a - c + b, rnd);
      case 2 -> word(n + " has " + d + " bags of " + b + " " + it + " and eats " + c + ".", d * b - c, rnd);
      case 3 -> word(n + " has " + a + " " + it + ", doubles them and gives " + c + " away.", 2 * a - c, rnd);
      default -> word(n + " has " + a + " " + it + ", buys " + b + ", gives " + c + " away, finds " + d + ".",
          a + b - c + d, rnd);
    };
  }

  private static Example word(String story, int answer, SplitMix rnd) {
    if (answer < 0) return wordProblem(rnd);
    return new Example(story + " How many?=", Integer.toString(answer));
  }

  /** {@code count} base-corpus examples from {@code rnd}. */
  static List<Example> arithmeticBatch(SplitMix rnd, int count) {
    List<Example> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) out.add(arithmetic(rnd));
    return out;
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
