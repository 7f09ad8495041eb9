package io.qubitd.circuit.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Register;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** OpenQASM 2.0 output: exact text, exact round trips, and clear refusals. */
class QasmWriterTest {

  private static final long SEED = 20261125L;

  private static Circuit roundTrip(Circuit c) {
    return QasmParser.parse(QasmWriter.write(c), c.name() + ".qasm", Map.of());
  }

  @Test
  void writesRegistersGatesAndConditionsAsQelib1Text() {
    Circuit c = new Circuit("bell", List.of(new Register("q", 0, 2)),
        List.of(new Register("c", 0, 2), new Register("flag", 2, 1)),
        List.of(new Operation.GateOp(Gate.of(GateKind.H), List.of(0)),
            new Operation.GateOp(Gate.controlled(GateKind.X, 1), List.of(0, 1)),
            new Operation.GateOp(Gate.of(GateKind.RZ, -0.25), List.of(1), new Condition(List.of(2), 1)),
            new Operation.Barrier(List.of(0, 1)),
            new Operation.Measure(0, 0), new Operation.Measure(1, 1),
            new Operation.Reset(0, new Condition(List.of(0, 1), 3))));
    assertEquals("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\ncreg flag[1];\n"
        + "h q[0];\ncx q[0],q[1];\nif(flag==1) rz(-0.25) q[1];\nbarrier q[0],q[1];\n"
        + "measure q[0] -> c[0];\nmeasure q[1] -> c[1];\nif(c==3) reset q[0];\n", QasmWriter.write(c));
    assertEquals(c, roundTrip(c));
  }

  /** Every gate the writer can name, with random parameters, survives write then parse exactly. */
  @Test
  void everyWritableGateRoundTripsExactly() {
    Random rnd = new Random(SEED);
    List<Gate> gates = new ArrayList<>();
    for (GateKind k : GateKind.values()) {
      if (k == GateKind.GPHASE || k == GateKind.RYY || k == GateKind.RZX) continue;
      gates.add(Gate.controlled(k, 0, randomParams(k, rnd)));
    }
    int[][] controlled = {{GateKind.X.ordinal(), 1}, {GateKind.X.ordinal(), 2}, {GateKind.X.ordinal(), 3},
        {GateKind.X.ordinal(), 4}, {GateKind.Y.ordinal(), 1}, {GateKind.Z.ordinal(), 1}, {GateKind.H.ordinal(), 1},
        {GateKind.SWAP.ordinal(), 1}, {GateKind.RX.ordinal(), 1}, {GateKind.RY.ordinal(), 1},
        {GateKind.RZ.ordinal(), 1}, {GateKind.P.ordinal(), 1}, {GateKind.U.ordinal(), 1}, {GateKind.SX.ordinal(), 1},
        {GateKind.SX.ordinal(), 3}};
    for (int[] kc : controlled) {
      GateKind k = GateKind.values()[kc[0]];
      gates.add(Gate.controlled(k, kc[1], randomParams(k, rnd)));
    }
    Circuit.Builder b = Circuit.builder(6, 2).name("all_gates");
    for (Gate g : gates) {
      List<Integer> qs = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
      java.util.Collections.shuffle(qs, rnd);
      int[] pick = qs.subList(0, g.arity()).stream().mapToInt(Integer::intValue).toArray();
      b.gate(g, pick);
    }
    b.gate(Gate.of(GateKind.RZ, -0.0), 1).gate(Gate.of(GateKind.RX, 1e-300), 2).gate(Gate.of(GateKind.RY, 4.9e-324), 3)
        .gate(Gate.of(GateKind.P, 123456789.123456789), 4).gate(Gate.of(GateKind.U, Math.PI, -Math.E, 1.0 / 3), 5);
    Circuit c = b.measure(0, 1).build();
    assertEquals(c, roundTrip(c));
  }

  private static double[] randomParams(GateKind k, Random rnd) {
    double[] p = new double[k.params()];
    for (int i = 0; i < p.length; i++) p[i] = (rnd.nextDouble() - 0.5) * 4 * Math.PI;
    return p;
  }

  @Test
  void delaysAreWrittenAsOpenQasm3AndReadBackExactly() {
    // 1/3 µs has no short decimal form: Double.toString gives the digits that read back to the same double
    Circuit c = Circuit.builder(2, 2).gate(GateKind.SX, 0).delay(0, 1e-6 / 3).delay(1, 2.5e-7).gate(Gate.controlled(GateKind.X, 1), 0, 1)
        .measure(0, 0).measure(1, 1).build();
    String text = QasmWriter.write(c);
    assertTrue(text.startsWith("OPENQASM 3.0;\ninclude \"qelib1.inc\";\n"), text);
    assertTrue(text.contains("delay[" + (1e-6 / 3) + "s] q[0];"), text);
    assertEquals(c, roundTrip(c));
    assertTrue(QasmWriter.write(Circuit.builder(1, 1).gate(GateKind.X, 0).measure(0, 0).build()).startsWith("OPENQASM 2.0;"));
  }

  @Test
  void refusesWhatOpenQasm2CannotSay() {
    assertRefused(new Circuit("g", List.of(new Register("q", 0, 1)), List.of(),
        List.of(new Operation.GateOp(Gate.of(GateKind.GPHASE, 0.3), List.of()))), "qelib1.inc has no name for gphase");
    assertRefused(Circuit.builder(2, 0).gate(Gate.of(GateKind.RYY, 0.3), 0, 1).build(), "no name for ryy with 0");
    assertRefused(Circuit.builder(3, 0).gate(Gate.controlled(GateKind.Z, 2), 0, 1, 2).build(), "no name for z with 2");
    assertRefused(Circuit.builder(1, 2).gate(Gate.of(GateKind.X), new Condition(List.of(1), 1), 0).build(),
        "not one whole classical register");
    assertRefused(Circuit.builder(1, 0).gate(Gate.of(GateKind.RX, Double.NaN), 0).build(), "not a finite number");
    assertRefused(Circuit.builder(1, 0).barrier().build(), "barrier on no qubits");
    IllegalArgumentException gap = assertThrows(IllegalArgumentException.class, () -> QasmWriter.write(
        new Circuit("gap", List.of(new Register("a", 0, 1), new Register("b", 2, 1)), List.of(), List.of())));
    assertTrue(gap.getMessage().contains("register b starts at 2, expected 1"), gap.getMessage());
    IllegalArgumentException badName = assertThrows(IllegalArgumentException.class, () -> QasmWriter.write(
        new Circuit("n", List.of(new Register("my reg", 0, 1)), List.of(), List.of())));
    assertTrue(badName.getMessage().contains("'my reg'"), badName.getMessage());
  }

  private static void assertRefused(Circuit c, String why) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QasmWriter.write(c));
    assertTrue(e.getMessage().contains("operation 0") && e.getMessage().contains(why), e.getMessage());
  }
}
