package io.qubitd.kernel;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A circuit prepared for the runner: runs of unconditioned gates fused once, the operations that
 * need the classical state kept in order, and the measurements that can be deferred to the end
 * (nothing touches their qubit or reads their bit afterwards), which are sampled from the final state.
 * Unconditioned SWAPs are absorbed into a relabeling of the qubits ({@link QubitRelabeling}): the
 * steps act on positions, and final measurements read the positions their qubits ended at.
 */
final class CircuitProgram {

  sealed interface Step permits Unitary, RawGate, Measure, Reset, Store {}

  /** Fused unconditioned gates. */
  record Unitary(List<FusedGate> gates) implements Step {}

  /** A gate applied as is: conditioned, on no qubits (a global phase), or wider than the fuser takes. */
  record RawGate(Gate gate, int[] qubits, Condition condition) implements Step {}

  record Measure(int qubit, int clbit, Condition condition) implements Step {}

  record Reset(int qubit, Condition condition) implements Step {}

  /** A classical assignment ({@link Operation.Store}). */
  record Store(Operation.Store op) implements Step {}

  final List<Step> steps;
  /** Qubits measured at the end, distinct; bit j of a marginal index is finalQubits[j]. */
  final int[] finalQubits;
  /** The classical bits each final qubit writes. */
  final long[] finalClbitMasks;
  /** All classical bits written by final measurements. */
  final long finalMask;
  final int gatesBefore;
  final int gatesAfter;

  private CircuitProgram(List<Step> steps, int[] finalQubits, long[] finalClbitMasks, int gatesBefore, int gatesAfter) {
    this.steps = List.copyOf(steps);
    this.finalQubits = finalQubits;
    this.finalClbitMasks = finalClbitMasks;
    long m = 0;
    for (long x : finalClbitMasks) m |= x;
    this.finalMask = m;
    this.gatesBefore = gatesBefore;
    this.gatesAfter = gatesAfter;
  }

  /**
   * Precondition: at most 64 classical bits. With {@code keepQubitOrder} the final state holds the
   * circuit's own qubit order (SWAPs that restore it close the program), for callers that read it.
   */
  static CircuitProgram compile(Circuit c, int fusionMaxWidth, boolean keepQubitOrder) {
    List<Operation> ops = c.operations();
    boolean[] terminal = new boolean[ops.size()];
    Set<Integer> touched = new HashSet<>();
    Set<Integer> readOrWritten = new HashSet<>();
    for (int i = ops.size() - 1; i >= 0; i--) {
      Operation op = ops.get(i);
      if (op instanceof Operation.Barrier || op instanceof Operation.Delay) continue;
      if (op instanceof Operation.Measure m && m.condition() == null
          && !touched.contains(m.qubit()) && !readOrWritten.contains(m.clbit())) {
        terminal[i] = true;
        continue;
      }
      touched.addAll(op.qubits());
      if (op.condition() != null) readOrWritten.addAll(op.condition().clbits());
      if (op instanceof Operation.Measure m) readOrWritten.add(m.clbit());
      if (op instanceof Operation.Store st) {
        readOrWritten.addAll(st.clbits());
        readOrWritten.addAll(st.reads());
      }
    }
    // the last terminal measurement into a clbit decides it
    Map<Integer, Integer> clbitToQubit = new LinkedHashMap<>();
    List<Step> steps = new ArrayList<>();
    List<Operation.GateOp> pending = new ArrayList<>();
    int[] counts = new int[2];
    QubitRelabeling order = new QubitRelabeling(c.numQubits());
    for (int i = 0; i < ops.size(); i++) {
      if (QubitRelabeling.absorbs(ops.get(i))) {
        order.swap((Operation.GateOp) ops.get(i));
        counts[0]++;
        continue;
      }
      Operation op = order.onPositions(ops.get(i));
      if (terminal[i]) {
        Operation.Measure m = (Operation.Measure) op;
        clbitToQubit.put(m.clbit(), m.qubit());
      } else if (op instanceof Operation.GateOp g && g.condition() == null
          && g.qubits().size() >= 1 && g.qubits().size() <= StateVector.MAX_MATRIX_QUBITS) {
        pending.add(g);
      } else if (op instanceof Operation.GateOp g) {
        flush(pending, fusionMaxWidth, steps, counts);
        steps.add(new RawGate(g.gate(), g.qubits().stream().mapToInt(Integer::intValue).toArray(), g.condition()));
        counts[0]++;
        counts[1]++;
      } else if (op instanceof Operation.Measure m) {
        flush(pending, fusionMaxWidth, steps, counts);
        steps.add(new Measure(m.qubit(), m.clbit(), m.condition()));
      } else if (op instanceof Operation.Reset r) {
        flush(pending, fusionMaxWidth, steps, counts);
        steps.add(new Reset(r.qubit(), r.condition()));
      } else if (op instanceof Operation.Store st) {
        steps.add(new Store(st));
      }
    }
    if (keepQubitOrder) {
      List<Operation.GateOp> restore = order.restoringSwaps();
      pending.addAll(restore);
      counts[0] -= restore.size();
    }
    flush(pending, fusionMaxWidth, steps, counts);
    Map<Integer, Long> masks = new LinkedHashMap<>();
    clbitToQubit.forEach((clbit, qubit) -> masks.merge(qubit, 1L << clbit, (a, b) -> a | b));
    int[] fq = masks.keySet().stream().mapToInt(Integer::intValue).toArray();
    long[] fm = masks.values().stream().mapToLong(Long::longValue).toArray();
    return new CircuitProgram(steps, fq, fm, counts[0], counts[1]);
  }

  private static void flush(List<Operation.GateOp> pending, int width, List<Step> steps, int[] counts) {
    if (pending.isEmpty()) return;
    List<FusedGate> fused = GateFuser.fuse(pending, width);
    counts[0] += pending.size();
    counts[1] += fused.size();
    steps.add(new Unitary(fused));
    pending.clear();
  }

  /** The classical memory for final-measurement marginal index {@code key}, over branch memory {@code clbits}. */
  long clbitsOf(long clbits, int key) {
    long out = clbits & ~finalMask;
    for (int j = 0; j < finalQubits.length; j++) {
      if (((key >> j) & 1) == 1) out |= finalClbitMasks[j];
    }
    return out;
  }

  /** The classical memory for basis state {@code index}, over branch memory {@code clbits}. */
  long clbitsOfIndex(long clbits, int index) {
    long out = clbits & ~finalMask;
    for (int j = 0; j < finalQubits.length; j++) {
      if (((index >> finalQubits[j]) & 1) == 1) out |= finalClbitMasks[j];
    }
    return out;
  }
}
