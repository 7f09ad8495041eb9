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

  /** Checks a worked chain step by step: "a op b=r op c=r2 …" with every '=' right; returns its final value. */
  private static int checkChain(String chain, String context) {
    Matcher m = Pattern.compile("(\\d+)((?:[+*-]\\d+=\\d+)+)").matcher(chain);
    assertTrue(m.matches(), "not a worked chain: " + chain + " (" + context + ")");
    int value = Integer.parseInt(m.group(1));
    Matcher step = Pattern.compile("([+*-])(\\d+)=(\\d+)").matcher(m.group(2));
    while (step.find()) {
      int k = n(step, 2);
      value = switch (step.group(1)) {
        case "+" -> value + k;
        case "-" -> value - k;
        default -> value * k;
      };
      assertEquals(value, n(step, 3), "step " + step.group() + " of " + chain + " (" + context + ")");
      assertTrue(value >= 0, "negative intermediate in " + chain);
    }
    return value;
  }

  @Test
  void wordProblemAnswersAreRight() {
    MathTasks.Split split = MathTasks.wordProblems(300, 100, 11);
    for (MathTasks.Example e : split.train()) {
      int expected = solve(e.prompt());
      assertEquals(Integer.toString(expected), e.result(), e.prompt());
      assertEquals(expected, checkChain(e.answer(), e.prompt()), e.prompt());
      assertTrue(e.prompt().endsWith("How many?="), e.prompt());
    }
  }

  /** A base-corpus story's answer, re-derived from its words. */
  private static int solveStory(String story) {
    Matcher head = Pattern.compile("^\\w+ has (\\d+) (?:boxes of (\\d+) )?\\w+((?:; (?:gets|loses) \\d+)*)\\. How many now\\?=$").matcher(story);
    assertTrue(head.matches(), "not a base story: " + story);
    int value = n(head, 1) * (head.group(2) == null ? 1 : n(head, 2));
    Matcher step = Pattern.compile("; (gets|loses) (\\d+)").matcher(head.group(3));
    while (step.find()) value += (step.group(1).equals("gets") ? 1 : -1) * n(step, 2);
    return value;
  }

  @Test
  void generalCorpusIsRight() {
    SplitMix rnd = new SplitMix(8);
    int stories = 0;
    for (MathTasks.Example e : MathTasks.generalBatch(rnd, 400)) {
      Matcher m = Pattern.compile("(\\d+)([+*-])(\\d+)=").matcher(e.prompt());
      if (m.matches()) {
        int a = n(m, 1);
        int b = n(m, 3);
        int expect = switch (m.group(2)) {
          case "+" -> a + b;
          case "-" -> a - b;
          default -> a * b;
        };
        assertEquals(Integer.toString(expect), e.answer(), e.prompt());
      } else {
        stories++;
        int expected = solveStory(e.prompt());
        assertEquals(expected, checkChain(e.answer(), e.prompt()), e.prompt());
        assertEquals(Integer.toString(expected), e.result(), e.prompt());
      }
    }
    assertTrue(stories > 150 && stories < 250, "stories " + stories + " of 400");
  }

  @Test
  void taskTemplatesAreNotInTheBaseCorpus() {
    SplitMix rnd = new SplitMix(3);
    for (MathTasks.Example e : MathTasks.generalBatch(rnd, 2000)) {
      for (String verb : List.of("buys", "gives", "lost", "found", "eats", "doubles", "finds", "bags", "How many?=")) {
        assertTrue(!e.prompt().contains(verb), "'" + verb + "' in the base corpus: " + e.prompt());
      }
    }
  }

  @Test
  void finalNumberIsAfterTheLastMarker() {
    assertEquals("6", MathTasks.finalNumber("5+3=8-2=6"));
    assertEquals("19", MathTasks.finalNumber("19"));
    assertEquals("", MathTasks.finalNumber("5+3="));
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
  void everyTextFitsTheTinyContext() {
    for (MathTasks.Example e : MathTasks.wordProblems(500, 0, 1).train()) {
      assertTrue(e.text().length() - 1 <= TrainerSettings.tiny().contextLength(), e.text());
    }
    for (MathTasks.Example e : MathTasks.generalBatch(new SplitMix(2), 2000)) {
      assertTrue(e.text().length() - 1 <= TrainerSettings.tiny().contextLength(), e.text());
    }
    assertEquals(List.of(), MathTasks.wordProblems(5, 0, 1).test());
  }
}
