package io.qubitd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train --compare} over seeds: the summary statistics and the one JSON object, on the tiny settings. */
class TrainComparisonTest {

  @Test
  void standardErrorIsTheSampleDeviationOverRootN() {
    // 1, 2, 3, 4: mean 2.5, sample variance 5/3, so s.e. = √(5/3 / 4) = √(5/12)
    double[] xs = {1, 2, 3, 4};
    assertEquals(2.5, TrainComparison.mean(xs), 1e-15);
    assertEquals(Math.sqrt(5.0 / 12.0), TrainComparison.standardError(xs), 1e-15);
    assertTrue(Double.isNaN(TrainComparison.standardError(new double[] {0.5})), "one seed has no standard error");
  }

  @Test
  void rankFactorsAreAsEvenAsPossible() {
    assertEquals(List.of(2, 2), TrainCommand.rankFactors(4, 2));
    assertEquals(List.of(2, 3), TrainCommand.rankFactors(6, 2));
    assertEquals(List.of(2, 4), TrainCommand.rankFactors(8, 2));
    assertEquals(List.of(1, 5), TrainCommand.rankFactors(5, 2));
    assertEquals(List.of(3, 3, 1), TrainCommand.rankFactors(9, 3));
    assertEquals(List.of(6), TrainCommand.rankFactors(6, 1));
  }

  @Test
  void unknownVariantsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainComparison.parseVariants(List.of("lora", "qtha-gpu")));
    assertTrue(e.getMessage().contains("'qtha-gpu'") && e.getMessage().contains("qtha-chip"), e.getMessage());
    assertEquals(List.of(TrainComparison.Variant.values()), TrainComparison.parseVariants(null));
  }

  @Test
  void compareOverSeedsPrintsOneObject(@TempDir Path data) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = new CommandLine(new TrainCommand()).execute("--tiny", "--compare", "--steps", "2", "--seeds", "2", "--seed", "4",
          "--variants", "base,lora,qtha-exact,qtha-shots,classical", "--json", "--data-dir", data.toString());
    } finally {
      System.setOut(old);
    }
    assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
    JsonNode j = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
    assertEquals("[4,5]", j.get("seeds").toString());
    JsonNode variants = j.get("variants");
    assertEquals(5, variants.size());
    assertEquals("chip-forward", j.get("gradient").asText(), "qtha-shots takes --gradient, chip-forward by default under --compare");
    long qthaParameters = 0;
    long classicalParameters = 0;
    for (JsonNode v : variants) {
      JsonNode acc = v.get("test_accuracy");
      assertEquals(2, acc.size(), v.toString());
      double a = acc.get(0).asDouble();
      double b = acc.get(1).asDouble();
      assertEquals((a + b) / 2, v.get("test_accuracy_mean").asDouble(), 1e-12, v.toString());
      // two values: sample deviation |a − b|/√2, over √2
      assertEquals(Math.abs(a - b) / 2, v.get("test_accuracy_stderr").asDouble(), 1e-12, v.toString());
      String name = v.get("variant").asText();
      if (name.equals("base")) {
        assertEquals(a, b, 0.0, "the base does not depend on the seed");
        assertEquals(0, v.get("trainable_parameters").asLong());
      } else {
        assertEquals(2, v.get("runs").size(), v.toString());
        assertEquals(4, v.get("runs").get(0).get("seed").asLong());
        assertEquals(5, v.get("runs").get(1).get("seed").asLong());
      }
      if (name.equals("lora")) assertEquals(1.0, v.get("parameters_vs_lora").asDouble(), 0.0);
      if (name.equals("qtha-exact")) {
        qthaParameters = v.get("trainable_parameters").asLong();
        assertEquals("exact", v.get("mode").asText());
        assertTrue(v.get("runs").get(0).get("circuits").asLong() > 0, v.toString());
      }
      if (name.equals("qtha-shots")) {
        JsonNode run = v.get("runs").get(0);
        assertEquals("shots", v.get("mode").asText());
        assertEquals("chip-forward", run.get("gradient").asText());
        assertTrue(run.get("circuits").asLong() > 0 && run.get("dedup_hit_rate").asDouble() >= 0, run.toString());
        assertTrue(run.get("test_loss").asDouble() > 0 && run.get("test_loss_circuits").asLong() > 0, "shots mode has a test loss: " + run);
        assertTrue(run.get("chip_seconds") == null, "no chip in shots mode: " + run);
      }
      if (name.equals("classical")) {
        classicalParameters = v.get("trainable_parameters").asLong();
        assertEquals(0, v.get("runs").get(0).get("circuits").asLong(), "the ablation runs no circuit");
      }
    }
    assertTrue(qthaParameters > 0);
    assertEquals(qthaParameters, classicalParameters, "the ablation keeps the trainable parameter count");
  }
}
