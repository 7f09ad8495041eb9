package io.qubitd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --input} binds OpenQASM 3 inputs of any type; an unbound one or a bad program is one line, no stack trace. */
class RunInputsTest {

  private static final String PROGRAM = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput bool flip;\ninput int[8] k;\n"
      + "qubit q;\nbit c;\nif (flip && k == 2) x q;\nc = measure q;\n";

  @Test
  void boolAndIntInputsSteerTheProgram(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("in.qasm"), PROGRAM);
    RunCommandTest.Outcome on = RunCommandTest.run("run", f.toString(), "--probabilities", "--json",
        "--input", "flip=true", "--input", "k=2");
    assertEquals(0, on.exit(), on.err());
    JsonNode p = RunCommandTest.json(on.out()).get("probabilities");
    assertEquals(1.0, p.get("1").asDouble(), 0);
    RunCommandTest.Outcome off = RunCommandTest.run("run", f.toString(), "--probabilities", "--json",
        "--input", "flip=false", "--input", "k=2");
    assertEquals(1.0, RunCommandTest.json(off.out()).get("probabilities").get("0").asDouble(), 0);
  }

  @Test
  void unboundInputsAndDeepNestingAreOneLineErrors(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("in.qasm"), PROGRAM);
    RunCommandTest.Outcome unbound = RunCommandTest.run("run", f.toString(), "--input", "flip=true");
    assertEquals(1, unbound.exit());
    assertTrue(unbound.err().contains("in.qasm:4:1: input parameter 'k' has no value"), unbound.err());
    assertEquals(1, unbound.err().strip().lines().count(), unbound.err());
    Path deep = Files.writeString(dir.resolve("deep.qasm"), "OPENQASM 3;\nqubit q;\nrx(" + "(".repeat(1000) + "1"
        + ")".repeat(1000) + ") q;\n");
    RunCommandTest.Outcome nested = RunCommandTest.run("run", deep.toString());
    assertEquals(1, nested.exit());
    assertTrue(nested.err().contains("deep.qasm:3:"), nested.err());
    assertFalse(nested.err().contains("\tat "), nested.err());
    RunCommandTest.Outcome bad = RunCommandTest.run("run", f.toString(), "--input", "flip=maybe", "--input", "k=2");
    assertTrue(bad.err().contains("--input flip=maybe: expected a number, true or false"), bad.err());
  }
}
