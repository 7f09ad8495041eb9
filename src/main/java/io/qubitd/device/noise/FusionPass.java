package io.qubitd.device.noise;

import io.qubitd.kernel.FusedGate;
import io.qubitd.kernel.GateFuser;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kernel's fusion rules ({@link GateFuser}) for matrices that are not circuit gates: the error
 * unitaries and no-jump Kraus operators a trajectory draws. {@code GateFuser} only takes circuit
 * operations, so its algorithm is repeated here for raw {@link FusedGate}s: a factor joins the
 * latest fused factors on its qubits when the union stays within the width limit and the product
 * costs fewer multiplications per amplitude than its parts (ties merge dense factors only), and
 * diagonals then fold into wide diagonals. Factors only move past factors on disjoint qubits, so
 * the product is exact; the matrices need not be unitary.
 */
final class FusionPass {
  private FusionPass() {}

  private static final class Node {
    FusedGate gate;
    double cost;
    final int position;
    boolean merged;

    Node(FusedGate gate, double cost, int position) {
      this.gate = gate;
      this.cost = cost;
      this.position = position;
    }
  }

  /** A merge decision: the node that absorbs the new factor, and the product. */
  private record Merge(Node target, FusedGate product, double cost) {}

  /** Fuses {@code gates} (applied in list order) into factors of at most {@code maxWidth} qubits; 1 ≤ maxWidth ≤ 6. */
  static List<FusedGate> fuse(List<FusedGate> gates, int maxWidth) {
    List<Node> nodes = new ArrayList<>();
    Map<Integer, Node> latest = new HashMap<>();
    for (FusedGate g : gates) {
      int[] qs = g.qubits();
      Set<Node> prior = new LinkedHashSet<>();
      for (int q : qs) {
        Node n = latest.get(q);
        if (n != null) prior.add(n);
      }
      Merge m = merge(prior, g, maxWidth, latest);
      Node target;
      if (m == null) {
        target = new Node(g, cost(g), nodes.size());
        nodes.add(target);
      } else {
        target = m.target();
        for (Node p : prior) if (p != target) p.merged = true;
        target.gate = m.product();
        target.cost = m.cost();
      }
      for (int q : target.gate.qubits()) {
        // a qubit of the target that a later factor already touched keeps that later factor as its latest
        Node was = latest.get(q);
        if (was == null || was == target || prior.contains(was)) latest.put(q, target);
      }
    }
    List<FusedGate> out = new ArrayList<>();
    for (Node n : nodes) if (!n.merged) out.add(n.gate);
    return mergeDiagonals(out, maxWidth);
  }

  /**
   * Multiplications per amplitude, in units of one complex product, as the kernel counts them: a
   * dense k-qubit factor costs 2^k (half when real, which the kernel applies with real arithmetic),
   * a diagonal 1 whatever its width.
   */
  static double cost(FusedGate g) {
    if (g.isDiagonal()) return 1;
    double c = 1 << g.width();
    double[] data = g.matrix().data;
    for (int i = 1; i < data.length; i += 2) if (data[i] != 0) return c;
    return c / 2;
  }

  /**
   * The node that absorbs {@code g} and all of {@code prior}, or null. Every prior node but the
   * last must be the latest factor on all its qubits, so moving it forward past the nodes in between is exact.
   */
  private static Merge merge(Set<Node> prior, FusedGate g, int maxWidth, Map<Integer, Node> latest) {
    if (prior.isEmpty() || g.width() > maxWidth) return null;
    BitSet union = bits(g);
    boolean diagonal = g.isDiagonal(), anyDiagonal = g.isDiagonal();
    double partsCost = cost(g);
    Node last = null;
    for (Node p : prior) {
      union.or(bits(p.gate));
      diagonal &= p.gate.isDiagonal();
      anyDiagonal |= p.gate.isDiagonal();
      partsCost += p.cost;
      if (last == null || p.position > last.position) last = p;
    }
    if (union.cardinality() > (diagonal ? Math.max(maxWidth, GateFuser.MAX_DIAGONAL_WIDTH) : maxWidth)) return null;
    for (Node p : prior) {
      if (p == last) continue;
      for (int q : p.gate.qubits()) if (latest.get(q) != p) return null;
    }
    FusedGate product = null;
    for (Node p : prior) product = product == null ? p.gate : product.then(p.gate);
    product = product.then(g);
    double cost = cost(product);
    // a tie merges dense factors (one fewer sweep of the block) but keeps diagonals free to join a wide diagonal
    boolean cheaper = cost < partsCost || cost == partsCost && !anyDiagonal;
    return cheaper || maxWidth == 1 && product.width() == 1 ? new Merge(last, product, cost) : null;
  }

  /**
   * Folds diagonals on disjoint qubits into one wide diagonal: a later diagonal moves back to the
   * open one when no factor in between touches its qubits (so the move is exact).
   */
  private static List<FusedGate> mergeDiagonals(List<FusedGate> gates, int maxWidth) {
    int limit = Math.max(maxWidth, GateFuser.MAX_DIAGONAL_WIDTH);
    List<FusedGate> out = new ArrayList<>(gates.size());
    int open = -1;
    BitSet touched = new BitSet();
    for (FusedGate g : gates) {
      BitSet qs = bits(g);
      if (g.isDiagonal()) {
        BitSet union = bits(g);
        if (open >= 0) union.or(bits(out.get(open)));
        if (open >= 0 && !qs.intersects(touched) && union.cardinality() <= limit) {
          out.set(open, out.get(open).then(g));
          continue;
        }
        out.add(g);
        open = out.size() - 1;
        touched.clear();
        continue;
      }
      out.add(g);
      touched.or(qs);
    }
    return out;
  }

  private static BitSet bits(FusedGate g) {
    BitSet b = new BitSet();
    for (int q : g.qubits()) b.set(q);
    return b;
  }
}
