package io.qubitd.compile;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Schedule;
import io.qubitd.device.GateDurations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * As-soon-as-possible scheduling of a native circuit: every operation starts when its qubits are
 * free; a conditional operation also waits for the measurements that write the bits it reads, and
 * a measurement waits for earlier readers of its bit to start. A barrier aligns its qubits.
 */
public final class AsapScheduler {
  private AsapScheduler() {}

  /** The ASAP schedule; precondition: native operations only (RZ, SX, X, CZ, measure, reset, barrier, delay). */
  public static Schedule schedule(Circuit c, GateDurations d) {
    int n = c.numQubits();
    double[] free = new double[n];
    Map<Integer, Double> written = new HashMap<>();
    Map<Integer, Double> lastRead = new HashMap<>();
    // when a classical store last wrote each bit: a later measurement into it must not start before
    Map<Integer, Double> stored = new HashMap<>();
    List<Schedule.TimedOperation> timed = new ArrayList<>(c.operations().size());
    double end = 0;
    for (Operation op : c.operations()) {
      double start = 0;
      for (int q : op.qubits()) start = Math.max(start, free[q]);
      if (op.condition() != null) {
        for (int b : op.condition().clbits()) start = Math.max(start, written.getOrDefault(b, 0.0));
      }
      if (op instanceof Operation.Measure m) {
        start = Math.max(start, lastRead.getOrDefault(m.clbit(), 0.0));
        start = Math.max(start, stored.getOrDefault(m.clbit(), 0.0));
      }
      if (op instanceof Operation.Store st) {
        // after the writes of what it reads, and after earlier reads and writes of the bits it writes
        for (int b : st.reads()) start = Math.max(start, written.getOrDefault(b, 0.0));
        for (int b : st.clbits()) {
          start = Math.max(start, Math.max(lastRead.getOrDefault(b, 0.0), written.getOrDefault(b, 0.0)));
        }
      }
      double dur = duration(op, d);
      for (int q : op.qubits()) free[q] = start + dur;
      if (op.condition() != null) {
        for (int b : op.condition().clbits()) lastRead.merge(b, start, Math::max);
      }
      if (op instanceof Operation.Measure m) written.put(m.clbit(), start + dur);
      if (op instanceof Operation.Store st) {
        for (int b : st.reads()) lastRead.merge(b, start, Math::max);
        for (int b : st.clbits()) {
          written.put(b, start);
          stored.put(b, start);
        }
      }
      timed.add(new Schedule.TimedOperation(op, start, dur));
      end = Math.max(end, start + dur);
    }
    return new Schedule(n, timed, end);
  }

  /** Seconds an operation takes on the chip. */
  public static double duration(Operation op, GateDurations d) {
    if (op instanceof Operation.GateOp g) {
      if (g.qubits().size() == 2) return d.twoQubit();
      return g.gate().kind() == GateKind.RZ ? 0 : d.oneQubit();
    } else if (op instanceof Operation.Measure) {
      return d.measure();
    } else if (op instanceof Operation.Reset) {
      return d.reset();
    } else if (op instanceof Operation.Delay delay) {
      return delay.seconds();
    }
    return 0;
  }
}
