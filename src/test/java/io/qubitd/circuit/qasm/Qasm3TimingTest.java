package io.qubitd.circuit.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Operation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * durationof and stretches inside boxes, against durations worked out by hand from the gate times: one-qubit
 * pulse 30 ns (a diagonal gate, a virtual Z, none), two-qubit gate 40 ns, reset 1 µs (the bundled chips').
 */
class Qasm3TimingTest {

  private static final String HEAD = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n";

  private static List<String> delays(Circuit c) {
    return c.operations().stream().filter(o -> o instanceof Operation.Delay)
        .map(o -> ((Operation.Delay) o).qubit() + ":" + Math.round(((Operation.Delay) o).seconds() * 1e12) + "ps").toList();
  }

  private static Circuit parse(String body) {
    return QasmParser.parse(HEAD + body, "t.qasm", Map.of());
  }

  @Test
  void durationofSchedulesTheBlockAsSoonAsItsQubitsAreFree() {
    // x ‖ h: 30 ns, then cx 40 ns; rz and z are virtual: 70 ns. reset 1 µs ‖ delay 100 ns, barrier, sx: 1.03 µs.
    Circuit c = parse("qubit[2] q;\nduration a = durationof({x q[0]; h q[1]; cx q[0], q[1]; rz(0.3) q[1]; z q[0];});\n"
        + "duration b = durationof({reset q[0]; delay[100ns] q[1]; barrier q; sx q[1];});\n"
        + "delay[a] q[0];\ndelay[b] q[1];\ndelay[b - 10 * a] q[0];\n");
    assertEquals(List.of("0:70000ps", "1:1030000ps", "0:330000ps"), delays(c));
    // the timed block itself does not run: only the three delays are in the program
    assertEquals(3, c.operations().size());
  }

  @Test
  void aStretchInABoxFillsItWithTheSmallestNonNegativeValues() {
    // q[0]: a + 30 ns + 2a + cx 40 ns = 1 µs, so a = 310 ns; cx waits for q[0] at 960 ns, so q[1] ends at 1 µs
    // with b = 0. q[2] has no stretch: its 30 ns pulse fits, and it idles the other 970 ns of the box.
    Circuit c = parse("qubit[3] q;\nstretch a;\nstretch b;\nbox[1us] {\n  delay[a] q[0];\n  x q[0];\n  delay[2 * a] q[0];\n"
        + "  cx q[0], q[1];\n  delay[b] q[1];\n  x q[2];\n}\n");
    assertEquals(List.of("0:310000ps", "0:620000ps", "1:0ps", "2:970000ps"), delays(c));
    // two stretches on one qubit share its room; the least total puts it all on one: 2c + d = 500 ns - 30 ns
    Circuit shared = parse("qubit q;\nstretch c;\nstretch d;\nbox[500ns] {\n  delay[c] q;\n  x q;\n  delay[c] q;\n"
        + "  delay[d] q;\n}\n");
    List<String> got = delays(shared);
    assertEquals(3, got.size());
    assertEquals(List.of("0:235000ps", "0:235000ps", "0:0ps"), got);
  }

  @Test
  void aStretchOutsideABoxIsTheSmallestValueKeepingEveryDelayNonNegative() {
    // s - 100 ns and s - 40 ns both >= 0: s = 100 ns
    Circuit c = parse("qubit q;\nstretch s;\ndelay[s - 100ns] q;\nx q;\ndelay[s - 40ns] q;\n");
    assertEquals(List.of("0:0ps", "0:60000ps"), delays(c));
  }

  @Test
  void boxesThatCannotHoldTheirContentsAreErrors() {
    QasmException tooShort = assertThrows(QasmException.class, () -> parse("qubit q;\nbox[20ns] { x q; }\n"));
    assertTrue(tooShort.getMessage().startsWith("t.qasm:4:1: box of 2.0E-8 s holds 3.0E-8 s of operations on q"),
        tooShort.getMessage());
    QasmException noRoom = assertThrows(QasmException.class,
        () -> parse("qubit q;\nstretch s;\nbox[20ns] {\n  delay[s] q;\n  x q;\n}\n"));
    assertTrue(noRoom.getMessage().startsWith("t.qasm:5:1: no non-negative stretch values"), noRoom.getMessage());
  }
}
