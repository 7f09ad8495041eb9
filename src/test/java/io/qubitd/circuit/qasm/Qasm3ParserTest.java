package io.qubitd.circuit.qasm;

import static io.qubitd.circuit.qasm.Matrices.assertExact;
import static io.qubitd.circuit.qasm.Matrices.controlled;
import static io.qubitd.circuit.qasm.Matrices.dagger;
import static io.qubitd.circuit.qasm.Matrices.diagPhases;
import static io.qubitd.circuit.qasm.Matrices.of;
import static io.qubitd.circuit.qasm.Matrices.scale;
import static io.qubitd.circuit.qasm.Matrices.times;
import static io.qubitd.circuit.qasm.Matrices.unitary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Register;
import java.util.List;
import java.util.Map;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The common OpenQASM 3 subset: declarations, modifiers, loops, inputs, delays and errors. */
class Qasm3ParserTest {

  private static final String HEAD = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n";
  private static final double A = 0.61, B = -0.27, G = 1.13;

  private static final ZMatrixRMaj X = of(new double[] {0, 0, 1, 0}, new double[] {1, 0, 0, 0});

  private static ZMatrixRMaj rx(double t) {
    double c = Math.cos(t / 2), s = Math.sin(t / 2);
    return of(new double[] {c, 0, 0, -s}, new double[] {0, -s, c, 0});
  }

  private static ZMatrixRMaj u3(double t, double p, double l) {
    double c = Math.cos(t / 2), s = Math.sin(t / 2);
    return of(
        new double[] {c, 0, -Math.cos(l) * s, -Math.sin(l) * s},
        new double[] {Math.cos(p) * s, Math.sin(p) * s, Math.cos(p + l) * c, Math.sin(p + l) * c});
  }

  private static Circuit parse(String body) {
    return QasmParser.parse(HEAD + body, "prog3.qasm", Map.of());
  }

  private static QasmException error(String body) {
    return assertThrows(QasmException.class, () -> QasmParser.parse(HEAD + body, "bad3.qasm", Map.of()));
  }

  @Test
  void declarationsAndMeasurementForms() {
    Circuit c = parse("qubit[2] q;\nqubit r;\nbit[2] c;\nbit d;\nc = measure q;\nc[1] = measure r;\n"
        + "measure r -> d;\nd = measure q[0];\nbit[2] e = measure q;\n");
    assertEquals(List.of(new Register("q", 0, 2), new Register("r", 2, 1)), c.qregs());
    assertEquals(List.of(new Register("c", 0, 2), new Register("d", 2, 1), new Register("e", 3, 2)), c.cregs());
    assertEquals(List.of(new Operation.Measure(0, 0), new Operation.Measure(1, 1), new Operation.Measure(2, 1),
        new Operation.Measure(2, 2), new Operation.Measure(0, 2), new Operation.Measure(0, 3),
        new Operation.Measure(1, 4)), c.operations());
  }

  @Test
  void conditionsOnRegistersAndBits() {
    Circuit c = parse("qubit[2] q;\nbit[2] c;\nbit d;\n"
        + "if (c == 3) x q[0];\nif (c[1]) { x q[0]; h q[1]; }\nif (c[0] == 0) z q[1];\nif (d == 1) y q[0];\n"
        + "if (!c[1]) x q[1];\nif (int[2](c) == 1) reset q[0];\n");
    List<Condition> conds = c.operations().stream().map(Operation::condition).toList();
    assertEquals(List.of(
        new Condition(List.of(0, 1), 3), new Condition(List.of(1), 1), new Condition(List.of(1), 1),
        new Condition(List.of(0), 0), new Condition(List.of(2), 1), new Condition(List.of(1), 0),
        new Condition(List.of(0, 1), 1)), conds);
    assertTrue(c.operations().get(6) instanceof Operation.Reset);
  }

  @Test
  void ctrlModifierMatchesControlledMatrices() {
    assertExact(controlled(rx(A), 1), unitary(HEAD + "qubit[2] q;\nctrl @ rx(" + A + ") q[0], q[1];\n"), "ctrl @ rx");
    assertExact(controlled(X, 2), unitary(HEAD + "qubit[3] q;\nctrl(2) @ x q[0], q[1], q[2];\n"), "ctrl(2) @ x");
    assertExact(controlled(X, 2), unitary(HEAD + "qubit[3] q;\nctrl @ ctrl @ x q[0], q[1], q[2];\n"), "ctrl @ ctrl @ x");
    assertExact(controlled(X, 3), unitary(HEAD + "qubit[4] q;\nctrl @ ccx q[0], q[1], q[2], q[3];\n"), "ctrl @ ccx");
    assertExact(diagPhases(0, G), unitary(HEAD + "qubit q;\nctrl @ gphase(" + G + ") q;\n"), "ctrl @ gphase");
    // a user gate with a global phase inside: the phase becomes relative under control
    ZMatrixRMaj phasedX = scale(X, G);
    assertExact(controlled(phasedX, 1),
        unitary(HEAD + "gate px(g) a { gphase(g); x a; }\nqubit[2] q;\nctrl @ px(" + G + ") q[0], q[1];\n"),
        "ctrl @ user gate with gphase");
    // cu: phase γ on the control, then controlled-U3
    assertExact(times(diagPhases(0, G, 0, G), controlled(u3(A, B, 0.4), 1)),
        unitary(HEAD + "qubit[2] q;\ncu(" + A + ", " + B + ", 0.4, " + G + ") q[0], q[1];\n"), "cu");
  }

  @Test
  void negctrlFiresOnZero() {
    // control q[0] (bit 0) in |0>: flip bit 1, i.e. swap indices 0 <-> 2
    ZMatrixRMaj expected = of(
        new double[] {0, 0, 0, 0, 1, 0, 0, 0},
        new double[] {0, 0, 1, 0, 0, 0, 0, 0},
        new double[] {1, 0, 0, 0, 0, 0, 0, 0},
        new double[] {0, 0, 0, 0, 0, 0, 1, 0});
    assertExact(expected, unitary(HEAD + "qubit[2] q;\nnegctrl @ x q[0], q[1];\n"), "negctrl @ x");
  }

  @Test
  void invModifierGivesTheAdjoint() {
    assertExact(diagPhases(0, -Math.PI / 2), unitary(HEAD + "qubit q;\ninv @ s q;\n"), "inv @ s");
    assertExact(dagger(u3(A, B, G)), unitary(HEAD + "qubit q;\ninv @ u3(" + A + "," + B + "," + G + ") q;\n"), "inv @ u3");
    String prog = HEAD + "gate hcx a, b { h a; cx a, b; }\nqubit[2] q;\n";
    ZMatrixRMaj forward = unitary(prog + "hcx q[0], q[1];\n");
    assertExact(dagger(forward), unitary(prog + "inv @ hcx q[0], q[1];\n"), "inv @ user gate");
    assertExact(dagger(controlled(rx(A), 1)), unitary(HEAD + "qubit[2] q;\ninv @ ctrl @ rx(" + A + ") q[0], q[1];\n"),
        "inv @ ctrl @ rx");
  }

  @Test
  void powModifierRepeatsAndNegativePowersInvert() {
    assertExact(diagPhases(0, Math.PI / 2), unitary(HEAD + "qubit q;\npow(2) @ t q;\n"), "pow(2) @ t");
    assertExact(diagPhases(0, -Math.PI / 4), unitary(HEAD + "qubit q;\npow(-1) @ t q;\n"), "pow(-1) @ t");
    assertExact(diagPhases(0, -3 * Math.PI / 4), unitary(HEAD + "qubit q;\npow(-3) @ t q;\n"), "pow(-3) @ t");
    assertExact(diagPhases(0, 0), unitary(HEAD + "qubit q;\npow(0) @ x q;\n"), "pow(0) @ x");
    assertExact(rx(3 * A), unitary(HEAD + "qubit q;\npow(3) @ rx(" + A + ") q;\n"), "pow(3) @ rx");
    assertExact(controlled(diagPhases(0, 2 * G), 1), unitary(HEAD + "qubit[2] q;\nctrl @ pow(2) @ p(" + G + ") q[0], q[1];\n"),
        "ctrl @ pow(2) @ p");
    // the principal square root of X is sx; of rx(a), rx(a/2) (eigenphases ∓a/2 within (−π, π])
    assertExact(unitary(HEAD + "qubit q;\nsx q;\n"), unitary(HEAD + "qubit q;\npow(0.5) @ x q;\n"), "pow(0.5) @ x");
    assertExact(rx(A / 2), unitary(HEAD + "qubit q;\npow(0.5) @ rx(" + A + ") q;\n"), "pow(0.5) @ rx");
  }

  @Test
  void forLoopsCoverInclusiveRangesStepsAndSets() {
    Circuit c = parse("qubit[5] q;\nfor int i in [0:2] { x q[i]; }\nfor uint i in [4:-2:0] h q[i];\n"
        + "for int[32] i in {1, 3} { z q[i + 1]; }\nfor i in [1:2:4] { rz(i * pi) q[i]; }\n");
    List<Operation> expected = List.of(
        op(GateKind.X, 0), op(GateKind.X, 1), op(GateKind.X, 2),
        op(GateKind.H, 4), op(GateKind.H, 2), op(GateKind.H, 0),
        op(GateKind.Z, 2), op(GateKind.Z, 4),
        new Operation.GateOp(Gate.of(GateKind.RZ, Math.PI), List.of(1)),
        new Operation.GateOp(Gate.of(GateKind.RZ, 3 * Math.PI), List.of(3)));
    assertEquals(expected, c.operations());
  }

  private static Operation op(GateKind k, int q) {
    return new Operation.GateOp(Gate.of(k), List.of(q));
  }

  @Test
  void inputsAndConstantsBindParameters() {
    String src = HEAD + "input float theta;\ninput float[64] phi;\nconst float half = theta / 2;\nconst int n = 2;\n"
        + "qubit[n] q;\nrx(half) q[0];\nry(phi) q[n - 1];\n";
    Circuit c = QasmParser.parse(src, "in.qasm", Map.of("theta", 0.8, "phi", -0.3));
    assertEquals(List.of(new Operation.GateOp(Gate.of(GateKind.RX, 0.4), List.of(0)),
        new Operation.GateOp(Gate.of(GateKind.RY, -0.3), List.of(1))), c.operations());
    QasmException missing = assertThrows(QasmException.class, () -> QasmParser.parse(src, "in.qasm", Map.of("theta", 1.0)));
    assertEquals(4, missing.line());
    assertEquals(1, missing.column());
    assertTrue(missing.getMessage().contains("input parameter 'phi' has no value"), missing.getMessage());
  }

  @Test
  void delaysConvertUnitsToSeconds() {
    Circuit c = parse("qubit[2] q;\ndelay[100ns] q[0];\ndelay[2us] q;\ndelay[3µs] q[1];\ndelay[1.5ms] q[0];\ndelay[1s] q[1];\n");
    double[] seconds = {100e-9, 2e-6, 2e-6, 3e-6, 1.5e-3, 1};
    int[] qubits = {0, 0, 1, 1, 0, 1};
    assertEquals(seconds.length, c.operations().size());
    for (int i = 0; i < seconds.length; i++) {
      Operation.Delay d = (Operation.Delay) c.operations().get(i);
      assertEquals(qubits[i], d.qubit());
      assertEquals(seconds[i], d.seconds(), 1e-20);
    }
  }

  @Test
  void gphaseAloneIsAZeroQubitGate() {
    Circuit c = parse("qubit q;\ngphase(" + G + ");\n");
    assertEquals(List.of(new Operation.GateOp(Gate.of(GateKind.GPHASE, G), List.of())), c.operations());
  }

  @Test
  void stdgatesNamesMapToQiskitsGates() {
    Circuit c = parse("qubit[3] q;\nphase(0.1) q[0];\ncphase(0.2) q[0], q[1];\nu1(0.3) q[0];\nu2(0.1, 0.2) q[0];\n"
        + "u3(0.1, 0.2, 0.3) q[0];\nU(0.1, 0.2, 0.3) q[0];\nCX q[0], q[1];\ncswap q[0], q[1], q[2];\nid q[2];\n");
    assertEquals(List.of(
        Gate.of(GateKind.P, 0.1), Gate.controlled(GateKind.P, 1, 0.2), Gate.of(GateKind.P, 0.3),
        Gate.of(GateKind.U2, 0.1, 0.2), Gate.of(GateKind.U, 0.1, 0.2, 0.3), Gate.of(GateKind.U, 0.1, 0.2, 0.3),
        Gate.controlled(GateKind.X, 1), Gate.controlled(GateKind.SWAP, 1), Gate.of(GateKind.ID)),
        c.operations().stream().map(o -> ((Operation.GateOp) o).gate()).toList());
  }

  @Test
  void outOfScopeConstructsAreNamedWithLineAndColumn() {
    Map<String, String> cases = Map.of(
        "defcalgrammar \"openpulse\";\n", "3:1: pulse grammars ('defcalgrammar'): not supported",
        "defcal x $0 { }\n", "3:1: pulse calibrations ('defcal'): not supported",
        "cal { }\n", "3:1: calibration blocks ('cal'): not supported",
        "qubit q;\n  extern f(int) -> bit;\n", "4:3: extern functions ('extern'): not supported",
        "qubit q;\ndelay[durationof({x q; measure q;})] q;\n", "4:7: durationof of a block that measures; expected gates",
        "qubit q;\ndelay[durationof(x)] q;\n", "4:18: unexpected 'x'; expected '{' (durationof takes a block");
    for (Map.Entry<String, String> e : cases.entrySet()) {
      QasmException ex = error(e.getKey());
      assertTrue(ex.getMessage().startsWith("bad3.qasm:" + e.getValue()), "got: " + ex.getMessage());
    }
  }

  @Test
  void semanticErrorsInOpenQasm3() {
    QasmException arity = error("qubit[2] q;\nctrl @ x q[0];\n");
    assertTrue(arity.getMessage().contains("with its modifiers is given 1 qubit operand(s); expected 2"), arity.getMessage());
    QasmException step = error("qubit q;\nfor int i in [0:0:3] x q;\n");
    assertTrue(step.getMessage().contains("loop step 0"), step.getMessage());
    QasmException stale = error("qubit q;\nbit c;\nif (c == 1) { c = measure q; x q; }\n");
    assertTrue(stale.getMessage().startsWith("bad3.qasm:5:30: an operation under a condition whose bits the same block measured"),
        stale.getMessage());
    QasmException endless = error("qubit q;\nbit c;\nc = measure q;\nwhile (c) { x q; }\n");
    assertTrue(endless.getMessage().startsWith("bad3.qasm:6:1: the while loop's condition reads measured bits its body does not"),
        endless.getMessage());
    QasmException bitValue = error("qubit q;\nbit[2] c;\nif (c[0] == 2) x q;\n");
    assertTrue(bitValue.getMessage().contains("expected 0 or 1"), bitValue.getMessage());
    QasmException stdIn2 = assertThrows(QasmException.class,
        () -> QasmParser.parse("OPENQASM 2.0;\ninclude \"stdgates.inc\";\n", "v2.qasm", Map.of()));
    assertEquals(2, stdIn2.line());
  }
}
