package io.qubitd.circuit.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Register;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenQASM 2.0: declarations, broadcasting, expressions, user gates, conditions and errors. */
class Qasm2ParserTest {

  private static final String HEAD = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n";

  private static Circuit parse(String body) {
    return QasmParser.parse(HEAD + body, "prog.qasm", Map.of());
  }

  private static QasmException error(String src) {
    return assertThrows(QasmException.class, () -> QasmParser.parse(src, "bad.qasm", Map.of()));
  }

  private static Operation.GateOp gate(GateKind k, List<Integer> qs, double... p) {
    return new Operation.GateOp(Gate.of(k, p), qs);
  }

  @Test
  void registersAreLaidOutInDeclarationOrder() {
    Circuit c = parse("qreg a[2];\ncreg m[3];\nqreg b[3];\ncreg n[1];\nx b[1];\n");
    assertEquals(List.of(new Register("a", 0, 2), new Register("b", 2, 3)), c.qregs());
    assertEquals(List.of(new Register("m", 0, 3), new Register("n", 3, 1)), c.cregs());
    assertEquals(List.of(gate(GateKind.X, List.of(3))), c.operations());
    assertEquals("prog", c.name());
  }

  @Test
  void broadcastingAppliesElementwiseAndRepeatsSingleQubits() {
    Circuit c = parse("qreg q[2];\nqreg r[2];\nh q;\ncx q, r;\ncx q[0], r;\n");
    Gate cx = Gate.controlled(GateKind.X, 1);
    assertEquals(List.of(
        gate(GateKind.H, List.of(0)), gate(GateKind.H, List.of(1)),
        new Operation.GateOp(cx, List.of(0, 2)), new Operation.GateOp(cx, List.of(1, 3)),
        new Operation.GateOp(cx, List.of(0, 2)), new Operation.GateOp(cx, List.of(0, 3))), c.operations());
  }

  @Test
  void registersOfDifferentSizesCannotBeBroadcastTogether() {
    QasmException e = error(HEAD + "qreg q[2];\nqreg r[3];\ncx q, r;\n");
    assertEquals(5, e.line());
    assertEquals(7, e.column());
    assertTrue(e.getMessage().contains("different sizes"), e.getMessage());
  }

  @Test
  void expressionsFollowArithmetic() {
    Circuit c = parse("qreg q[1];\n"
        + "rz(pi/2 + 3*2 - -1) q[0];\n"
        + "rz(2^3^2) q[0];\n"
        + "rz(-2^2) q[0];\n"
        + "rz(sin(pi/6) + cos(0) + tan(0) + exp(0) + ln(1) + sqrt(16)) q[0];\n"
        + "rz((1+2)*(3-1)/4) q[0];\n"
        + "rz(1.5e-3 + .5) q[0];\n");
    double[] expected = {Math.PI / 2 + 7, 512, -4, Math.sin(Math.PI / 6) + 1 + 0 + 1 + 0 + 4, 1.5, 0.5015};
    for (int i = 0; i < expected.length; i++) {
      double got = ((Operation.GateOp) c.operations().get(i)).gate().param(0);
      assertEquals(expected[i], got, 1e-15, "expression " + i);
    }
  }

  @Test
  void userGatesAreInlinedWithTheirParameters() {
    Circuit c = parse("gate inner(a) x { rz(a/2) x; }\n"
        + "gate outer(a, b) x, y { inner(a*b) y; cx x, y; barrier x, y; }\n"
        + "qreg q[2];\nouter(2, 0.5) q[1], q[0];\n");
    assertEquals(List.of(
        gate(GateKind.RZ, List.of(0), 0.5),
        new Operation.GateOp(Gate.controlled(GateKind.X, 1), List.of(1, 0)),
        new Operation.Barrier(List.of(1, 0))), c.operations());
  }

  @Test
  void aUserGateMayRedefineALibraryName() {
    Circuit c = parse("gate cu c, t { cz c, t; }\nqreg q[2];\ncu q[0], q[1];\n");
    assertEquals(List.of(new Operation.GateOp(Gate.controlled(GateKind.Z, 1), List.of(0, 1))), c.operations());
  }

  @Test
  void measureResetBarrierAndConditions() {
    Circuit c = parse("qreg q[2];\ncreg c[2];\ncreg d[1];\nmeasure q -> c;\nmeasure q[1] -> d[0];\nreset q;\n"
        + "barrier q[1], q[0];\nif(c==2) x q[0];\nif(d==1) measure q[0] -> c[1];\n");
    Condition c2 = new Condition(List.of(0, 1), 2);
    Condition d1 = new Condition(List.of(2), 1);
    assertEquals(List.of(
        new Operation.Measure(0, 0), new Operation.Measure(1, 1), new Operation.Measure(1, 2),
        new Operation.Reset(0), new Operation.Reset(1), new Operation.Barrier(List.of(1, 0)),
        new Operation.GateOp(Gate.of(GateKind.X), List.of(0), c2),
        new Operation.Measure(0, 1, d1)), c.operations());
  }

  @Test
  void aConditionedUserGateConditionsEveryGateOfItsBody() {
    Circuit c = parse("gate two a, b { h a; cx a, b; }\nqreg q[2];\ncreg c[1];\nif(c==1) two q[0], q[1];\n");
    assertEquals(2, c.operations().size());
    for (Operation op : c.operations()) assertEquals(new Condition(List.of(0), 1), op.condition());
  }

  @Test
  void opaqueGatesMayBeDeclaredButNotApplied() {
    String src = HEAD + "opaque magic(a) x, y;\nqreg q[2];\nmagic(0.1) q[0], q[1];\n";
    QasmException e = error(src);
    assertEquals(5, e.line());
    assertTrue(e.getMessage().contains("opaque gate 'magic'"), e.getMessage());
    assertEquals(0, parse("opaque magic(a) x, y;\nqreg q[2];\n").operations().size());
  }

  @Test
  void errorsNameFileLineColumnAndWhatWasExpected() {
    QasmException unknown = error(HEAD + "qreg q[1];\nfoo q[0];\n");
    assertEquals("bad.qasm", unknown.file());
    assertEquals(4, unknown.line());
    assertEquals(1, unknown.column());
    assertTrue(unknown.getMessage().startsWith("bad.qasm:4:1: unknown gate 'foo'; expected"), unknown.getMessage());

    QasmException semicolon = error("OPENQASM 2.0;\nqreg q[1]\nh q[0];\n");
    assertEquals("bad.qasm:3:1: unexpected 'h'; expected ';'", semicolon.getMessage());

    QasmException range = error(HEAD + "qreg q[2];\nx q[2];\n");
    assertEquals(4, range.line());
    assertTrue(range.getMessage().contains("index 2 is out of range for q[2]"), range.getMessage());

    QasmException params = error(HEAD + "qreg q[1];\nrx q[0];\n");
    assertTrue(params.getMessage().contains("is given 0 parameter(s); expected 1"), params.getMessage());

    QasmException arity = error(HEAD + "qreg q[2];\ncx q[0];\n");
    assertTrue(arity.getMessage().contains("is given 1 qubit operand(s); expected 2"), arity.getMessage());

    QasmException twice = error(HEAD + "qreg q[2];\ncx q[1], q[1];\n");
    assertTrue(twice.getMessage().contains("q[1] twice"), twice.getMessage());

    QasmException measure = error(HEAD + "qreg q[2];\ncreg c[3];\nmeasure q -> c;\n");
    assertTrue(measure.getMessage().contains("equal sizes"), measure.getMessage());

    QasmException undeclared = error(HEAD + "gate g a { h b; }\n");
    assertEquals("bad.qasm:3:14: unknown qubit 'b' in gate g; expected one of a", undeclared.getMessage());

    QasmException redefined = error(HEAD + "gate g a { h a; }\ngate g a { x a; }\n");
    assertEquals(4, redefined.line());

    QasmException v3 = error("OPENQASM 2.0;\nqubit q;\n");
    assertTrue(v3.getMessage().startsWith("bad.qasm:2:1: 'qubit' is OpenQASM 3"), v3.getMessage());

    QasmException noLibrary = error("OPENQASM 2.0;\nqreg q[1];\nh q[0];\n");
    assertTrue(noLibrary.getMessage().contains("qelib1.inc"), noLibrary.getMessage());

    QasmException character = error("OPENQASM 2.0;\nqreg q[1];\n  ?\n");
    assertEquals("bad.qasm:3:3: unexpected character '?'; expected OpenQASM source", character.getMessage());

    QasmException include = error("OPENQASM 2.0;\ninclude \"other.inc\";\n");
    assertTrue(include.getMessage().startsWith("bad.qasm:2:1: include \"other.inc\": not supported"), include.getMessage());

    QasmException value = error(HEAD + "qreg q[1];\ncreg c[2];\nif(c==4) x q[0];\n");
    assertTrue(value.getMessage().contains("does not fit"), value.getMessage());
  }

  @Test
  void withoutAVersionLineTheProgramStillReadsOpenQasm2Statements() {
    Circuit c = QasmParser.parse("include \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nu1(0.5) q[0];\nmeasure q -> c;\n",
        "x/y/noversion.qasm", Map.of());
    assertEquals("noversion", c.name());
    assertEquals(List.of(gate(GateKind.P, List.of(0), 0.5), new Operation.Measure(0, 0)), c.operations());
    assertNull(c.operations().get(0).condition());
  }

  @Test
  void parseFileNamesTheCircuitAfterTheFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bell.qasm");
    Files.writeString(f, HEAD + "qreg q[2];\nh q[0];\ncx q[0],q[1];\n");
    assertEquals("bell", QasmParser.parseFile(f, Map.of()).name());
    QasmException missing = assertThrows(QasmException.class, () -> QasmParser.parseFile(dir.resolve("nope.qasm"), Map.of()));
    assertTrue(missing.getMessage().contains("nope.qasm:0:0: cannot read"), missing.getMessage());
  }

  @Test
  void aConditionOnAWholeRegisterWiderThanATableStaysOneCondition() {
    // 20 bits: more than a condition table holds, so c == 5 is kept as a plain comparison
    Circuit c = parse("qreg q[20];\ncreg c[20];\nx q[0];\nx q[2];\nmeasure q -> c;\nif(c==5) x q[1];\n");
    Operation last = c.operations().get(c.operations().size() - 1);
    assertEquals(new Condition(java.util.stream.IntStream.range(0, 20).boxed().toList(), 5), last.condition());
  }
}
