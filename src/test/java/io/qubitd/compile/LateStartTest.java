package io.qubitd.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Schedule;
import io.qubitd.device.GateDurations;
import java.util.List;
import org.junit.jupiter.api.Test;

class LateStartTest {
  private static final double EPS = 1e-15;
  // round numbers so the hand-computed times are exact: 1q 30, CZ 40, measure 1000, reset 500 (ns)
  private static final GateDurations D = new GateDurations(30e-9, 40e-9, 1000e-9, 500e-9);

  @Test
  void leadingOneQubitGatesEndWhenTheQubitsFirstOtherOperationStarts() {
    Gate cz = Gate.controlled(GateKind.Z, 1);
    Circuit c = Circuit.builder(4, 2)
        .gate(GateKind.SX, 0).gate(GateKind.SX, 0).gate(GateKind.SX, 0) // 0 .. 90 (ASAP)
        .gate(Gate.of(GateKind.RZ, 0.3), 1)                             // 0 .. 0
        .gate(GateKind.SX, 1)                                           // 0 .. 30 (ASAP)
        .gate(cz, 0, 1)                                                 // 90 .. 130
        .gate(GateKind.SX, 1)                                           // 130 .. 160: not leading, stays
        .measure(0, 0)                                                  // 130 .. 1130
        .gate(GateKind.X, 2)                                            // 0 .. 30: nothing follows, stays
        .gate(Gate.of(GateKind.X), new Condition(List.of(0), 1), 3)     // conditional: waits for bit 0, 1130 .. 1160
        .gate(GateKind.SX, 3)                                           // after a conditional: not leading
        .build();
    Schedule asap = AsapScheduler.schedule(c, D);
    Schedule late = LateStart.delayLeadingGates(asap);
    assertArrayEquals(new double[] {0, 30e-9, 60e-9, 0, 0, 90e-9, 130e-9, 130e-9, 0, 1130e-9, 1160e-9}, starts(asap), EPS);
    // qubit 1: RZ then SX (30 ns) end at the CZ's start, 90: SX 60 .. 90, RZ (virtual) at 60; the rest as ASAP
    assertArrayEquals(new double[] {0, 30e-9, 60e-9, 60e-9, 60e-9, 90e-9, 130e-9, 130e-9, 0, 1130e-9, 1160e-9}, starts(late), EPS);
    assertEquals(asap.duration(), late.duration(), EPS);
    for (int i = 0; i < asap.operations().size(); i++) {
      assertEquals(asap.operations().get(i).operation(), late.operations().get(i).operation());
      assertEquals(asap.operations().get(i).duration(), late.operations().get(i).duration(), EPS);
    }
  }

  private static double[] starts(Schedule s) {
    return s.operations().stream().mapToDouble(Schedule.TimedOperation::start).toArray();
  }
}
