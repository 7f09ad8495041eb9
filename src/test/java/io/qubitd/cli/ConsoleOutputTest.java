package io.qubitd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a user sees: the version, results alone on stdout, progress on stderr only, --quiet, one-line errors. */
class ConsoleOutputTest {

  @Test
  void theVersionIsThePomsWithTheCommitItWasBuiltFrom() throws Exception {
    Matcher pom = Pattern.compile("<artifactId>qubitd</artifactId>\\s*<version>([^<]+)</version>").matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(pom.find(), "no project version in pom.xml");
    String v = Main.Version.text();
    // this test runs in a git checkout, so the commit is there; "modified" when the tree had changes at build time
    assertTrue(v.matches("qubitd " + Pattern.quote(pom.group(1)) + " \\(git [0-9a-f]{7,40}(, modified)?\\)"), v);
  }

  @Test
  void jsonRunsPutProgressOnStderrAsJsonLinesAndTheResultAloneOnStdout() throws Exception {
    Instant before = Instant.now();
    RunCommandTest.Outcome o = RunCommandTest.run("calibrate", "--backend", "grid2x3", "--json");
    Instant after = Instant.now();
    assertEquals(0, o.exit(), o.err());
    JsonNode result = RunCommandTest.json(o.out());
    assertTrue(result.has("snapshot") && result.has("truth"), o.out());
    // a chip sampled by this command: its clock starts now, so the snapshot is stamped within the run
    Instant stamped = Instant.parse(result.get("snapshot").get("time").asText());
    assertFalse(stamped.isBefore(before.minusSeconds(1)) || stamped.isAfter(after), stamped + " not within the run");
    assertEquals(result.get("snapshot").get("time"), result.get("truth").get("time"));
    assertEquals(1, o.out().strip().lines().count(), "stdout holds the one result object");

    List<String> lines = o.err().strip().lines().toList();
    assertTrue(lines.size() >= 2, "a start and an end line at least: " + o.err());
    long lastDone = -1;
    for (String line : lines) {
      JsonNode p = RunCommandTest.json(line).get("progress");
      assertEquals("calibrating grid2x3", p.get("task").asText(), line);
      assertTrue(p.get("total").isNull(), "the number of runs is not known in advance: " + line);
      assertTrue(p.get("done").asLong() >= lastDone, "done never goes back: " + o.err());
      lastDone = p.get("done").asLong();
    }
    assertTrue(lastDone > 0, "the last line counts the experiment runs: " + o.err());
  }

  @Test
  void quietPrintsNothingOnStderr() throws Exception {
    RunCommandTest.Outcome o = RunCommandTest.run("calibrate", "--backend", "grid2x3", "--json", "--quiet");
    assertEquals(0, o.exit(), o.err());
    assertEquals("", o.err());
    assertTrue(RunCommandTest.json(o.out()).has("snapshot"));
  }

  @Test
  void anUnknownBackendIsOneLineNamingTheKnownOnes() {
    RunCommandTest.Outcome o = RunCommandTest.run("run", "examples/bell.qasm", "--backend", "nosuchchip");
    assertEquals(1, o.exit());
    String err = o.err().strip();
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("qubitd run: unknown backend 'nosuchchip'"), err);
    for (String known : List.of("ideal", "wukong72", "grid2x3", "line20")) assertTrue(err.contains(known), err);
    assertFalse(err.contains("Exception"), err);
  }
}
