package io.qubitd.device.noise;

import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Schedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Lays out operations by hand, each as soon as its qubits are free, with given durations. */
final class HandSchedule {
  private final int numQubits;
  private final double[] free;
  private final List<Schedule.TimedOperation> ops = new ArrayList<>();
  private double end;

  HandSchedule(int numQubits) {
    this.numQubits = numQubits;
    this.free = new double[numQubits];
  }

  HandSchedule op(Operation op, double duration) {
    double start = 0;
    for (int q : op.qubits()) start = Math.max(start, free[q]);
    ops.add(new Schedule.TimedOperation(op, start, duration));
    for (int q : op.qubits()) free[q] = start + duration;
    end = Math.max(end, start + duration);
    return this;
  }

  HandSchedule gate(Gate g, double duration, int... qubits) {
    return op(new Operation.GateOp(g, Arrays.stream(qubits).boxed().toList()), duration);
  }

  HandSchedule gateIf(Gate g, Condition c, double duration, int... qubits) {
    return op(new Operation.GateOp(g, Arrays.stream(qubits).boxed().toList(), c), duration);
  }

  HandSchedule sx(int q, double d) { return gate(Gate.of(GateKind.SX), d, q); }

  HandSchedule x(int q, double d) { return gate(Gate.of(GateKind.X), d, q); }

  HandSchedule rz(int q, double theta) { return gate(Gate.of(GateKind.RZ, theta), 0, q); }

  HandSchedule cz(int a, int b, double d) { return gate(Gate.controlled(GateKind.Z, 1), d, a, b); }

  HandSchedule delay(int q, double t) { return op(new Operation.Delay(q, t), t); }

  HandSchedule measure(int q, int c, double d) { return op(new Operation.Measure(q, c), d); }

  HandSchedule reset(int q, double d) { return op(new Operation.Reset(q), d); }

  /** Makes every qubit wait for the last of them (a barrier on all). */
  HandSchedule align() {
    double t = Arrays.stream(free).max().orElse(0);
    Arrays.fill(free, t);
    return this;
  }

  Schedule build() { return new Schedule(numQubits, ops, end); }

  Schedule build(double duration) { return new Schedule(numQubits, ops, Math.max(end, duration)); }
}
