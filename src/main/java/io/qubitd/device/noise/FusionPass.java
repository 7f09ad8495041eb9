package io.qubitd.device.noise;

import io.qubitd.kernel.FusedGate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kernel's fusion pass ({@link io.qubitd.kernel.GateFuser}) for matrices that are not circuit
 * gates: the error unitaries and no-jump Kraus operators a trajectory draws. The matrices need not
 * be unitary; a factor joins the latest fused factors on its qubits when the union stays within
 * the width limit, and it only moves past factors on disjoint qubits, so the product is exact.
 */
final class FusionPass {
  private FusionPass() {}

  private static final class Node {
    FusedGate gate;
    final int position;
    boolean merged;

    Node(FusedGate gate, int position) {
      this.gate = gate;
      this.position = position;
    }
  }

  /** Fuses {@code gates} (applied in list order) into factors of at most {@code maxWidth} qubits; 1 ≤ maxWidth ≤ 6. */
  static List<FusedGate> fuse(List<FusedGate> gates, int maxWidth) {
    List<Node> nodes = new ArrayList<>();
    Map<Integer, Node> latest = new HashMap<>();
    for (FusedGate g : gates) {
      Set<Node> prior = new LinkedHashSet<>();
      for (int q : g.qubits()) {
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
      for (int q : target.gate.qubits()) {
        Node was = latest.get(q);
        if (was == null || was == target || prior.contains(was)) latest.put(q, target);
      }
    }
    List<FusedGate> out = new ArrayList<>();
    for (Node n : nodes) if (!n.merged) out.add(n.gate);
    return out;
  }

  /** The node that absorbs {@code g} and all of {@code prior}, or null (see GateFuser). */
  private static Node mergeTarget(Set<Node> prior, FusedGate g, int maxWidth, Map<Integer, Node> latest) {
    if (prior.isEmpty() || g.width() > maxWidth) return null;
    Set<Integer> union = new TreeSet<>();
    for (int q : g.qubits()) union.add(q);
    for (Node p : prior) for (int q : p.gate.qubits()) union.add(q);
    if (union.size() > maxWidth) return null;
    Node last = prior.stream().max(Comparator.comparingInt(n -> n.position)).orElseThrow();
    for (Node p : prior) {
      if (p == last) continue;
      for (int q : p.gate.qubits()) if (latest.get(q) != p) return null;
    }
    return last;
  }
}
