package io.qubitd.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Register;
import io.qubitd.circuit.qasm.QasmException;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The public corpus end to end, parser and kernel together: every supported file runs, and
 * where the algorithm fixes the answer, the exact distribution is asserted.
 */
class CorpusRunTest {

  static final Path CORPUS = Path.of("src", "test", "resources", "corpus");
  static final double EXACT = 1e-9;
  final IdealSimulator sim = new IdealSimulator(KernelSettings.defaults());

  static Circuit parse(String relative) {
    return QasmParser.parseFile(CORPUS.resolve(relative), Map.of());
  }

  @Test
  void everyParsableCorpusCircuitRunsAndItsCountsAreWellFormed() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(CORPUS)) {
      files = s.filter(p -> p.toString().endsWith(".qasm")).sorted().toList();
    }
    int ran = 0;
    List<String> failures = new ArrayList<>();
    for (Path f : files) {
      Circuit c;
      try {
        c = QasmParser.parseFile(f, Map.of());
      } catch (QasmException e) {
        continue; // which files are rejected, and why, is QasmCorpusTest's business
      }
      try {
        RunResult r = sim.run(c, 64, 1, false);
        long total = r.counts().values().stream().mapToLong(Long::longValue).sum();
        Circuit measured = c.withDefaultMeasurements();
        // bits plus one space between registers; a program with no register (ipe.qasm) reads the empty key
        int width = measured.cregs().stream().mapToInt(Register::size).sum() + Math.max(0, measured.cregs().size() - 1);
        for (String key : r.counts().keySet()) {
          if (key.length() != width) failures.add(f + ": key '" + key + "' is not " + width + " characters");
        }
        if (total != 64) failures.add(f + ": counts add up to " + total);
        ran++;
      } catch (RuntimeException e) {
        failures.add(f + ": " + e);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    assertTrue(ran >= 60, "expected most of the corpus to run, ran " + ran);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // Bernstein–Vazirani: the hidden string, with certainty
      "qiskit/bv_n10.qasm     | 111111111",
      "qasmbench/bv_n14.qasm  | 1111111111111",
      // Cuccaro ripple-carry adders: 1 + 15 = 16 (ans = cout b), 1 + 191 = 192 with no carry out
      "openqasm2/adder.qasm   | 10000",
      "qasmbench/bigadder_n18.qasm | 0 11000000",
      // Grover on two qubits marks |11> and finds it in one iteration
      "qasmbench/grover_n2.qasm | 11",
  })
  void deterministicAlgorithmsGiveTheirAnswerWithCertainty(String file, String answer) {
    Map<String, Double> p = sim.probabilities(parse(file));
    assertEquals(1.0, p.getOrDefault(answer, 0.0), EXACT, file + " gave " + p);
  }

  @Test
  void deutschOnABalancedFunctionReadsOneOnTheQueryQubit() {
    // f(x) = x is balanced: c[0] = 1 always; the unmeasured-basis ancilla c[1] is uniform
    Map<String, Double> p = sim.probabilities(parse("qasmbench/deutsch_n2.qasm"));
    assertEquals(Map.of("01", 0.5, "11", 0.5).keySet(), p.keySet());
    assertEquals(0.5, p.get("01"), EXACT);
    assertEquals(0.5, p.get("11"), EXACT);
  }

  @Test
  void ghzStatesSplitEvenlyBetweenAllZerosAndAllOnes() {
    Map<String, Double> p5 = sim.probabilities(parse("mqtbench/ghz_indep_5.qasm"));
    assertEquals(0.5, p5.get("00000"), EXACT);
    assertEquals(0.5, p5.get("11111"), EXACT);
    assertEquals(2, p5.size());

    // 23 qubits measured into the second register 'meas'; the first register 'c' stays 0
    Map<String, Double> p23 = sim.probabilities(parse("qasmbench/ghz_state_n23.qasm"));
    String zeros = "0".repeat(23);
    assertEquals(0.5, p23.get(zeros + " " + zeros), EXACT);
    assertEquals(0.5, p23.get("1".repeat(23) + " " + zeros), EXACT);
  }

  @Test
  void wStateGivesOneThirdToEachSingleExcitation() {
    // u3(1.91063) approximates 2·acos(1/√3) = 1.9106332...; the file's rounding bounds the error
    Map<String, Double> p = sim.probabilities(parse("qasmbench/wstate_n3.qasm"));
    for (String k : List.of("001", "010", "100")) assertEquals(1.0 / 3, p.get(k), 1e-5, k);
    assertEquals(1.0, p.get("001") + p.get("010") + p.get("100"), 1e-9);
  }

  @Test
  void teleportationMovesTheStateWhateverTheMeasurementsRead() {
    Circuit c = QasmParser.parseFile(Path.of("examples/teleport.qasm"), Map.of());
    Map<String, Double> p = sim.probabilities(c);
    double one = 0, total = 0;
    for (Map.Entry<String, Double> e : p.entrySet()) {
      // registers print last-declared leftmost: "c2 m1 m0"
      assertEquals(5, e.getKey().length(), e.getKey());
      if (e.getKey().charAt(0) == '1') one += e.getValue();
      total += e.getValue();
      assertEquals(0.25 * (e.getKey().charAt(0) == '1' ? Math.pow(Math.sin(0.6), 2) : Math.pow(Math.cos(0.6), 2)),
          e.getValue(), EXACT, "each of the four corrections is equally likely and independent of c2");
    }
    assertEquals(1.0, total, EXACT);
    assertEquals(Math.pow(Math.sin(0.6), 2), one, EXACT);
  }

  @Test
  void theSameSeedGivesTheSameCounts() {
    Circuit c = parse("qasmbench/qft_n4.qasm");
    assertEquals(sim.run(c, 2000, 42, false).counts(), sim.run(c, 2000, 42, false).counts());
  }
}
