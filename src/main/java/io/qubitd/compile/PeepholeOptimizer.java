package io.qubitd.compile;

import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.GateMatrices;
import io.qubitd.circuit.Operation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.ZMatrixRMaj;

/**
 * Peephole optimisation of a native circuit: runs of unconditioned single-qubit gates on a qubit
 * are multiplied out and resynthesised (so RZ chains, X·X and SX·SXDG vanish, and phases are
 * dropped), diagonal runs are carried through CZ (both diagonal, so they commute), and adjacent
 * equal CZ pairs cancel. Blocks of gates confined to one qubit pair (typically a gate next to a
 * routing SWAP) are resynthesised by KAK when that needs fewer CZ. Repeats until nothing changes.
 */
final class PeepholeOptimizer {
  private PeepholeOptimizer() {}

  /** Off-diagonal modulus below which a pending single-qubit product counts as diagonal. */
  private static final double DIAGONAL_TOL = 1e-12;
  private static final int MAX_PASSES = 10;

  /** The optimised operations; precondition: native operations on qubits below numQubits. */
  static List<Operation> optimize(List<Operation> ops, int numQubits) {
    List<Operation> cur = pass(consolidateBlocks(ops, numQubits), numQubits);
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
        pending[q] = pending[q] == null ? m : SmallMatrices.mult(m, pending[q]);
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

  /** Gates on one qubit pair, in order, with their product (the pair's first qubit is the low bit). */
  private static final class Block {
    final int a, b;
    final List<Operation> ops = new ArrayList<>();
    ZMatrixRMaj u = CZ_IDENTITY.copy();
    int cz;

    Block(int a, int b) { this.a = a; this.b = b; }

    void add(Operation op) {
      ops.add(op);
      ZMatrixRMaj m;
      if (op.qubits().size() == 2) {
        m = ((Operation.GateOp) op).gate().matrix();
        cz++;
      } else {
        ZMatrixRMaj g = ((Operation.GateOp) op).gate().matrix();
        m = op.qubits().get(0) == a ? GateMatrices.kron(ID2, g) : GateMatrices.kron(g, ID2);
      }
      u = SmallMatrices.mult(m, u);
    }
  }

  private static final ZMatrixRMaj ID2 = Gate.of(GateKind.ID).matrix();
  private static final ZMatrixRMaj CZ_IDENTITY = GateMatrices.kron(ID2, ID2);

  /**
   * Collects maximal runs of unconditioned gates on one qubit pair (single-qubit gates join the
   * open block of their qubit) and replaces each by its KAK synthesis when that has fewer CZ.
   */
  private static List<Operation> consolidateBlocks(List<Operation> ops, int numQubits) {
    List<Operation> out = new ArrayList<>(ops.size());
    Block[] open = new Block[numQubits];
    for (Operation op : ops) {
      if (isLocal(op) && open[op.qubits().get(0)] != null) {
        open[op.qubits().get(0)].add(op);
        continue;
      }
      if (isPlainCz(op)) {
        int a = op.qubits().get(0), b = op.qubits().get(1);
        if (open[a] != null && open[a] == open[b]) {
          open[a].add(op);
          continue;
        }
        close(open[a], open, out);
        close(open[b], open, out);
        Block blk = new Block(a, b);
        blk.add(op);
        open[a] = blk;
        open[b] = blk;
        continue;
      }
      for (int q : op.qubits()) close(open[q], open, out);
      out.add(op);
    }
    for (int q = 0; q < numQubits; q++) close(open[q], open, out);
    return out;
  }

  private static void close(Block blk, Block[] open, List<Operation> out) {
    if (blk == null) return;
    open[blk.a] = null;
    open[blk.b] = null;
    if (blk.cz >= 2) {
      List<Operation.GateOp> resynth = NativeDecomposer.twoQubit(blk.u, blk.a, blk.b, null);
      long cz = resynth.stream().filter(o -> o.qubits().size() == 2).count();
      if (cz < blk.cz) {
        out.addAll(resynth);
        return;
      }
    }
    out.addAll(blk.ops);
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
