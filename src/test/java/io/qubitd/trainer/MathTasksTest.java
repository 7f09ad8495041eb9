package io.qubitd.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MathTasksTest {

  /** The answer re-derived from the story's words, independently of the generator. */
  private static int solve(String story) {
    Matcher m;
    if ((m = Pattern.compile("has (\\d+) \\w+, buys (\\d+) more and gives (\\d+) away").matcher(story)).find()) {
      return n(m, 1) + n(m, 2) - n(m, 3);
    }
    if ((m = Pattern.compile("had (\\d+) \\w+, lost (\\d+) and found (\\d+)").matcher(story)).find()) {
      return n(m, 1) - n(m, 2) + n(m, 3);
    }
    if ((m = Pattern.compile("has (\\d+) bags of (\\d+) \\w+ and eats (\\d+)").matcher(story)).find()) {
      return n(m, 1) * n(m, 2) - n(m, 3);
    }
    if ((m = Pattern.compile("has (\\d+) \\w+, doubles them and gives (\\d+) away").matcher(story)).find()) {
      return 2 * n(m, 1) - n(m, 2);
    }
    if ((m = Pattern.compile("has (\\d+) \\w+, buys (\\d+), gives (\\d+) away, finds (\\d+)").matcher(story)).find()) {
      return n(m, 1) + n(m, 2) - n(m, 3) + n(m, 4);
    }
    throw new AssertionError("no template matches: " + story);
  }

  private static int n(Matcher m, int g) {
    return Integer.parseInt(m.group(g));
  }

  @Test
  void wordProblemAnswersAreRight() {
    MathTasks.Split split = MathTasks.wordProblems(300, 100, 11);
    for (MathTasks.Example e : split.train()) {
      assertEquals(Integer.toString(solve(e.prompt())), e.answer(), e.prompt());
      assertTrue(e.prompt().endsWith("How many?="), e.prompt());
    }
  }

  @Test
  void splitsAreDisjointAndFixedBySeed() {
    MathTasks.Split a = MathTasks.wordProblems(200, 50, 4);
    MathTasks.Split b = MathTasks.wordProblems(200, 50, 4);
    assertEquals(a, b);
    Set<String> train = new HashSet<>();
    a.train().forEach(e -> train.add(e.prompt()));
    for (MathTasks.Example e : a.test()) assertTrue(!train.contains(e.prompt()), "test prompt in train: " + e.prompt());
  }

  @Test
  void arithmeticIsRight() {
    SplitMix rnd = new SplitMix(8);
    for (MathTasks.Example e : MathTasks.arithmeticBatch(rnd, 200)) {
      Matcher m = Pattern.compile("(\\d+)([+*-])(\\d+)=").matcher(e.prompt());
      assertTrue(m.matches(), e.prompt());
      int a = n(m, 1);
      int b = n(m, 3);
      int expect = switch (m.group(2)) {
        case "+" -> a + b;
        case "-" -> a - b;
        default -> a * b;
      };
      assertEquals(Integer.toString(expect), e.answer(), e.prompt());
    }
  }

  @Test
  void everyTextFitsTheTinyContext() {
    for (MathTasks.Example e : MathTasks.wordProblems(500, 0, 1).train()) {
      assertTrue(e.text().length() - 1 <= TrainerSettings.tiny().contextLength(), e.text());
    }
    assertEquals(List.of(), MathTasks.wordProblems(5, 0, 1).test());
  }
}
