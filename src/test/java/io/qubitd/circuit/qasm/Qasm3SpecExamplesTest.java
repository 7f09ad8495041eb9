package io.qubitd.circuit.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Examples of the OpenQASM 3 specification (copies in src/test/resources/openqasm3, see SOURCE.txt):
 * each runs with the distribution its comments or the arithmetic give, or is rejected with the
 * out-of-scope message that names the construct.
 */
class Qasm3SpecExamplesTest {

  private static final IdealSimulator SIM = new IdealSimulator(KernelSettings.defaults());

  private static String source(String name) throws IOException {
    try (InputStream in = Qasm3SpecExamplesTest.class.getResourceAsStream("/openqasm3/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Map<String, Double> run(String name) throws IOException {
    Circuit c = QasmParser.parse(source(name), name, Map.of());
    Map<String, Double> out = new TreeMap<>();
    SIM.probabilities(c).forEach((k, v) -> { if (v > 1e-12) out.put(k, v); });
    return out;
  }

  @Test
  void adderAddsOneAndFifteen() throws IOException {
    // a = 0001, b = 1111: b + a = 16, carry out in ans[4]
    assertEquals(Map.of("10000", 1.0), roundedKeys(run("adder.qasm")));
  }

  @Test
  void repetitionCodeCorrectsTheInsertedError() throws IOException {
    // x on q[0]: syndrome d0^d1 = 1, d1^d2 = 0 -> syn = 01 -> x q[0] undoes it; registers print syn then c
    assertEquals(Map.of("01 000", 1.0), roundedKeys(run("qec.qasm")));
  }

  @Test
  void teleportationDeliversTheRotatedState() throws IOException {
    // q[2] ends in U(0.3, 0.2, 0.1)|0>: P(c2 = 1) = sin^2(0.15); c0 and c1 uniform
    Map<String, Double> p = run("teleport.qasm");
    double one = 0;
    for (Map.Entry<String, Double> e : p.entrySet()) {
      if (e.getKey().startsWith("1")) one += e.getValue();
      assertEquals(e.getKey().startsWith("1") ? Math.pow(Math.sin(0.15), 2) / 4 : Math.pow(Math.cos(0.15), 2) / 4,
          e.getValue(), 1e-12, e.getKey());
    }
    assertEquals(8, p.size());
    assertEquals(Math.pow(Math.sin(0.15), 2), one, 1e-12);
  }

  @Test
  void inverseQftWithFeedForwardUndoesTheUniformState() throws IOException {
    // h q makes the QFT of |0000>; the measured inverse QFT returns 0000 (both spellings)
    assertEquals(Map.of("0000", 1.0), roundedKeys(run("inverseqft1.qasm")));
    assertEquals(Map.of("0 0 0 0", 1.0), roundedKeys(run("inverseqft2.qasm")));
  }

  @Test
  void alignmentRunsItsStretchedDelaysAsZero() throws IOException {
    // nothing constrains stretch g, so it resolves to 0; U(pi/4, 0, pi/2) on q[2]: P(1) = sin^2(pi/8)
    Map<String, Double> p = run("alignment.qasm");
    assertEquals(Math.pow(Math.sin(Math.PI / 8), 2), p.get("100"), 1e-12);
    assertEquals(Math.pow(Math.cos(Math.PI / 8), 2), p.get("000"), 1e-12);
  }

  @Test
  void aProgramInQiskitsExportFormRunsWithItsInputs() throws IOException {
    // c0 = 1 with p = sin^2(0.6): x q[1] makes c = 11 -> default (z on |0>); the while resets c0 to 0; r = 0.
    // c0 = 0: h q[1]; c1 = 0 -> case 0 flips q[2], and flip && !c1 flips it back; c1 = 1 -> delay only. r = 0 always.
    double p = Math.pow(Math.sin(0.6), 2);
    Circuit c = QasmParser.parse(source("qiskit_style.qasm"), "qiskit_style.qasm", Map.of("theta", 1.2, "flip", 1.0));
    Map<String, Double> got = SIM.probabilities(c);
    assertEquals(2, got.size(), got.toString());
    assertEquals(p + (1 - p) / 2, got.get("0 10"), 1e-12);
    assertEquals((1 - p) / 2, got.get("0 00"), 1e-12);
  }

  @Test
  void outOfScopeExamplesNameTheConstruct() throws IOException {
    Map<String, String> expected = Map.of(
        "defcal.qasm", "defcal.qasm:1:1: pulse grammars ('defcalgrammar'): not supported",
        "gateteleport.qasm", "gateteleport.qasm:6:1: extern functions ('extern'): not supported",
        "dd.qasm", "dd.qasm:8:33: 'durationof' (it needs pulse-level gate durations): not supported");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String src = source(e.getKey());
      QasmException ex = assertThrows(QasmException.class, () -> QasmParser.parse(src, e.getKey(), Map.of()));
      assertTrue(ex.getMessage().startsWith(e.getValue()), ex.getMessage());
    }
  }

  @Test
  void repeatUntilSuccessWithTwoFlagBitsIsRejectedWithItsReason() throws IOException {
    // flags = segment(...) cannot re-measure flags in place (the second measurement would read the first's result),
    // so flags becomes a function of every pass's fresh bits, and after eight passes that exceeds a condition's 16 bits
    String src = source("rus.qasm");
    QasmException ex = assertThrows(QasmException.class, () -> QasmParser.parse(src, "rus.qasm", Map.of()));
    assertTrue(ex.getMessage().startsWith("rus.qasm:35:3: this statement makes a classical value depend on 17 measured bits"),
        ex.getMessage());
  }

  /** Probabilities rounded to 12 digits, so that 1 - 1e-16 compares equal to 1. */
  private static Map<String, Double> roundedKeys(Map<String, Double> p) {
    Map<String, Double> out = new TreeMap<>();
    p.forEach((k, v) -> out.put(k, Math.rint(v * 1e12) / 1e12));
    return out;
  }
}
