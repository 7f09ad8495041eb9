package io.qubitd.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Schedule;
import io.qubitd.device.GateDurations;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsapSchedulerTest {
  private static final double EPS = 1e-15;
  // round numbers so the hand-computed totals are exact: 1q 30, CZ 40, measure 1000, reset 500 (ns)
  private static final GateDurations D = new GateDurations(30e-9, 40e-9, 1000e-9, 500e-9);

  private static double[] starts(Schedule s) {
    return s.operations().stream().mapToDouble(Schedule.TimedOperation::start).toArray();
  }

  @Test
  void handComputedTimes() {
    Gate cz = Gate.controlled(GateKind.Z, 1);
    Circuit c = Circuit.builder(3, 1)
        .gate(GateKind.SX, 0)                         // 0 .. 30
        .gate(Gate.of(GateKind.RZ, 0.5), 1)           // 0 .. 0 (virtual)
        .gate(cz, 0, 1)                               // 30 .. 70
        .gate(GateKind.X, 2)                          // 0 .. 30
        .measure(1, 0)                                // 70 .. 1070
        .gate(Gate.of(GateKind.X), new Condition(List.of(0), 1), 2) // waits for the bit: 1070 .. 1100
        .barrier(0, 2)                                // aligns 0 and 2 at 1100
        .gate(GateKind.SX, 0)                         // 1100 .. 1130
        .delay(1, 200e-9)                             // 1070 .. 1270
        .reset(2)                                     // 1100 .. 1600
        .build();
    Schedule s = AsapScheduler.schedule(c, D);
    double[] expected = {0, 0, 30e-9, 0, 70e-9, 1070e-9, 1100e-9, 1100e-9, 1070e-9, 1100e-9};
    double[] got = starts(s);
    for (int i = 0; i < expected.length; i++) assertEquals(expected[i], got[i], EPS, "start of op " + i);
    assertEquals(0, s.operations().get(1).duration());
    assertEquals(1600e-9, s.duration(), EPS);
  }

  @Test
  void measurementWaitsForEarlierReaderOfItsBit() {
    Circuit c = Circuit.builder(2, 1)
        .measure(0, 0)                                                 // 0 .. 1000
        .gate(Gate.of(GateKind.X), new Condition(List.of(0), 1), 1)    // 1000 .. 1030
        .gate(GateKind.X, 0)                                           // 1000 .. 1030
        .measure(0, 0)                                                 // 1030 .. 2030
        .build();
    double[] got = starts(AsapScheduler.schedule(c, D));
    assertEquals(1000e-9, got[1], EPS);
    assertEquals(1030e-9, got[3], EPS);
  }

  @Test
  void parallelChainsEndAtTheLongest() {
    Gate cz = Gate.controlled(GateKind.Z, 1);
    // qubits 0,1: SX, CZ, SX = 30 + 40 + 30; qubit 2: five SX = 150; qubit 3: RZ only = 0
    Circuit c = Circuit.builder(4, 0).gate(GateKind.SX, 0).gate(cz, 0, 1).gate(GateKind.SX, 1)
        .gate(GateKind.SX, 2).gate(GateKind.SX, 2).gate(GateKind.SX, 2).gate(GateKind.SX, 2).gate(GateKind.SX, 2)
        .gate(Gate.of(GateKind.RZ, 1.0), 3).build();
    assertEquals(150e-9, AsapScheduler.schedule(c, D).duration(), EPS);
    assertEquals(5, Compiler.depth(c));
  }
}
