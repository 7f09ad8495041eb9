package io.qubitd.compile;

import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * SABRE routing (Li, Ding and Xie, ASPLOS 2019) on a region of the chip: execute every gate of
 * the front layer whose qubits are adjacent; otherwise insert the SWAP that minimises the mean
 * distance of the front layer plus a weighted look-ahead over upcoming two-qubit gates, scaled by
 * a decay that discourages moving the same qubits again and again.
 *
 * <p>Positions 0..n-1 index the region; the output's operations act on positions, with routing
 * SWAPs as IR {@code swap} gates.
 */
final class SabreRouter {
  private SabreRouter() {}

  record Routed(List<Operation> ops, int[] finalLayout, int swaps) {}

  private static final double DECAY_STEP = 0.001;
  private static final int DECAY_RESET = 5;
  private static final double TIE = 1e-12;

  /**
   * Routes {@code ops} (over logical qubits 0..n-1, gates of at most two qubits) from
   * {@code layout} (logical → position). Precondition: dist is the in-region hop distance, all finite.
   */
  static Routed route(List<Operation> ops, int n, int[][] dist, int[] layout, CompilerSettings settings, long seed) {
    Random rnd = new Random(seed);
    int m = ops.size();
    List<List<Integer>> succ = new ArrayList<>(m);
    int[] indeg = new int[m];
    buildDag(ops, n, succ, indeg);
    List<List<Integer>> nb = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Integer> l = new ArrayList<>();
      for (int j = 0; j < n; j++) if (dist[i][j] == 1) l.add(j);
      nb.add(l);
    }
    int[] l2p = layout.clone();
    int[] p2l = new int[n];
    for (int l = 0; l < n; l++) p2l[l2p[l]] = l;
    double[] decay = new double[n];
    Arrays.fill(decay, 1);
    List<Operation> out = new ArrayList<>(m);
    TreeSet<Integer> front = new TreeSet<>();
    for (int i = 0; i < m; i++) if (indeg[i] == 0) front.add(i);
    int swaps = 0, sinceProgress = 0, sinceDecayReset = 0;
    int valve = 10 * n + 10;
    while (!front.isEmpty()) {
      boolean any = false;
      boolean progress = true;
      while (progress) {
        progress = false;
        for (int node : new ArrayList<>(front)) {
          Operation op = ops.get(node);
          if (!executable(op, l2p, dist)) continue;
          out.add(QubitMapping.remap(op, l2p));
          front.remove(node);
          for (int s : succ.get(node)) if (--indeg[s] == 0) front.add(s);
          progress = true;
          any = true;
        }
      }
      if (front.isEmpty()) break;
      if (any) {
        Arrays.fill(decay, 1);
        sinceProgress = 0;
      }
      if (sinceProgress > valve) {
        // SABRE can oscillate; walk one gate's qubits together along a shortest path instead
        swaps += forceAdjacent(ops, front, l2p, p2l, dist, nb, out);
        sinceProgress = 0;
        continue;
      }
      List<Integer> extended = extendedSet(ops, front, succ, settings.lookaheadSize());
      int[] swap = chooseSwap(ops, front, extended, l2p, p2l, dist, nb, decay, settings.lookaheadWeight(), rnd);
      applySwap(swap[0], swap[1], l2p, p2l, out);
      decay[swap[0]] += DECAY_STEP;
      decay[swap[1]] += DECAY_STEP;
      swaps++;
      sinceProgress++;
      if (++sinceDecayReset >= DECAY_RESET) {
        Arrays.fill(decay, 1);
        sinceDecayReset = 0;
      }
    }
    return new Routed(out, l2p, swaps);
  }

  /** Dependencies: program order per qubit, and per classical bit (measure writes, conditions read). */
  private static void buildDag(List<Operation> ops, int n, List<List<Integer>> succ, int[] indeg) {
    int m = ops.size();
    for (int i = 0; i < m; i++) succ.add(new ArrayList<>());
    int[] lastOnQubit = new int[n];
    Arrays.fill(lastOnQubit, -1);
    Map<Integer, Integer> lastWriter = new HashMap<>();
    Map<Integer, List<Integer>> readers = new HashMap<>();
    for (int i = 0; i < m; i++) {
      Operation op = ops.get(i);
      Set<Integer> preds = new HashSet<>();
      for (int q : op.qubits()) if (lastOnQubit[q] >= 0) preds.add(lastOnQubit[q]);
      if (op.condition() != null) {
        for (int b : op.condition().clbits()) {
          Integer w = lastWriter.get(b);
          if (w != null) preds.add(w);
          readers.computeIfAbsent(b, k -> new ArrayList<>()).add(i);
        }
      }
      if (op instanceof Operation.Measure me) {
        Integer w = lastWriter.get(me.clbit());
        if (w != null) preds.add(w);
        List<Integer> rs = readers.remove(me.clbit());
        if (rs != null) for (int r : rs) if (r != i) preds.add(r);
        lastWriter.put(me.clbit(), i);
      }
      if (op instanceof Operation.Store st) {
        for (int b : st.reads()) {
          Integer w = lastWriter.get(b);
          if (w != null) preds.add(w);
          readers.computeIfAbsent(b, k -> new ArrayList<>()).add(i);
        }
        for (int b : st.clbits()) {
          Integer w = lastWriter.get(b);
          if (w != null && w != i) preds.add(w);
          List<Integer> rs = readers.remove(b);
          if (rs != null) for (int r : rs) if (r != i) preds.add(r);
          lastWriter.put(b, i);
        }
      }
      for (int p : preds) { succ.get(p).add(i); indeg[i]++; }
      for (int q : op.qubits()) lastOnQubit[q] = i;
    }
  }

  private static boolean isTwoQubitGate(Operation op) {
    return op instanceof Operation.GateOp g && g.qubits().size() == 2;
  }

  private static boolean executable(Operation op, int[] l2p, int[][] dist) {
    if (!isTwoQubitGate(op)) return true;
    return dist[l2p[op.qubits().get(0)]][l2p[op.qubits().get(1)]] == 1;
  }

  /** Up to {@code size} two-qubit gates that follow the front layer, nearest first. */
  private static List<Integer> extendedSet(List<Operation> ops, Set<Integer> front, List<List<Integer>> succ, int size) {
    List<Integer> ext = new ArrayList<>();
    if (size == 0) return ext;
    Set<Integer> seen = new HashSet<>(front);
    ArrayDeque<Integer> queue = new ArrayDeque<>(front);
    int budget = 20 * size + front.size();
    while (!queue.isEmpty() && ext.size() < size && budget-- > 0) {
      int node = queue.poll();
      for (int s : succ.get(node)) {
        if (!seen.add(s)) continue;
        if (isTwoQubitGate(ops.get(s))) ext.add(s);
        queue.add(s);
      }
    }
    return ext.size() > size ? ext.subList(0, size) : ext;
  }

  private static int[] chooseSwap(List<Operation> ops, Set<Integer> front, List<Integer> extended, int[] l2p,
                                  int[] p2l, int[][] dist, List<List<Integer>> nb, double[] decay, double weight,
                                  Random rnd) {
    TreeSet<Long> candidates = new TreeSet<>();
    List<Integer> front2q = new ArrayList<>();
    for (int node : front) {
      Operation op = ops.get(node);
      if (!isTwoQubitGate(op)) continue;
      front2q.add(node);
      for (int l : op.qubits()) {
        int p = l2p[l];
        for (int v : nb.get(p)) candidates.add(((long) Math.min(p, v) << 32) | Math.max(p, v));
      }
    }
    List<int[]> best = new ArrayList<>();
    double bestScore = Double.MAX_VALUE;
    for (long key : candidates) {
      int a = (int) (key >>> 32), b = (int) key;
      swapLayout(a, b, l2p, p2l);
      double f = meanDistance(ops, front2q, l2p, dist);
      double e = extended.isEmpty() ? 0 : weight * meanDistance(ops, extended, l2p, dist);
      swapLayout(a, b, l2p, p2l);
      double score = Math.max(decay[a], decay[b]) * (f + e);
      if (score < bestScore - TIE) {
        bestScore = score;
        best.clear();
        best.add(new int[] {a, b});
      } else if (score <= bestScore + TIE) {
        best.add(new int[] {a, b});
      }
    }
    return best.get(best.size() == 1 ? 0 : rnd.nextInt(best.size()));
  }

  private static double meanDistance(List<Operation> ops, List<Integer> nodes, int[] l2p, int[][] dist) {
    double s = 0;
    for (int node : nodes) {
      List<Integer> q = ops.get(node).qubits();
      s += dist[l2p[q.get(0)]][l2p[q.get(1)]];
    }
    return s / nodes.size();
  }

  /** Moves the closest front gate's first qubit along a shortest path until it neighbours the second. */
  private static int forceAdjacent(List<Operation> ops, Set<Integer> front, int[] l2p, int[] p2l, int[][] dist,
                                   List<List<Integer>> nb, List<Operation> out) {
    int pick = -1, pickDist = Integer.MAX_VALUE;
    for (int node : front) {
      Operation op = ops.get(node);
      if (!isTwoQubitGate(op)) continue;
      int d = dist[l2p[op.qubits().get(0)]][l2p[op.qubits().get(1)]];
      if (d < pickDist) { pickDist = d; pick = node; }
    }
    int from = l2p[ops.get(pick).qubits().get(0)], to = l2p[ops.get(pick).qubits().get(1)];
    int swaps = 0;
    while (dist[from][to] > 1) {
      int step = -1;
      for (int v : nb.get(from)) if (dist[v][to] == dist[from][to] - 1) { step = v; break; }
      applySwap(from, step, l2p, p2l, out);
      from = step;
      swaps++;
    }
    return swaps;
  }

  private static void applySwap(int a, int b, int[] l2p, int[] p2l, List<Operation> out) {
    out.add(new Operation.GateOp(Gate.of(GateKind.SWAP), List.of(a, b)));
    swapLayout(a, b, l2p, p2l);
  }

  private static void swapLayout(int a, int b, int[] l2p, int[] p2l) {
    int la = p2l[a], lb = p2l[b];
    p2l[a] = lb;
    p2l[b] = la;
    if (la >= 0) l2p[la] = b;
    if (lb >= 0) l2p[lb] = a;
  }
}
