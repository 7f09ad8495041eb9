package io.qubitd.circuit.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qubitd.circuit.Circuit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every circuit of the public corpus either parses (and then survives write/parse) or is
 * rejected with the error listed here; a file that changes side fails the test.
 */
class QasmCorpusTest {

  private static final Path CORPUS = Path.of("src", "test", "resources", "corpus");

  /** Files we expect to reject, with where and why (the message must contain the text). */
  private static final Map<String, String> REJECTED = Map.ofEntries(
      // the two negative examples of the OpenQASM 2 specification
      Map.entry("openqasm2/invalid_gate_no_found.qasm", ":5:1: unknown gate 'w'; expected"),
      Map.entry("openqasm2/invalid_missing_semicolon.qasm", ":4:1: unexpected 'qreg'; expected ';'"),
      // OpenQASM 3 examples: out of scope (pulse level, extern), or wrong as published
      Map.entry("openqasm3/arrays.qasm", ":51:17: index 4 is out of range for dimension 0 of my_defined_uints"),
      // dd.qasm: 'u $3;' names no gate (stdgates.inc has U(θ, φ, λ) and u1/u2/u3, each with parameters)
      Map.entry("openqasm3/dd.qasm", ":25:3: unknown gate 'u'"),
      Map.entry("openqasm3/defcal.qasm", ":1:1: pulse grammars ('defcalgrammar'): not supported"),
      Map.entry("openqasm3/gateteleport.qasm", ":6:1: extern functions ('extern'): not supported"),
      Map.entry("openqasm3/msd.qasm", ":48:13: index 3 is out of range for scratch[3]"),
      Map.entry("openqasm3/scqec.qasm", ":16:1: extern functions ('extern'): not supported"),
      Map.entry("openqasm3/t1.qasm", ":13:1: extern functions ('extern'): not supported"),
      Map.entry("openqasm3/vqe.qasm", ":17:1: extern functions ('extern'): not supported"),
      // a fragment: applies cphase to a register q it never declares
      Map.entry("openqasm3/cphase.qasm", ":9:15: unknown name 'q'"),
      // QASMBench's file measures q[..] -> c[..] but declares only reg[4] and no creg
      Map.entry("qasmbench/vqe_uccsd_n4.qasm", ":225:9: unknown name 'q'"));

  /**
   * Parsed corpus files the writer cannot express: bits of subroutines and loop bodies, classical stores (delays it
   * writes as OpenQASM 3, so alignment.qasm round-trips).
   */
  private static final Set<String> NOT_WRITABLE = Set.of("openqasm3/ipe.qasm", "openqasm3/qec.qasm",
      "openqasm3/rus.qasm", "openqasm3/varteleport.qasm");

  private static List<Path> corpusFiles() throws IOException {
    try (Stream<Path> s = Files.walk(CORPUS)) {
      return s.filter(p -> p.toString().endsWith(".qasm")).sorted().toList();
    }
  }

  private static String key(Path p) {
    return CORPUS.relativize(p).toString().replace('\\', '/');
  }

  @Test
  void everyCorpusFileParsesOrIsRejectedAsListed() throws IOException {
    List<Path> files = corpusFiles();
    assertTrue(files.size() >= 80, "corpus has " + files.size() + " files");
    Set<String> seen = new TreeSet<>();
    int parsed = 0;
    for (Path f : files) {
      String k = key(f);
      seen.add(k);
      String expected = REJECTED.get(k);
      if (expected == null) {
        assertTrue(!k.contains("invalid_"), k + " is an invalid_ file and must be listed as rejected");
        try {
          Circuit c = QasmParser.parseFile(f, Map.of());
          assertEquals(f.getFileName().toString().replace(".qasm", ""), c.name());
          assertTrue(c.numQubits() > 0, k);
          parsed++;
        } catch (QasmException e) {
          fail(k + " should parse but: " + e.getMessage());
        }
      } else {
        QasmException e = assertThrows(QasmException.class, () -> QasmParser.parseFile(f, Map.of()), k);
        assertTrue(e.getMessage().startsWith(f.toString() + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), k + ": expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.line() > 0 && e.column() > 0, k);
      }
    }
    assertTrue(seen.containsAll(REJECTED.keySet()), "listed files missing from the corpus");
    assertEquals(files.size() - REJECTED.size(), parsed);
  }

  @Test
  void everyParsedCorpusFileRoundTripsThroughTheWriter() throws IOException {
    List<String> unwritable = new ArrayList<>();
    int roundTrips = 0;
    List<Path> files = corpusFiles();
    for (Path f : files) {
      if (REJECTED.containsKey(key(f))) continue;
      Circuit c = QasmParser.parseFile(f, Map.of());
      String text;
      try {
        text = QasmWriter.write(c);
      } catch (IllegalArgumentException e) {
        unwritable.add(key(f));
        continue;
      }
      assertEquals(c, QasmParser.parse(text, c.name() + ".qasm", Map.of()), key(f));
      roundTrips++;
    }
    assertEquals(NOT_WRITABLE, Set.copyOf(unwritable));
    assertEquals(files.size() - REJECTED.size() - NOT_WRITABLE.size(), roundTrips);
  }
}
