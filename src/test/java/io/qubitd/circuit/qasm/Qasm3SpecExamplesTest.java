package io.qubitd.circuit.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Operation;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
  void dynamicalDecouplingAsCorrectedResolvesItsStretchFromTheGateDurations() throws IOException {
    // dd-corrected.qasm is dd.qasm with 'u $3;' (no such gate) read as U(pi, 0, pi) $3 (an X). With one-qubit
    // pulses of t: start = a - t/2, middle = a - t/2 - 5t, end = a - t/2; the smallest a keeping all three
    // non-negative is 5.5t, so start = end = 5t and middle = 0. The bundled chips' t = 30 ns: 150 ns.
    for (double t : new double[] {30e-9, 20e-9}) {
      QasmSettings s = QasmSettings.DEFAULTS.withGateTimes(new QasmSettings.GateTimes(t, 40e-9, 1.5e-6, 1e-6));
      Circuit c = QasmParser.parse(source("dd-corrected.qasm"), "dd-corrected.qasm", Map.of(), s);
      List<Double> delays = c.operations().stream().filter(o -> o instanceof Operation.Delay)
          .map(o -> ((Operation.Delay) o).seconds()).toList();
      assertEquals(5, delays.size(), delays.toString());
      double[] expected = {5 * t, 0, 0, 0, 5 * t};
      for (int i = 0; i < 5; i++) assertEquals(expected[i], delays.get(i), 1e-18, "delay " + i + " at t = " + t);
      // x y x y = (iZ)(iZ) = -I on $0, cx on |0> controls does nothing, the X on $3 flips it. Program qubits are
      // numbered by first use ($0, $2, $3, $1), so the default measurement reads $1 $3 $2 $0 = 0100
      assertEquals(Map.of("0100", 1.0), roundedKeys(SIM.probabilities(c)));
    }
  }

  @Test
  void outOfScopeExamplesNameTheConstruct() throws IOException {
    Map<String, String> expected = Map.of(
        "defcal.qasm", "defcal.qasm:1:1: pulse grammars ('defcalgrammar'): not supported",
        "gateteleport.qasm", "gateteleport.qasm:6:1: extern functions ('extern'): not supported",
        "dd.qasm", "dd.qasm:25:3: unknown gate 'u'; expected a gate defined earlier");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String src = source(e.getKey());
      QasmException ex = assertThrows(QasmException.class, () -> QasmParser.parse(src, e.getKey(), Map.of()));
      assertTrue(ex.getMessage().startsWith(e.getValue()), ex.getMessage());
    }
  }

  /*
   * rus.qasm by hand. segment: the ancillas in |+>|+>, ccx·s·ccx·z on psi gives Z·S = diag(1, -i) on psi where the
   * ancillas read 00, 01 or 10 and Z·XSX = diag(i, -1) where they read 11; h on both and outcome xy leaves
   * (1/4)·Σ_ab (-1)^(ax+by)·M_ab on psi. Outcome 00: (1/4)·diag(3+i, -(1+3i)), probability 10/16 = 5/8 for any psi,
   * a relative phase π + arccos(3/5) (-(1+3i)/(3+i) = -(3+4i)/5). Outcomes 01, 10, 11: ((1-i)/4)·I, probability
   * 1/8 each, psi unchanged. So the loop ends after pass n with probability (5/8)(3/8)^(n-1), psi = |+> turned by
   * π + arccos(3/5); rz(π - arccos(3/5)) adds the rest of 2π, h returns |0>: output 0, flags 00, always.
   * Cut after N passes (N - 1 runtime passes after the first, which flags = "11" makes certain), psi stays |+>
   * with probability (3/8)^N, flags 01, 10 or 11 equally; then rz alone leaves P(1) = sin²((π - arccos(3/5))/2)
   * = (1 + 3/5)/2 = 4/5.
   */
  @Test
  void repeatUntilSuccessEndsInZeroWithItsAnalyticDistribution() throws IOException {
    assertEquals(Map.of("0 00", 1.0), roundedKeys(run("rus.qasm")));
    for (int runtimePasses = 1; runtimePasses <= 4; runtimePasses++) {
      QasmSettings cut = new QasmSettings(QasmSettings.DEFAULTS.maxOperations(), runtimePasses, QasmSettings.DEFAULTS.dtSeconds());
      Map<String, Double> p = SIM.probabilities(QasmParser.parse(source("rus.qasm"), "rus.qasm", Map.of(), cut));
      double fail = Math.pow(3.0 / 8, runtimePasses + 1);
      assertEquals(1 - fail, p.get("0 00"), 1e-12, "passes " + runtimePasses);
      assertEquals(0, p.getOrDefault("1 00", 0.0), 1e-12);
      for (String flags : new String[] {"01", "10", "11"}) {
        assertEquals(fail / 3 * 4 / 5, p.get("1 " + flags), 1e-12, flags);
        assertEquals(fail / 3 / 5, p.get("0 " + flags), 1e-12, flags);
      }
    }
  }

  /** rus.qasm with a count of its passes (appended lines only; the loop is as published). */
  private static String countedRus() throws IOException {
    return source("rus.qasm").replace("bit output_qubit;", "bit output_qubit;\nuint[8] passes = 0;")
        .replace("  flags = segment(ancilla, input_qubit);", "  passes += 1;\n  flags = segment(ancilla, input_qubit);")
        + "bit[8] count = passes;\n";
  }

  @Test
  void repeatUntilSuccessTakesAGeometricNumberOfPasses() throws IOException {
    // the count a loop keeps in memory across passes: P(n passes) = (5/8)(3/8)^(n-1), output 0 and flags 00 each time
    Circuit c = QasmParser.parse(countedRus(), "rus.qasm", Map.of());
    Map<String, Double> p = SIM.probabilities(c);
    double total = 0;
    for (int n = 1; n <= 20; n++) {
      String key = String.format("%8s", Integer.toBinaryString(n)).replace(' ', '0') + " 0 00";
      double expected = 5.0 / 8 * Math.pow(3.0 / 8, n - 1);
      assertEquals(expected, p.getOrDefault(key, 0.0), 1e-12 * expected + 1e-15, key);
      total += p.get(key);
    }
    assertEquals(1 - Math.pow(3.0 / 8, 20), total, 1e-12);
    // shots: the same distribution sampled; P(1 pass) and P(2 passes) within 5σ, the mean 8/5 within 5σ
    int shots = 20_000;
    Map<String, Long> counts = SIM.run(c, shots, 15L, false).counts();
    double mean = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      assertTrue(e.getKey().endsWith(" 0 00"), e.getKey());
      mean += Integer.parseInt(e.getKey().substring(0, 8), 2) * (double) e.getValue() / shots;
    }
    for (int n = 1; n <= 2; n++) {
      double q = 5.0 / 8 * Math.pow(3.0 / 8, n - 1);
      String key = String.format("%8s", Integer.toBinaryString(n)).replace(' ', '0') + " 0 00";
      assertEquals(q, counts.get(key) / (double) shots, 5 * Math.sqrt(q * (1 - q) / shots), key);
    }
    // geometric with success 5/8: mean 1/p = 8/5, variance (1 - p)/p² = 24/25
    assertEquals(8.0 / 5, mean, 5 * Math.sqrt(24.0 / 25 / shots));
  }

  @Test
  void iterativePhaseEstimationAsPublishedMatchesItsProtocolWorkedOutByHand() throws IOException {
    // ipe.qasm measures into the bits of angle[10] c, shifts c and feeds it back through inv @ phase(c); it
    // declares no bit register, so a copy of c is read out through one appended line.
    Map<String, Double> p = new TreeMap<>();
    Circuit c = QasmParser.parse(source("ipe.qasm") + "bit[10] est = c;\n", "ipe.qasm", Map.of());
    SIM.probabilities(c).forEach((k, v) -> { if (v > 1e-12) p.put(k, v); });
    // By hand: r = |+> is an equal mixture of phase(θ)'s eigenstates. With r = |0> nothing turns q, so every
    // outcome is 0 and c stays 0. With r = |1>, pass i (power = 2^i) leaves q with phase 2^i·θ − c before the
    // last h, so it reads 0 with probability cos²((2^i·θ − c)/2); the outcome goes to bit 0 of c (c = k·2π/2^10),
    // then c shifts left one bit. Enumerated over every outcome sequence:
    Map<Long, Double> branch = new TreeMap<>();
    branch.put(0L, 1.0);
    double theta = 3 * Math.PI / 8;
    for (int i = 0; i < 10; i++) {
      Map<Long, Double> next = new TreeMap<>();
      for (Map.Entry<Long, Double> e : branch.entrySet()) {
        double phase = Math.scalb(theta, i) - e.getKey() * 2 * Math.PI / 1024;
        double p0 = Math.pow(Math.cos(phase / 2), 2);
        for (int m = 0; m < 2; m++) {
          double pm = m == 0 ? p0 : 1 - p0;
          if (pm < 1e-15) continue;
          long k = ((e.getKey() | m) << 1) & 1023;
          next.merge(k, e.getValue() * pm, Double::sum);
        }
      }
      branch = next;
    }
    Map<String, Double> expected = new TreeMap<>();
    expected.put("0000000000", 0.5);
    branch.forEach((k, v) -> expected.merge(String.format("%10s", Long.toBinaryString(k)).replace(' ', '0'), v / 2, Double::sum));
    java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
    keys.addAll(p.keySet());
    for (String k : keys) assertEquals(expected.getOrDefault(k, 0.0), p.getOrDefault(k, 0.0), 1e-10, k);
    // all zeros only from r = |0>: with r = |1> and c = 0, pass 3 turns q by 8θ = 3π and reads 1 for certain
    assertEquals(0.5, p.get("0000000000"), 1e-12);
  }

  @Test
  void textbookIterativePhaseEstimationReadsAnExactPhase() {
    // θ = 2π·0.0101₂: least significant bit first, each pass shifts the bits measured so far down one place
    // (c >>= 1 turns π·b into π/2·b), corrects by them and measures the next bit into c's top bit (worth π);
    // on the eigenstate r = |1> every pass is certain and c ends at θ, bits 0101; on r = |+>, half 0000.
    String ipe = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nconst int[32] n = 4;\nconst float[64] theta = 2 * pi * 5 / 16;\n"
        + "qubit q;\nqubit r;\nangle[n] c;\n%s r;\nuint[n] power = 1 << (n - 1);\n"
        + "for uint i in [0 : n - 1] {\n  reset q;\n  h q;\n  ctrl @ pow(power) @ phase(theta) q, r;\n  c >>= 1;\n"
        + "  inv @ phase(c) q;\n  h q;\n  measure q -> c[n - 1];\n  power >>= 1;\n}\nbit[n] out = c;\n";
    Map<String, Double> exact = new TreeMap<>();
    roundedKeys(SIM.probabilities(QasmParser.parse(String.format(ipe, "x"), "ipe4.qasm", Map.of())))
        .forEach((k, v) -> { if (v > 0) exact.put(k, v); });
    assertEquals(Map.of("0101", 1.0), exact);
    Map<String, Double> mixed = new TreeMap<>();
    roundedKeys(SIM.probabilities(QasmParser.parse(String.format(ipe, "h"), "ipe4.qasm", Map.of())))
        .forEach((k, v) -> { if (v > 0) mixed.put(k, v); });
    assertEquals(Map.of("0000", 0.5, "0101", 0.5), mixed);
  }

  @Test
  void angleBitsFollowTheSpecification() {
    // angle[4] a = 3π/4 = 6·(2π/16): bits 0110, bit 3 worth π; a << 1 = 12·(2π/16) = 3π/2; a[1] = 1; bit[4] ↔ angle[4]
    String src = "OPENQASM 3.0;\nqubit q;\nbit m = measure q;\nangle[4] a = 3 * pi / 4;\nbit[4] b = a;\nangle[4] s = a << 1;\nbit[4] t = s;\n"
        + "bit u = a[1];\nbit[4] w = \"1001\";\nangle[4] v = angle[4](w);\nbit[4] x = bit[4](v + a);\n";
    // x = (9 + 6) mod 16 = 15 = 1111; registers print last declared leftmost: x w u t b m
    assertEquals(Map.of("1111 1001 1 1100 0110 0", 1.0), roundedKeys(SIM.probabilities(QasmParser.parse(src, "angles.qasm", Map.of()))));
  }

  /** Probabilities rounded to 12 digits, so that 1 - 1e-16 compares equal to 1. */
  private static Map<String, Double> roundedKeys(Map<String, Double> p) {
    Map<String, Double> out = new TreeMap<>();
    p.forEach((k, v) -> out.put(k, Math.rint(v * 1e12) / 1e12));
    return out;
  }
}
