package io.qubitd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command-line contract other checks rely on: JSON shapes, exit codes, one-line errors. */
class RunCommandTest {

  record Outcome(int exit, String out, String err) {}

  static Outcome run(String... args) {
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err));
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int code = cl.execute(args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(oldOut);
    }
  }

  static JsonNode json(String s) throws Exception { return Json.MAPPER.readTree(s); }

  @Test
  void countsOfABellPairAreSeededAndBalanced() throws Exception {
    Outcome a = run("run", "examples/bell.qasm", "--shots", "4000", "--seed", "7", "--json");
    assertEquals(0, a.exit(), a.err());
    JsonNode j = json(a.out());
    assertEquals(4000, j.get("shots").asInt());
    long n00 = j.get("counts").get("00").asLong(), n11 = j.get("counts").get("11").asLong();
    assertEquals(4000, n00 + n11);
    // binomial(4000, 1/2): sd ≈ 31.6; 5 sd
    assertTrue(Math.abs(n00 - 2000) < 160, "00 came " + n00 + " times");
    Outcome b = run("run", "examples/bell.qasm", "--shots", "4000", "--seed", "7", "--json");
    assertEquals(j.get("counts"), json(b.out()).get("counts"), "same seed, same counts");
  }

  @Test
  void anMpsResultStatesItsBondTruncationAndEstimatedFidelity() throws Exception {
    // a Bell pair needs bond 2 and drops nothing: summed weight 0, fidelity estimate 1
    for (Outcome o : new Outcome[] {run("run", "examples/bell.qasm", "--method", "mps", "--probabilities", "--json"),
        run("run", "examples/bell.qasm", "--method", "mps", "--shots", "100", "--json")}) {
      assertEquals(0, o.exit(), o.err());
      JsonNode j = json(o.out());
      assertEquals("mps", j.get("method").asText());
      assertEquals(2, j.get("max_bond_dimension").asInt());
      assertEquals(0.0, j.get("truncation_error").asDouble());
      assertEquals(1.0, j.get("estimated_fidelity").asDouble());
    }
  }

  @Test
  void probabilitiesAreExactAndOmitZeros() throws Exception {
    Outcome o = run("run", "examples/bell.qasm", "--probabilities", "--json");
    JsonNode p = json(o.out()).get("probabilities");
    assertEquals(2, p.size());
    assertEquals(0.5, p.get("00").asDouble(), 1e-12);
    assertEquals(0.5, p.get("11").asDouble(), 1e-12);
  }

  @Test
  void aFileWithoutMeasurementsIsMeasuredOnEveryQubit(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.qasm");
    Files.writeString(f, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\nx q[0];\nx q[2];\n");
    JsonNode p = json(run("run", f.toString(), "--probabilities", "--json").out()).get("probabilities");
    assertEquals(1.0, p.get("101").asDouble(), 1e-12);
  }

  @Test
  void badInputEndsWithOneLineOnStderrAndNonZeroExit(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.qasm");
    Files.writeString(f, "OPENQASM 2.0;\nqreg q[1];\nfoo q[0];\n");
    Outcome o = run("run", f.toString(), "--json");
    assertEquals(1, o.exit());
    assertTrue(o.out().isEmpty(), o.out());
    String err = o.err().strip();
    assertFalse(err.contains("\n"), "one line: " + err);
    assertTrue(err.contains("bad.qasm:3:1") && err.contains("foo"), err);
    assertFalse(err.contains("Exception"), err);

    Outcome missing = run("run", dir.resolve("nope.qasm").toString());
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("no such file"), missing.err());

    Outcome shots = run("run", "examples/bell.qasm", "--shots", "0");
    assertEquals(1, shots.exit());
    assertTrue(shots.err().contains("--shots"), shots.err());
  }

  @Test
  void expectationValuesAreExact() throws Exception {
    JsonNode ev = json(run("run", "examples/bell.qasm", "--probabilities", "--expectation", "ZZ",
        "--expectation", "XX", "--expectation", "ZI", "--json").out()).get("expectation_values");
    assertEquals(1.0, ev.get("ZZ").asDouble(), 1e-12);
    assertEquals(1.0, ev.get("XX").asDouble(), 1e-12);
    assertEquals(0.0, ev.get("ZI").asDouble(), 1e-12);
  }
}
