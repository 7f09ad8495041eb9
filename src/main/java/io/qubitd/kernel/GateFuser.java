package io.qubitd.kernel;

import io.qubitd.circuit.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fusion pass: merges neighbouring gates into wider unitaries. A gate joins the latest fused
 * gates on its qubits when the union stays within the width limit and the merged gate costs fewer
 * multiplications per amplitude than its parts (see {@link FusedGate#cost()}; ties merge dense
 * gates only): a 1-qubit gate folds into a neighbouring 2-qubit gate, diagonal gates fold into one
 * wide diagonal, but two Hadamards never become a 2-qubit dense matrix. A merge that alone costs
 * more is still taken when the next few gates on its qubits make the product cheaper ({@link #LOOKAHEAD}).
 * Cache blocking makes passes over memory cheap, so
 * arithmetic is what fusion has to save. Gates it commutes past act on disjoint qubits, so the
 * product is exact.
 */
public final class GateFuser {
  private GateFuser() {}

  /** Widest fused diagonal: its table of 2^10 phases stays in L1, and a diagonal costs the same at any width. */
  public static final int MAX_DIAGONAL_WIDTH = 10;

  /**
   * Widest fused permutation: like a diagonal it moves each amplitude once at any width, so a CX
   * chain fuses 7 gates to a gate, not 3 (GHZ-25: 8 permutations on 4 qubits became 4 on up to 8);
   * 2^8 cycle entries stay in L1.
   */
  public static final int MAX_PERMUTATION_WIDTH = 8;

  /**
   * How many following gates the fuser looks through when a merge alone does not lower the cost:
   * the merge is taken when absorbing the gates that come next on its qubits makes the whole
   * cheaper than its parts (qsim's and Qulacs' fusers grow gates the same way). Rotation layers
   * between CX ladders (QASMBench's dnn_n16, ising_n10, qft_n18) need it: a 1-qubit rotation
   * into a CX is a dense 2-qubit gate costing more than the two, but the rotations and CXs after
   * it on the same qubits fold in free. 4 measured best of 4, 8, 16 (model cost of the suite).
   */
  static final int LOOKAHEAD = 4;

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
    List<FusedGate> factors = new ArrayList<>(gates.size());
    for (Operation.GateOp op : gates) {
      Interruption.check();
      if (op.condition() != null) throw new IllegalArgumentException("cannot fuse a conditioned gate: " + op);
      int[] qs = op.qubits().stream().mapToInt(Integer::intValue).toArray();
      if (qs.length > StateVector.MAX_MATRIX_QUBITS) {
        throw new IllegalArgumentException("gate " + op.gate() + " acts on " + qs.length + " qubits; the fuser takes at most "
            + StateVector.MAX_MATRIX_QUBITS);
      }
      if (qs.length == 0) {
        throw new IllegalArgumentException("a gate on no qubits (global phase) cannot be fused: " + op);
      }
      factors.add(FusedGate.of(op.gate(), qs));
    }
    return fuseFactors(factors, maxWidth);
  }

  /**
   * Fuses factors applied in list order — gates, or the non-unitary operators of noisy trajectories:
   * the product is exact either way — by the same rule as {@link #fuse}. Precondition: 1 <= maxWidth <= 6,
   * every factor on 1 to 6 qubits.
   */
  public static List<FusedGate> fuseFactors(List<FusedGate> factors, int maxWidth) {
    factors = foldConjugations(factors);
    List<Node> nodes = new ArrayList<>();
    Map<Integer, Node> latest = new HashMap<>();
    for (int at = 0; at < factors.size(); at++) {
      FusedGate g = factors.get(at);
      Interruption.check();
      Set<Node> prior = new LinkedHashSet<>();
      for (int q : g.qubitsShared()) {
        Node n = latest.get(q);
        if (n != null) prior.add(n);
      }
      Node target = mergeTarget(prior, g, maxWidth, latest, factors.subList(at + 1, Math.min(factors.size(), at + 1 + LOOKAHEAD)));
      if (target == null) {
        target = new Node(g, nodes.size());
        nodes.add(target);
      } else {
        for (Node p : prior) if (p != target) p.merged = true;
        target.gate = product(prior, g);
      }
      for (int q : target.gate.qubitsShared()) {
        // a qubit of the target that a later gate already touched keeps that later gate as its latest
        Node was = latest.get(q);
        if (was == null || was == target || prior.contains(was)) latest.put(q, target);
      }
    }
    List<FusedGate> out = new ArrayList<>();
    for (Node n : nodes) if (!n.merged) out.add(n.gate);
    return mergeDiagonals(out, maxWidth);
  }

  /**
   * Folds A·D·B into one gate where A and B are 1-qubit gates on a qubit t of a diagonal or
   * permutation D and nothing else touches t between them, when the product is a diagonal or a
   * permutation that costs less than the three (H·CZ·H is CX): the greedy merge below never sees
   * this, because A·D alone is a dense gate costing more than its parts. A moves forward and B back
   * past gates that do not touch t, so the product is exact.
   */
  static List<FusedGate> foldConjugations(List<FusedGate> factors) {
    int m = factors.size();
    FusedGate[] g = factors.toArray(new FusedGate[0]);
    // next[i][j]: the next gate after i on g[i]'s j-th qubit, or -1
    int[][] next = new int[m][];
    Map<Integer, Integer> nextOn = new HashMap<>();
    for (int i = m - 1; i >= 0; i--) {
      int[] q = g[i].qubitsShared();
      next[i] = new int[q.length];
      for (int j = 0; j < q.length; j++) next[i][j] = nextOn.getOrDefault(q[j], -1);
      for (int q1 : q) nextOn.put(q1, i);
    }
    boolean changed = false;
    for (int i = 0; i < m; i++) {
      Interruption.check();
      if (g[i] == null || g[i].width() != 1 || g[i].isDiagonal()) continue;
      int j = next[i][0];
      if (j < 0 || g[j] == null || g[j].width() < 2 || !(g[j].isDiagonal() || g[j].isPermutation())) continue;
      int pos = Arrays.binarySearch(g[j].qubitsShared(), g[i].qubitsShared()[0]);
      int k = next[j][pos];
      if (k < 0 || g[k] == null || g[k].width() != 1) continue;
      FusedGate product = g[i].then(g[j]).then(g[k]);
      if (!(product.isDiagonal() || product.isPermutation()) || product.cost() >= g[i].cost() + g[j].cost() + g[k].cost()) continue;
      g[j] = product;
      next[j][pos] = next[k][0];
      g[i] = null;
      g[k] = null;
      changed = true;
    }
    if (!changed) return factors;
    List<FusedGate> out = new ArrayList<>(m);
    for (FusedGate x : g) if (x != null) out.add(x);
    return out;
  }

  /**
   * Folds diagonal gates on disjoint qubits into one wide diagonal: a later diagonal moves back to
   * the open one when no gate in between touches its qubits (so the move is exact).
   */
  private static List<FusedGate> mergeDiagonals(List<FusedGate> gates, int maxWidth) {
    int limit = Math.max(maxWidth, MAX_DIAGONAL_WIDTH);
    List<FusedGate> out = new ArrayList<>(gates.size());
    int open = -1;
    BitSet touched = new BitSet();
    for (FusedGate g : gates) {
      if (g.isDiagonal()) {
        boolean free = true;
        for (int q : g.qubitsShared()) free &= !touched.get(q);
        if (open >= 0 && free && FusedGate.union(out.get(open).qubitsShared(), g.qubitsShared()).length <= limit) {
          out.set(open, out.get(open).then(g));
          continue;
        }
        out.add(g);
        open = out.size() - 1;
        touched.clear();
        continue;
      }
      out.add(g);
      for (int q : g.qubitsShared()) touched.set(q);
    }
    return out;
  }

  /**
   * The node that absorbs {@code g} and all of {@code prior}, or null. Every prior node but the
   * last must be the latest gate on all its qubits, so moving it forward past the nodes in between
   * is exact. A merge that costs at least its parts is still taken when the gates of {@code next}
   * that act only on the merged gate's qubits, up to the first that reaches beyond them (gates on
   * other qubits commute past), bring the product below the parts (see {@link #LOOKAHEAD}).
   */
  private static Node mergeTarget(Set<Node> prior, FusedGate g, int maxWidth, Map<Integer, Node> latest,
                                  List<FusedGate> next) {
    if (prior.isEmpty() || g.width() > maxWidth) return null;
    int[] union = g.qubitsShared();
    boolean diagonal = g.isDiagonal(), monomial = g.isDiagonal() || g.isPermutation();
    double partsCost = g.cost();
    for (Node p : prior) {
      union = FusedGate.union(union, p.gate.qubitsShared());
      diagonal &= p.gate.isDiagonal();
      monomial &= p.gate.isDiagonal() || p.gate.isPermutation();
      partsCost += p.gate.cost();
    }
    // a product of diagonals and permutations is one of them again: it may be wider than dense gates
    int limit = diagonal ? Math.max(maxWidth, MAX_DIAGONAL_WIDTH)
        : monomial ? Math.max(maxWidth, MAX_PERMUTATION_WIDTH) : maxWidth;
    if (union.length > limit) return null;
    Node last = prior.stream().max(Comparator.comparingInt(n -> n.position)).orElseThrow();
    for (Node p : prior) {
      if (p == last) continue;
      for (int q : p.gate.qubitsShared()) if (latest.get(q) != p) return null;
    }
    FusedGate merged = product(prior, g);
    // a tie merges dense gates (one fewer sweep of the block) but keeps diagonals free to join a wide diagonal
    boolean anyDiagonal = g.isDiagonal();
    for (Node p : prior) anyDiagonal |= p.gate.isDiagonal();
    boolean cheaper = merged.cost() < partsCost || merged.cost() == partsCost && !anyDiagonal;
    if (cheaper || maxWidth == 1 && merged.width() == 1) return last;
    return union.length <= maxWidth && cheaperAhead(merged, partsCost, next) ? last : null;
  }

  /** Whether {@code merged} and some of the gates after it on its qubits cost less together than apart. */
  private static boolean cheaperAhead(FusedGate merged, double partsCost, List<FusedGate> next) {
    int[] q = merged.qubitsShared();
    double apart = partsCost;
    for (FusedGate h : next) {
      int[] u = FusedGate.union(q, h.qubitsShared());
      if (u.length == q.length + h.width()) continue;
      if (u.length > q.length) return false;
      merged = merged.then(h);
      apart += h.cost();
      if (merged.cost() < apart) return true;
    }
    return false;
  }

  static FusedGate product(Set<Node> prior, FusedGate g) {
    FusedGate m = null;
    for (Node p : prior) m = m == null ? p.gate : m.then(p.gate);
    return m.then(g);
  }
}
