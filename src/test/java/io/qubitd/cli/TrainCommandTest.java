package io.qubitd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The train command end to end on the tiny settings, with the test class path's exact quantum layer. */
class TrainCommandTest {

  @Test
  void qthaRunPrintsTheJsonSummary(@TempDir Path data) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = new CommandLine(new TrainCommand()).execute("--tiny", "--adapter", "qtha", "--mode", "exact", "--steps", "3",
          "--seed", "2", "--json", "--data-dir", data.toString());
    } finally {
      System.setOut(old);
    }
    assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
    JsonNode j = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
    for (String key : new String[] {"trainable_parameters", "train_loss", "test_accuracy", "circuits", "wall_seconds"}) {
      assertTrue(j.has(key), "missing " + key + " in " + j);
    }
    assertEquals(3, j.get("steps").asInt());
    assertTrue(j.get("circuits").asLong() > 0, j.toString());
    assertTrue(j.get("trainable_parameters").asLong() > 0, j.toString());
  }
}
