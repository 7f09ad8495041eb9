package io.qubitd.circuit.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * OpenQASM 3's classical language, each construct against a value worked out by hand: expressions
 * through the angle they give a gate, dynamic circuits through their exact outcome distribution.
 */
class Qasm3ClassicalTest {

  private static final String HEAD = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n";
  private static final IdealSimulator SIM = new IdealSimulator(KernelSettings.defaults());

  private static Circuit parse(String body) {
    return QasmParser.parse(HEAD + body, "c3.qasm", Map.of());
  }

  private static QasmException error(String body) {
    return assertThrows(QasmException.class, () -> QasmParser.parse(HEAD + body, "bad.qasm", Map.of()));
  }

  /** The angles of the program's rz gates, in order. */
  private static List<Double> angles(Circuit c) {
    List<Double> out = new ArrayList<>();
    for (Operation op : c.operations()) {
      if (op instanceof Operation.GateOp g && g.gate().kind() == GateKind.RZ) out.add(g.gate().params().get(0));
    }
    return out;
  }

  private static double angle(String declarations, String expr) {
    return angles(parse("qubit q;\n" + declarations + "rz(" + expr + ") q;\n")).get(0);
  }

  private static Map<String, Double> probabilities(String body) {
    return new TreeMap<>(SIM.probabilities(parse(body)));
  }

  private static void assertDistribution(Map<String, Double> expected, Map<String, Double> actual, double tol) {
    Map<String, Double> nonZero = new TreeMap<>();
    actual.forEach((k, v) -> { if (v > tol) nonZero.put(k, v); });
    assertEquals(expected.keySet(), nonZero.keySet(), "outcomes of " + actual);
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      assertEquals(e.getValue(), actual.get(e.getKey()), tol, "P(" + e.getKey() + ") in " + actual);
    }
  }

  @Test
  void operatorsFollowTheSpecificationsPrecedenceAndAssociativity() {
    assertEquals(14, angle("", "2 + 3 * 4"), 0);
    assertEquals(20, angle("", "(2 + 3) * 4"), 0);
    assertEquals(512, angle("", "2 ** 3 ** 2"), 0);
    assertEquals(-4, angle("", "-2 ** 2"), 0);
    assertEquals(1.5, angle("", "3 / 2"), 0);
    assertEquals(1, angle("", "7 % 3"), 0);
    assertEquals(8, angle("", "1 << 3"), 0);
    assertEquals(3, angle("", "6 >> 1"), 0);
    assertEquals(1, angle("", "5 & 3"), 0);
    assertEquals(7, angle("", "5 | 3"), 0);
    assertEquals(6, angle("", "5 ^ 3"), 0);
    assertEquals(1 + 4, angle("", "1 + 2 * 2 ** 1"), 0);
    assertEquals(1, angle("", "1 | 2 & 0"), 0);
    assertEquals(1, angle("", "3 > 2 && !(1 == 2)"), 0);
    assertEquals(0, angle("", "1 < 2 && 2 < 1 || false"), 0);
    assertEquals(Math.sin(0.5) + Math.sqrt(2) + Math.floor(2.7) + Math.log(Math.E), angle("", "sin(0.5) + sqrt(2) + floor(2.7) + ln(euler)"), 1e-15);
    assertEquals(3, angle("", "popcount(0b1011)"), 0);
  }

  @Test
  void integerAndAngleTypesWrapAsDeclared() {
    assertEquals(3, angle("int[8] a = 7;\nint[8] b = 2;\n", "a / b"), 0);
    assertEquals(1, angle("uint[4] u = 17;\n", "u"), 0);
    assertEquals(-7, angle("int[4] k = 9;\n", "k"), 0);
    assertEquals(Math.PI, angle("angle[4] t = 3 * pi;\n", "t"), 1e-15);
    // angle[2] holds multiples of pi/2: pi/3 rounds to pi/2
    assertEquals(Math.PI / 2, angle("angle[2] t = pi / 3;\n", "t"), 1e-15);
    assertEquals(2, angle("", "int(2.7)"), 0);
    assertEquals(-2, angle("", "int(-2.7)"), 0);
    assertEquals(3.5, angle("", "float(7) / 2"), 0);
    assertEquals(6, angle("bit[4] r = \"0011\";\n", "rotl(r, 1)"), 0);
    assertEquals(9, angle("bit[4] r = \"0011\";\n", "rotr(r, 1)"), 0);
    assertEquals(5, angle("bit[4] r = \"1101\";\n", "int[4](r[0:2])"), 0);
    assertEquals(1, angle("uint[4] a_in = 2;\n", "bool(a_in[1])"), 0);
    assertEquals(12, angle("int[8] x = 3;\nx <<= 2;\n", "x"), 0);
    assertEquals(30, angle("int[8] x = 3;\nx += 2;\nx *= 6;\n", "x"), 0);
  }

  @Test
  void arraysIndexSliceAndSizeof() {
    assertEquals(12 + 3, angle("array[int[8], 3] v = {1, 2, 3};\nv[1] += 10;\n", "v[1] + sizeof(v)"), 0);
    assertEquals(2.5, angle("array[float[64], 2, 2] m = {{0.5, 1.5}, {2.5, 3.5}};\n", "m[1, 0]"), 0);
    assertEquals(2, angle("array[float[64], 2, 3] m;\n", "sizeof(m, 0)"), 0);
    assertEquals(3, angle("array[float[64], 2, 3] m;\n", "sizeof(m, 1)"), 0);
    Circuit c = parse("qubit q;\narray[int[8], 3] v = {4, 5, 6};\nfor int x in v { rz(x) q; }\n");
    assertEquals(List.of(4.0, 5.0, 6.0), angles(c));
  }

  @Test
  void loopsBreakContinueAndCompileTimeWhile() {
    Circuit c = parse("qubit q;\nfor int i in [0:10] { if (i == 3) continue; if (i == 5) break; rz(i) q; }\n"
        + "int k = 0;\nwhile (k < 3) { rz(10 + k) q; k += 1; }\nfor uint j in {7, 9} rz(j) q;\n");
    assertEquals(List.of(0.0, 1.0, 2.0, 4.0, 10.0, 11.0, 12.0, 7.0, 9.0), angles(c));
  }

  @Test
  void subroutinesTakeQubitsAndValuesAndReturnValues() {
    Circuit c = parse("def flip_if(qubit a, int[8] k) -> int[8] { if (k > 2) x a; return k * 2; }\n"
        + "qubit[2] q;\nint[8] r = flip_if(q[0], 3);\nint[8] s = flip_if(q[1], 1);\nrz(r + s) q[0];\n");
    assertEquals(List.of(new Operation.GateOp(io.qubitd.circuit.Gate.of(GateKind.X), List.of(0)),
        new Operation.GateOp(io.qubitd.circuit.Gate.of(GateKind.RZ, 8.0), List.of(0))), c.operations());
    // a subroutine that returns a measurement: the caller's bit holds it
    assertDistribution(Map.of("1 1", 1.0), probabilities(
        "def mz(qubit a) -> bit { return measure a; }\nqubit[2] q;\nbit c;\nx q[0];\nc = mz(q[0]);\n"
            + "if (c) x q[1];\nbit d;\nd = measure q[1];\n"), 1e-12);
  }

  @Test
  void letAliasesSlicesSetsAndConcatenation() {
    Circuit c = parse("qubit[2] a;\nqubit[2] b;\nlet ab = a ++ b;\nlet mid = ab[1:2];\nx mid;\nlet ends = ab[{0, 3}];\nh ends;\n"
        + "let last = ab[-1];\nz last;\n");
    List<String> got = c.operations().stream().map(o -> ((Operation.GateOp) o).gate().kind() + "" + o.qubits()).toList();
    assertEquals(List.of("X[1]", "X[2]", "H[0]", "H[3]", "Z[3]"), got);
  }

  @Test
  void durationsDtStretchAndBox() {
    String src = HEAD + "qubit q;\nduration d = 2us + 500ns;\nstretch s;\ndelay[100dt] q;\ndelay[d] q;\ndelay[s] q;\n"
        + "delay[2 * 10ns] q;\nbox[1us] { x q; }\ndelay[d / 5] q;\n";
    Circuit c = QasmParser.parse(src, "t.qasm", Map.of(), QasmSettings.DEFAULTS.withDt(2e-9));
    // box[1us] { x q; }: the 30 ns pulse, then the qubit idles the other 970 ns of the box
    double[] expected = {200e-9, 2.5e-6, 0, 20e-9, 970e-9, 0.5e-6};
    List<Double> got = c.operations().stream().filter(o -> o instanceof Operation.Delay)
        .map(o -> ((Operation.Delay) o).seconds()).toList();
    assertEquals(expected.length, got.size());
    for (int i = 0; i < expected.length; i++) assertEquals(expected[i], got.get(i), 1e-18, "delay " + i);
    assertTrue(c.operations().stream().anyMatch(o -> o instanceof Operation.GateOp g && g.gate().kind() == GateKind.X));
  }

  @Test
  void inputsOfEveryTypeAreBoundAndAnUnboundOneIsNamed() {
    String src = HEAD + "input bool flag;\ninput int[8] n;\ninput angle[16] theta;\nqubit q;\n"
        + "if (flag) { rz(n) q; rz(theta) q; }\n";
    Circuit c = QasmParser.parse(src, "in.qasm", Map.of("flag", 1.0, "n", 3.0, "theta", 0.25));
    // angle[16] holds multiples of 2π / 2^16
    double step = 2 * Math.PI / 65536;
    assertEquals(List.of(3.0, Math.rint(0.25 / step) * step), angles(c));
    QasmException unbound = assertThrows(QasmException.class, () -> QasmParser.parse(src, "in.qasm", Map.of("flag", 1.0, "n", 3.0)));
    assertTrue(unbound.getMessage().startsWith("in.qasm:5:1: input parameter 'theta' has no value"), unbound.getMessage());
    QasmException fractional = assertThrows(QasmException.class,
        () -> QasmParser.parse(src, "in.qasm", Map.of("flag", 1.0, "n", 2.5, "theta", 0.0)));
    assertTrue(fractional.getMessage().contains("expected an integer for its type"), fractional.getMessage());
  }

  @Test
  void ifElseOnAMeasuredBit() {
    // c = 1 (p 1/2): x makes d = 1; c = 0: h makes d uniform
    assertDistribution(Map.of("1 1", 0.5, "0 0", 0.25, "1 0", 0.25), probabilities(
        "qubit[2] q;\nbit c;\nh q[0];\nc = measure q[0];\nif (c) x q[1]; else { h q[1]; }\nbit d;\nd = measure q[1];\n"), 1e-12);
  }

  @Test
  void logicalConditionsOnSeveralMeasuredBits() {
    // a, b uniform; x on q[2] when (a && b) || !a: outcomes 00, 10 (a = 0) and 11 flip; 01 (a = 1, b = 0) does not
    assertDistribution(Map.of("1 0 0", 0.25, "1 1 0", 0.25, "1 1 1", 0.25, "0 0 1", 0.25), probabilities(
        "qubit[3] q;\nbit a;\nbit b;\nh q[0];\nh q[1];\na = measure q[0];\nb = measure q[1];\n"
            + "bool both = a && b;\nif (both || !a) x q[2];\nbit r;\nr = measure q[2];\n"), 1e-12);
  }

  private static final String SWITCH_PREFIX = "qubit[3] q;\nbit[2] c;\nh q[0];\nh q[1];\nc = measure q[0:1];\n";

  @Test
  void switchOnAMeasuredIntegerMatchesTheSameLogicWrittenWithIf() {
    String viaSwitch = SWITCH_PREFIX + "int sw;\nsw = c;\nswitch (sw) {\n  case 0 { }\n  case 1, 2 { x q[2]; }\n"
        + "  default { h q[2]; }\n}\nbit r;\nr = measure q[2];\n";
    String viaIf = SWITCH_PREFIX + "if (c == 1 || c == 2) { x q[2]; }\nif (c == 3) { h q[2]; }\nbit r;\nr = measure q[2];\n";
    // c uniform on 0..3; r = 0 for 0, 1 for 1 and 2, uniform for 3
    Map<String, Double> expected = Map.of("0 00", 0.25, "1 01", 0.25, "1 10", 0.25, "0 11", 0.125, "1 11", 0.125);
    assertDistribution(expected, probabilities(viaSwitch), 1e-12);
    assertDistribution(expected, probabilities(viaIf), 1e-12);
  }

  /** One attempt: the ancilla reads 1 with probability sin²(π/6) = 1/4, and each failure flips t. */
  private static final String ATTEMPT = "reset a; ry(pi / 3) a; cx a, t; c = measure a;";

  @Test
  void repeatUntilSuccessFollowsItsGeometricDistributionAndMatchesTheSameLogicWrittenWithIf() {
    String prefix = "qubit a;\nqubit t;\nbit c = 1;\n";
    String suffix = "bit r;\nr = measure t;\n";
    String viaWhile = prefix + "while (c == 1) { " + ATTEMPT + " }\n" + suffix;
    StringBuilder viaIf = new StringBuilder(prefix + ATTEMPT + "\n");
    for (int k = 0; k < 40; k++) viaIf.append("if (c == 1) { ").append(ATTEMPT).append(" }\n");
    viaIf.append(suffix);
    // K failures with P(K = k) = p^k (1 - p), p = 1/4; t = K mod 2, so P(t = 1) = p / (1 + p) = 1/5; c ends 0
    Map<String, Double> expected = Map.of("0 0", 0.8, "1 0", 0.2);
    assertDistribution(expected, probabilities(viaWhile), 1e-12);
    assertDistribution(expected, probabilities(viaIf.toString()), 1e-12);
    // sampled shots agree within five standard deviations
    long ones = SIM.run(parse(viaWhile), 20_000, 7, false).counts().getOrDefault("1 0", 0L);
    assertEquals(0.2 * 20_000, ones, 5 * Math.sqrt(20_000 * 0.2 * 0.8));
  }

  @Test
  void registerBitsGivenValuesComeBackInTheResult() {
    Circuit c = parse("bit[2] c = \"10\";\nqubit q;\nbit m;\nx q;\nm = measure q;\n");
    assertEquals(Map.of("1 10", 1.0), SIM.probabilities(c));
    assertEquals(Map.of("1 10", 100L), SIM.run(c, 100, 1, false).counts());
  }

  @Test
  void bitsAssignedComputedValuesAndOutputsComeBackAsRegisters() {
    // a, b uniform; p = a xor b; under a, e = 1 else e keeps 0; output n = 2 + a
    Map<String, Double> p = probabilities("qubit[2] q;\nbit a;\nbit b;\nbit p;\nbit e;\nh q[0];\nh q[1];\n"
        + "a = measure q[0];\nb = measure q[1];\np = a ^ b;\nif (a) e = 1;\noutput uint[3] n;\nn = 2 + a;\n");
    // keys: n (the output, reported last so leftmost), then e, p, b, a
    assertDistribution(Map.of("010 0 0 0 0", 0.25, "011 1 1 0 1", 0.25, "010 0 1 1 0", 0.25, "011 1 0 1 1", 0.25), p, 1e-12);
    QasmException floatOut = error("qubit q;\noutput float x;\n");
    assertTrue(floatOut.getMessage().contains("output x is not a sized integer or bool"), floatOut.getMessage());
  }

  @Test
  void aValueKeepsTheMeasurementItWasTakenFromWhenTheBitIsMeasuredAgain() {
    // x = a holds the first measurement (1); a is then re-measured (0); the condition reads x, so q[1] flips
    assertDistribution(Map.of("1 0", 1.0), probabilities("qubit[2] q;\nbit a;\nx q[0];\na = measure q[0];\nint x = a;\n"
        + "a = measure q[1];\nbit r;\nif (x == 1) x q[1];\nr = measure q[1];\n"), 1e-12);
  }

  @Test
  void subroutineBitsLiveOutsideTheRegisters() {
    // a subroutine's local bits need classical memory of their own; the result shows only the registers
    Circuit c = parse("def syn(qubit a) -> bit { bit b; b = measure a; return b; }\nqubit[2] q;\nbit s;\nx q[0];\n"
        + "s = syn(q[0]);\nif (s) x q[1];\nbit d;\nbit e;\ne = syn(q[1]);\nd = measure q[1];\n");
    assertEquals(Map.of("1 1 1", 1.0), SIM.probabilities(c));
    // hidden bits that differ between shots still give one key per register reading, and every shot is counted
    Circuit mixed = parse("def mz(qubit a) -> bit { bit b; b = measure a; return b; }\nqubit[2] q;\nbit s;\n"
        + "h q[0];\nh q[1];\nmz(q[0]);\ns = measure q[1];\n");
    Map<String, Long> counts = SIM.run(mixed, 4000, 3, false).counts();
    assertEquals(4000L, counts.values().stream().mapToLong(Long::longValue).sum(), counts.toString());
    assertEquals(java.util.Set.of("0", "1"), counts.keySet());
  }

  @Test
  void aGateParameterReadFromMeasurementsActsInEachBranch() {
    // c is 0 or 1 with probability 1/2; ry(π·c) then leaves q[1] in |c>, and rz(c·π/2 + k) on |+> and h reads
    // P(1) = sin²(θ/2) per branch: θ = π/2 for c = 0 (1/2) and π for c = 1 (1); keys read d t c
    Circuit circuit = parse("qubit[3] q;\nbit c;\nbit t;\nbit d;\nh q[0];\nc = measure q[0];\nfloat[64] a = pi * c;\n"
        + "ry(a) q[1];\nt = measure q[1];\nh q[2];\nrz(pi / 2 * (1 + int[2](c))) q[2];\nh q[2];\nd = measure q[2];\n");
    Map<String, Double> p = SIM.probabilities(circuit);
    assertEquals(0.25, p.getOrDefault("0 0 0", 0.0), 1e-12, p.toString());
    assertEquals(0.25, p.getOrDefault("1 0 0", 0.0), 1e-12, p.toString());
    assertEquals(0.5, p.getOrDefault("1 1 1", 0.0), 1e-12, p.toString());
  }

  @Test
  void theIdealBackendRunsBitsKeptOutsideTheRegisters() {
    // a subroutine's local bit lives in memory no register shows (the CLI and the daemon run through IdealExecutor)
    Circuit c = parse("def f(qubit a) -> bit { bit b; b = measure a; return b; }\nqubit q;\nbit r;\nh q;\nbit t = f(q);\nr = measure q;\n");
    var ideal = io.qubitd.backend.IdealExecutor.withDefaults(KernelSettings.defaults());
    Map<String, Double> p = ideal.probabilities(c, "auto").probabilities();
    assertEquals(Map.of("0 0", 0.5, "1 1", 0.5), p);
    assertEquals(1000L, ideal.run(c, 1000, 1, false, "auto").counts().values().stream().mapToLong(Long::longValue).sum());
    assertThrows(IllegalArgumentException.class, () -> ideal.run(c, 10, 1, false, "stabilizer"));
  }

  @Test
  void nonIntegerPowersAreThePrincipalPowersOfTheMatrix() {
    // The principal square root of X (eigenvalues 1, −1 = e^{iπ}) is P₊ + i·P₋ = [[1+i, 1−i], [1−i, 1+i]]/2 = sx,
    // global phase included; X^2.5 has the same principal power (e^{i·2.5π} = i). Under ctrl the global phase is
    // a relative phase, so "ctrl @ pow(k) @ x, then inv @ ctrl @ sx" returns |+>|0> exactly, read 00 after h.
    for (String k : List.of("0.5", "2.5", "1/2")) {
      Circuit c = parse("qubit[2] q;\nbit[2] b;\nh q[0];\nctrl @ pow(" + k + ") @ x q[0], q[1];\ninv @ ctrl @ sx q[0], q[1];\n"
          + "h q[0];\nb = measure q;\n");
      assertEquals(1.0, SIM.probabilities(c).getOrDefault("00", 0.0), 1e-12, k);
    }
    // T^(1/3) three times is T (T = diag(1, e^{iπ/4}), principal cube root diag(1, e^{iπ/12})), undone by tdg; then
    // pow(−0.5) @ s = diag(1, e^{−iπ/4}) (S's eigenvalue i = e^{iπ/2}). With q[1] = |1> the control q[0] = |+> picks
    // up e^{−iπ/4}: after h, P(q0 = 0) = |1 + e^{−iπ/4}|²/4 = cos²(π/8), q[1] still 1
    Circuit t = parse("qubit[2] q;\nbit[2] b;\nh q[0];\nx q[1];\nfor int i in [1:3] { ctrl @ pow(1.0 / 3) @ t q[0], q[1]; }\n"
        + "ctrl @ tdg q[0], q[1];\nctrl @ pow(-0.5) @ s q[0], q[1];\nh q[0];\nb = measure q;\n");
    assertEquals(Math.pow(Math.cos(Math.PI / 8), 2), SIM.probabilities(t).getOrDefault("10", 0.0), 1e-12);
    assertTrue(error("qubit[2] q;\npow(0.5) @ cx q[0], q[1];\n").getMessage()
        .startsWith("bad.qasm:4:1: pow(0.5) of a gate on 2 qubits: not supported"));
  }

  @Test
  void physicalQubitsAreQubitsOfTheProgram() {
    // Qiskit exports laid-out circuits on $n: a Bell pair on $5 and $2, next to a declared qubit; $5 named twice is
    // one qubit (x twice leaves it where h and cx put it)
    Circuit c = parse("qubit q;\nbit[3] b;\nx q;\nh $5;\ncx $5, $2;\nx $5;\nx $5;\nb[0] = measure $5;\nb[1] = measure $2;\n"
        + "b[2] = measure q;\n");
    assertEquals(3, c.numQubits());
    assertEquals(Map.of("100", 0.5, "111", 0.5), SIM.probabilities(c));
    assertTrue(error("qubit q;\ncx $1, $1;\n").getMessage().contains("is applied to qubit $1 twice"));
  }

  @Test
  void complexNumbersFollowTheirArithmetic() {
    // (3+4i)(1−2i) = 11 − 2i; (3+4i)/i = 4 − 3i; e^{iπ/3} = 1/2 + i·√3/2; √(−4) = 2i (principal); i² = −1
    Circuit c = parse("qubit q;\ncomplex[float[64]] z = 3.0 + 4.0im;\ncomplex w = z * (1 - 2im);\nz /= 1im;\n"
        + "rz(real(w)) q;\nrz(imag(w)) q;\nrz(real(z)) q;\nrz(imag(z)) q;\nrz(imag(exp(pi / 3 * 1im))) q;\n"
        + "rz(imag(sqrt(-4 + 0im))) q;\nrz(real(pow(1im, 2))) q;\nrz(real(-z)) q;\nrz(imag(2.5)) q;\n");
    List<Double> a = angles(c);
    double[] expected = {11, -2, 4, -3, Math.sqrt(3) / 2, 2, -1, -4, 0};
    assertEquals(expected.length, a.size(), a.toString());
    for (int i = 0; i < expected.length; i++) assertEquals(expected[i], a.get(i), 1e-12, "rz " + i + " of " + a);
    assertTrue(error("qubit q;\ncomplex z = 1im;\nrz(z) q;\n").getMessage()
        .startsWith("bad.qasm:5:4: a complex value where a real one is expected"));
    assertTrue(error("qubit q;\ninput complex z;\n").getMessage().contains("input complex z: not supported"));
  }

  @Test
  void constructsThatCannotRunSayWhy() {
    assertTrue(error("qubit q;\nfor int i in [0:3] { qubit r; }\n").getMessage()
        .contains("qubit declaration inside a block"));
    assertTrue(error("qubit q;\nbreak;\n").getMessage().startsWith("bad.qasm:4:1: 'break' outside a loop"));
    assertTrue(error("qubit q;\nbit c;\nc = measure q;\nfor int i in [0:3] { if (c) break; }\n").getMessage()
        .contains("'break' under a condition on measured bits: not supported"));
    assertTrue(error("qubit q;\nconst int n = 2;\nn = 3;\n").getMessage().contains("assignment to constant n"));
  }

  @Test
  void parserLimitsGiveErrorsNotCrashes() {
    String deep = "qubit q;\nrz(" + "(".repeat(1000) + "1" + ")".repeat(1000) + ") q;\n";
    QasmException nested = error(deep);
    assertTrue(nested.getMessage().startsWith("bad.qasm:4:"), nested.getMessage());
    assertTrue(nested.getMessage().contains("nesting deeper than 200 levels"), nested.getMessage());
    QasmException unary = error("qubit q;\nrz(" + "-".repeat(5000) + "1) q;\n");
    assertTrue(unary.getMessage().contains("nesting deeper than 200 levels"), unary.getMessage());
    QasmException huge = assertThrows(QasmException.class,
        () -> QasmParser.parse("OPENQASM 2.0;\nqreg q[2147483647];\n", "big.qasm", Map.of()));
    assertEquals("big.qasm:2:8: the size of register q is 2147483647; expected at most 100000", huge.getMessage());
    QasmException empty = assertThrows(QasmException.class, () -> QasmParser.parse("OPENQASM 3;\n// nothing\n", "e.qasm", Map.of()));
    assertTrue(empty.getMessage().startsWith("e.qasm:1:1: the program is empty"), empty.getMessage());
    QasmSettings small = new QasmSettings(1000, 64, 1e-9);
    QasmException loop = assertThrows(QasmException.class, () -> QasmParser.parse(
        HEAD + "qubit q;\nfor int i in [0:4999999] { h q; }\n", "loop.qasm", Map.of(), small));
    assertTrue(loop.getMessage().startsWith("loop.qasm:4:1: the loop runs 5000000 times, more than the operation budget"
        + " qubitd.qasm.max-operations = 1000"), loop.getMessage());
    QasmException ops = assertThrows(QasmException.class, () -> QasmParser.parse(
        HEAD + "qubit q;\nfor int i in [0:600] { h q; x q; }\n", "ops.qasm", Map.of(), small));
    assertTrue(ops.getMessage().contains("more than 1000 operations, the budget qubitd.qasm.max-operations"), ops.getMessage());
    QasmException spin = assertThrows(QasmException.class, () -> QasmParser.parse(
        HEAD + "qubit q;\nwhile (true) { }\n", "spin.qasm", Map.of(), small));
    assertTrue(spin.getMessage().startsWith("spin.qasm:4:1: the while loop runs more than 10000 passes"), spin.getMessage());
  }

  @Test
  void aWhileLoopWritesBackOnlyTheValuesItAssigns() {
    // p, a parity computed before the loop, stays a function of c; the loop's flag f is re-measured in place, so
    // the program needs no classical store. c uniform: p = c0 ^ c1; f ends 0.
    String src = HEAD + "qubit[2] q;\nqubit r;\nbit[2] c;\nh q;\nc = measure q;\nbit p = c[0] ^ c[1];\nbit f = 1;\n"
        + "while (f) { reset r; h r; f = measure r; }\n";
    Circuit circ = QasmParser.parse(src, "w.qasm", Map.of());
    assertTrue(!circ.hasStores(), circ.operations().toString());
    Map<String, Double> p = new TreeMap<>();
    new IdealSimulator(KernelSettings.defaults()).probabilities(circ).forEach((k, v) -> { if (v > 1e-12) p.put(k, Math.rint(v * 1e9) / 1e9); });
    // registers print last declared leftmost: f p c
    assertEquals(Map.of("0 0 00", 0.25, "0 1 01", 0.25, "0 1 10", 0.25, "0 0 11", 0.25), p);
  }
}
