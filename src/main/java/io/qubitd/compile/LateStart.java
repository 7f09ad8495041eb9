package io.qubitd.compile;

import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Schedule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts each qubit's leading single-qubit gates as late as possible: the unconditional one-qubit
 * gates before a qubit's first other operation (two-qubit gate, measurement, reset, barrier,
 * delay) are moved to end when that operation starts, back to back and in their order, as Qiskit's
 * pulse scheduler does by default (as late as possible). A qubit waits in |0⟩ instead of in a
 * superposition: |0⟩ neither decays, dephases nor picks up residual ZZ phases from its
 * neighbours, so the chip's noise has less to act on, and a simulation of the schedule holds less
 * entanglement (an ASAP GHZ puts every target in |+⟩ at t = 0, where the couplers' ZZ entangle
 * them all while they wait their turn in the CX chain). The schedule's duration and every other
 * operation's time are unchanged.
 */
public final class LateStart {
  private LateStart() {}

  /** {@code s} with each qubit's leading one-qubit gates moved as late as possible. */
  public static Schedule delayLeadingGates(Schedule s) {
    List<Schedule.TimedOperation> ops = s.operations();
    // per qubit: indices of its leading one-qubit gates, and the start of the operation that ends them
    Map<Integer, List<Integer>> leading = new HashMap<>();
    Map<Integer, Double> until = new HashMap<>();
    boolean[] done = new boolean[s.numQubits()];
    for (int i = 0; i < ops.size(); i++) {
      Operation op = ops.get(i).operation();
      boolean oneQubitGate = op instanceof Operation.GateOp && op.qubits().size() == 1 && op.condition() == null;
      for (int q : op.qubits()) {
        if (done[q]) continue;
        if (oneQubitGate) {
          leading.computeIfAbsent(q, k -> new ArrayList<>()).add(i);
        } else {
          done[q] = true;
          until.put(q, ops.get(i).start());
        }
      }
    }
    Schedule.TimedOperation[] out = ops.toArray(new Schedule.TimedOperation[0]);
    for (Map.Entry<Integer, List<Integer>> e : leading.entrySet()) {
      Double end = until.get(e.getKey());
      if (end == null) continue; // nothing follows: a qubit with gates only keeps its ASAP times
      List<Integer> idx = e.getValue();
      double t = end;
      for (int k = idx.size() - 1; k >= 0; k--) {
        Schedule.TimedOperation x = out[idx.get(k)];
        t = Math.max(x.start(), t - x.duration());
        out[idx.get(k)] = new Schedule.TimedOperation(x.operation(), t, x.duration());
      }
    }
    return new Schedule(s.numQubits(), List.of(out), s.duration());
  }
}
