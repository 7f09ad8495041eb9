package io.qubitd.compile;

import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.ZMatrixRMaj;

/**
 * Peephole optimisation of a native circuit: runs of unconditioned single-qubit gates on a qubit
 * are multiplied out and resynthesised (so RZ chains, X·X and SX·SXDG vanish, and phases are
 * dropped), diagonal runs are carried through CZ (both diagonal, so they commute), and adjacent
 * equal CZ pairs cancel. Repeats until nothing changes.
 */
final class PeepholeOptimizer {
  private PeepholeOptimizer() {}

  /** Off-diagonal modulus below which a pending single-qubit product counts as diagonal. */
  private static final double DIAGONAL_TOL = 1e-12;
  private static final int MAX_PASSES = 10;

  /** The optimised operations; precondition: native operations on qubits below numQubits. */
  static List<Operation> optimize(List<Operation> ops, int numQubits) {
    List<Operation> cur = ops;
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      List<Operation> next = pass(cur, numQubits);
      boolean done = next.size() == cur.size();
      cur = next;
      if (done) break;
    }
    return cur;
  }

  private static boolean isLocal(Operation op) {
    return op instanceof Operation.GateOp g && g.condition() == null && g.qubits().size() == 1;
  }

  private static boolean isPlainCz(Operation op) {
    return op instanceof Operation.GateOp g && g.condition() == null
        && g.gate().kind() == GateKind.Z && g.gate().controls() == 1;
  }

  private static List<Operation> pass(List<Operation> ops, int numQubits) {
    List<Operation> out = new ArrayList<>(ops.size());
    ZMatrixRMaj[] pending = new ZMatrixRMaj[numQubits];
    List<ArrayDeque<Integer>> last = new ArrayList<>(numQubits);
    for (int q = 0; q < numQubits; q++) last.add(new ArrayDeque<>());
    for (Operation op : ops) {
      if (isLocal(op)) {
        int q = op.qubits().get(0);
        ZMatrixRMaj m = ((Operation.GateOp) op).gate().matrix();
        pending[q] = pending[q] == null ? m : Complex4.mult(m, pending[q]);
        continue;
      }
      boolean cz = isPlainCz(op);
      for (int q : op.qubits()) {
        if (!(cz && isDiagonal(pending[q]))) flush(q, pending, last, out);
      }
      if (cz) {
        int a = op.qubits().get(0), b = op.qubits().get(1);
        Integer ia = last.get(a).peekLast(), ib = last.get(b).peekLast();
        if (ia != null && ia.equals(ib) && isPlainCz(out.get(ia))) {
          out.set(ia, null);
          last.get(a).pollLast();
          last.get(b).pollLast();
          continue;
        }
      }
      emit(op, last, out);
    }
    for (int q = 0; q < numQubits; q++) flush(q, pending, last, out);
    List<Operation> compact = new ArrayList<>(out.size());
    for (Operation op : out) if (op != null) compact.add(op);
    return compact;
  }

  private static boolean isDiagonal(ZMatrixRMaj m) {
    if (m == null) return true;
    return Math.hypot(m.getReal(0, 1), m.getImag(0, 1)) < DIAGONAL_TOL
        && Math.hypot(m.getReal(1, 0), m.getImag(1, 0)) < DIAGONAL_TOL;
  }

  private static void flush(int q, ZMatrixRMaj[] pending, List<ArrayDeque<Integer>> last, List<Operation> out) {
    if (pending[q] == null) return;
    for (Gate g : OneQubitSynthesis.natives(pending[q])) emit(new Operation.GateOp(g, List.of(q)), last, out);
    pending[q] = null;
  }

  private static void emit(Operation op, List<ArrayDeque<Integer>> last, List<Operation> out) {
    out.add(op);
    for (int q : op.qubits()) last.get(q).addLast(out.size() - 1);
  }
}
