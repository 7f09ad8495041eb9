package io.qubitd.kernel;

import io.qubitd.circuit.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fusion pass: merges neighbouring gates into wider unitaries so the kernel makes fewer passes
 * over the state. A gate joins the latest fused gates on its qubits when the union stays within
 * the width limit; gates it commutes past act on disjoint qubits, so the order of the product is exact.
 */
public final class GateFuser {
  private GateFuser() {}

  private static final class Node {
    FusedGate gate;
    final int position;
    boolean merged;

    Node(FusedGate gate, int position) {
      this.gate = gate;
      this.position = position;
    }
  }

  /**
   * Fuses unconditioned gates, in circuit order, into gates of at most {@code maxWidth} qubits
   * (wider single gates stay alone). Precondition: 1 <= maxWidth <= 6, every gate on 1 to 6 qubits.
   */
  public static List<FusedGate> fuse(List<Operation.GateOp> gates, int maxWidth) {
    List<Node> nodes = new ArrayList<>();
    Map<Integer, Node> latest = new HashMap<>();
    for (Operation.GateOp op : gates) {
      if (op.condition() != null) throw new IllegalArgumentException("cannot fuse a conditioned gate: " + op);
      int[] qs = op.qubits().stream().mapToInt(Integer::intValue).toArray();
      if (qs.length > StateVector.MAX_MATRIX_QUBITS) {
        throw new IllegalArgumentException("gate " + op.gate() + " acts on " + qs.length + " qubits; the fuser takes at most "
            + StateVector.MAX_MATRIX_QUBITS);
      }
      if (qs.length == 0) {
        throw new IllegalArgumentException("a gate on no qubits (global phase) cannot be fused: " + op);
      }
      FusedGate g = FusedGate.of(op.gate(), qs);
      Set<Node> prior = new LinkedHashSet<>();
      for (int q : qs) {
        Node n = latest.get(q);
        if (n != null) prior.add(n);
      }
      Node target = mergeTarget(prior, g, maxWidth, latest);
      if (target == null) {
        target = new Node(g, nodes.size());
        nodes.add(target);
      } else {
        FusedGate m = null;
        for (Node p : prior) {
          m = m == null ? p.gate : m.then(p.gate);
          if (p != target) p.merged = true;
        }
        target.gate = m.then(g);
      }
      for (int q : target.gate.qubitsShared()) {
        // a qubit of the target that a later gate already touched keeps that later gate as its latest
        Node was = latest.get(q);
        if (was == null || was == target || prior.contains(was)) latest.put(q, target);
      }
    }
    List<FusedGate> out = new ArrayList<>();
    for (Node n : nodes) if (!n.merged) out.add(n.gate);
    return out;
  }

  /**
   * The node that absorbs {@code g} and all of {@code prior}, or null. Every prior node but the
   * last must be the latest gate on all its qubits, so moving it forward past the nodes in between is exact.
   */
  private static Node mergeTarget(Set<Node> prior, FusedGate g, int maxWidth, Map<Integer, Node> latest) {
    if (prior.isEmpty() || g.width() > maxWidth) return null;
    int[] union = g.qubitsShared();
    for (Node p : prior) union = FusedGate.union(union, p.gate.qubitsShared());
    if (union.length > maxWidth) return null;
    Node last = prior.stream().max(Comparator.comparingInt(n -> n.position)).orElseThrow();
    for (Node p : prior) {
      if (p == last) continue;
      for (int q : p.gate.qubitsShared()) if (latest.get(q) != p) return null;
    }
    return last;
  }
}
