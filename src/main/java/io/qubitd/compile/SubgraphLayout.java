package io.qubitd.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Placement by subgraph embedding, as Qiskit's VF2Layout: when the circuit's interaction graph
 * (logical pairs joined by a two-qubit gate) is a subgraph of the usable qubits and enabled
 * couplers, every logical qubit goes to a physical qubit such that each two-qubit gate lands on a
 * coupler, and routing adds no SWAP. The search is VF2-style backtracking (Cordella et al., 2004)
 * over logical qubits in a connectivity-first order (each next qubit the one with most neighbours
 * already placed, as VF2++ orders them), candidates with fewest free neighbours first (Warnsdorff's
 * rule), pruned by degree and by the free neighbours every placed qubit still needs for its logical
 * neighbours not yet placed. It stops after {@code callLimit} candidate tries (Qiskit's
 * {@code call_limit}), the tries left split evenly over the first qubit's remaining positions so the
 * embeddings seen are spread over the chip rather than all near the first corner tried. The
 * embeddings found are ranked by estimated error as Qiskit's VF2PostLayout scores them:
 * −Σ log(1 − e) over the circuit's gates on their qubits and couplers (native one-qubit gates, CZs,
 * readout), plus, when asked, each used qubit's decay over the unrouted circuit's duration (the
 * compiler asks for both rankings when noise-aware, as it grows regions both ways: decay alone
 * ranked worse on GHZ-12, gate errors alone miss qubits of short T1); a partial placement already
 * worse than the last of those kept is abandoned. Logical qubits without
 * two-qubit gates take the best free qubits next to the embedding.
 */
final class SubgraphLayout {
  private SubgraphLayout() {}

  /**
   * What a logical circuit asks of its qubits.
   *
   * @param weight   two-qubit gates between logical qubits a and b, symmetric
   * @param oneQubit native one-qubit gates on each logical qubit that cost an error (RZ is virtual)
   * @param measured whether each logical qubit is measured
   */
  record Load(int[][] weight, int[] oneQubit, boolean[] measured) {}

  /**
   * The {@code keep} ≥ 1 least-error embeddings (logical → physical qubit), on distinct qubit sets, found within
   * {@code callLimit} candidate tries, least error first; empty when none was found (the circuit
   * may still embed: the search gave up).
   *
   * @param idleSeconds decay of each used qubit over this time is part of the score; 0 leaves it out
   */
  static List<int[]> find(DeviceGraph g, Load load, double idleSeconds, long callLimit, int keep) {
    return new Search(g, load, idleSeconds, callLimit, keep).run();
  }

  private static final class Search {
    private final int n, numPhysical;
    private final int[][] logicalNeighbours, physicalNeighbours;
    private final int[] degree, physicalDegree;
    private final boolean[][] coupled;
    private final boolean[] available;
    /** cost[l][p]: −log of the success of logical qubit l's one-qubit gates, readout and idling on p. */
    private final double[][] cost;
    private final double[][] czCost;
    private final int[][] weight;
    private final long callLimit;
    /** Active logical qubits (with a two-qubit gate) in search order, and for each its earlier neighbours. */
    private int[] order;
    private int[][] earlier;
    private int[] later;
    private final int[] map;
    /** Physical → logical qubit placed there, −1 if none; each logical qubit's neighbours not yet placed. */
    private final int[] logicalAt, remaining;
    private final boolean[] used;
    private long calls, stopAt;
    /** Scratch: free neighbours of each candidate while candidates are sorted. */
    private final int[] freeOf;
    private final int keep;
    /** The best embeddings so far, least score first, at most {@code keep}. */
    private final List<int[]> best = new ArrayList<>();
    private final List<Double> bestScores = new ArrayList<>();
    private final List<BitSet> bestSets = new ArrayList<>();
    /** A partial placement scoring this or more cannot enter {@link #best}. */
    private double bound = Double.POSITIVE_INFINITY;

    Search(DeviceGraph g, Load load, double idleSeconds, long callLimit, int keep) {
      this.keep = Math.max(1, keep);
      n = load.weight().length;
      numPhysical = g.numQubits();
      weight = load.weight();
      this.callLimit = callLimit;
      logicalNeighbours = new int[n][];
      degree = new int[n];
      for (int a = 0; a < n; a++) {
        List<Integer> nb = new ArrayList<>();
        for (int b = 0; b < n; b++) if (b != a && weight[a][b] > 0) nb.add(b);
        logicalNeighbours[a] = nb.stream().mapToInt(Integer::intValue).toArray();
        degree[a] = nb.size();
      }
      available = new boolean[numPhysical];
      physicalNeighbours = new int[numPhysical][];
      physicalDegree = new int[numPhysical];
      coupled = new boolean[numPhysical][numPhysical];
      czCost = new double[numPhysical][numPhysical];
      for (int p = 0; p < numPhysical; p++) {
        available[p] = g.available(p);
        physicalNeighbours[p] = g.neighbours(p).stream().mapToInt(Integer::intValue).toArray();
        physicalDegree[p] = physicalNeighbours[p].length;
        for (int v : physicalNeighbours[p]) {
          coupled[p][v] = true;
          czCost[p][v] = -Math.log1p(-clamp(g.czError(p, v)));
        }
      }
      cost = new double[n][numPhysical];
      for (int p = 0; p < numPhysical; p++) {
        if (!available[p]) continue;
        double gate = -Math.log1p(-clamp(g.gateError(p))), readout = -Math.log1p(-clamp(g.readoutError(p)));
        double idle = idleSeconds > 0 ? -Math.log1p(-clamp(g.idleError(p, idleSeconds))) : 0;
        for (int l = 0; l < n; l++) cost[l][p] = load.oneQubit()[l] * gate + (load.measured()[l] ? readout : 0) + idle;
      }
      map = new int[n];
      Arrays.fill(map, -1);
      logicalAt = new int[numPhysical];
      Arrays.fill(logicalAt, -1);
      remaining = degree.clone();
      used = new boolean[numPhysical];
      freeOf = new int[numPhysical];
    }

    List<int[]> run() {
      if (!plausible()) return best;
      orderLogical();
      if (order.length == 0) return best;
      int root = order[0];
      List<Integer> starts = new ArrayList<>();
      for (int p = 0; p < numPhysical; p++) if (available[p] && physicalDegree[p] >= degree[root]) starts.add(p);
      starts.sort((x, y) -> Double.compare(cost[root][x], cost[root][y]));
      for (int k = 0; k < starts.size() && calls < callLimit; k++) {
        stopAt = calls + Math.max(1, (callLimit - calls) / (starts.size() - k));
        calls++;
        place(0, root, starts.get(k), 0);
      }
      return best;
    }

    /**
     * Quick refusals that spare a search bound to fail: more active logical qubits than usable
     * ones, a logical degree no qubit has, or an odd cycle (the circuit's graph is not bipartite)
     * on a chip whose graph is (a square lattice is).
     */
    private boolean plausible() {
      int active = 0, maxDegree = 0, free = 0, maxPhysicalDegree = 0;
      for (int l = 0; l < n; l++) if (degree[l] > 0) { active++; maxDegree = Math.max(maxDegree, degree[l]); }
      for (int p = 0; p < numPhysical; p++) {
        if (available[p]) { free++; maxPhysicalDegree = Math.max(maxPhysicalDegree, physicalDegree[p]); }
      }
      if (active > free || n > free || maxDegree > maxPhysicalDegree) return false;
      return !bipartite(physicalNeighbours, available) || bipartite(logicalNeighbours, null);
    }

    private static boolean bipartite(int[][] neighbours, boolean[] include) {
      int[] colour = new int[neighbours.length];
      int[] stack = new int[neighbours.length];
      for (int s = 0; s < neighbours.length; s++) {
        if (colour[s] != 0 || (include != null && !include[s])) continue;
        colour[s] = 1;
        int top = 0;
        stack[top++] = s;
        while (top > 0) {
          int v = stack[--top];
          for (int w : neighbours[v]) {
            if (include != null && !include[w]) continue;
            if (colour[w] == 0) { colour[w] = -colour[v]; stack[top++] = w; }
            else if (colour[w] == colour[v]) return false;
          }
        }
      }
      return true;
    }

    /** Each next logical qubit: most neighbours already ordered, then highest degree, then lowest index. */
    private void orderLogical() {
      boolean[] in = new boolean[n];
      int[] toOrdered = new int[n];
      List<Integer> out = new ArrayList<>();
      int active = 0;
      for (int l = 0; l < n; l++) if (degree[l] > 0) active++;
      while (out.size() < active) {
        int pick = -1;
        for (int l = 0; l < n; l++) {
          if (in[l] || degree[l] == 0) continue;
          if (pick < 0 || toOrdered[l] > toOrdered[pick] || (toOrdered[l] == toOrdered[pick] && degree[l] > degree[pick])) {
            pick = l;
          }
        }
        in[pick] = true;
        out.add(pick);
        for (int m : logicalNeighbours[pick]) toOrdered[m]++;
      }
      order = out.stream().mapToInt(Integer::intValue).toArray();
      earlier = new int[order.length][];
      later = new int[order.length];
      boolean[] seen = new boolean[n];
      for (int i = 0; i < order.length; i++) {
        List<Integer> e = new ArrayList<>();
        for (int m : logicalNeighbours[order[i]]) if (seen[m]) e.add(m);
        earlier[i] = e.stream().mapToInt(Integer::intValue).toArray();
        later[i] = degree[order[i]] - earlier[i].length;
        seen[order[i]] = true;
      }
    }

    /** Tries logical qubit {@code l} (order position i) on {@code p}; {@code score} is the partial placement's. */
    private void place(int i, int l, int p, double score) {
      if (!fits(i, l, p)) return;
      double s = score + cost[l][p];
      for (int m : earlier[i]) s += weight[l][m] * czCost[p][map[m]];
      if (s >= bound) return;
      map[l] = p;
      logicalAt[p] = l;
      used[p] = true;
      for (int m : logicalNeighbours[l]) remaining[m]--;
      if (!deadEnd(p)) descend(i, s);
      for (int m : logicalNeighbours[l]) remaining[m]++;
      used[p] = false;
      logicalAt[p] = -1;
      map[l] = -1;
    }

    /**
     * Whether taking {@code p} left a placed neighbour of it with fewer free neighbours than it has
     * logical neighbours still to place (a dead end a Hamiltonian path would otherwise find late).
     */
    private boolean deadEnd(int p) {
      for (int v : physicalNeighbours[p]) {
        int m = logicalAt[v];
        if (m < 0 || remaining[m] == 0) continue;
        if (free(v) < remaining[m]) return true;
      }
      return false;
    }

    private int free(int p) {
      int free = 0;
      for (int v : physicalNeighbours[p]) if (!used[v] && available[v]) free++;
      return free;
    }

    private void descend(int i, double s) {
      if (i + 1 == order.length) {
        finish(s);
      } else {
        int next = order[i + 1];
        int[] candidates = candidates(i + 1, next);
        for (int c = 0; c < candidates.length && calls < stopAt && calls < callLimit; c++) {
          calls++;
          place(i + 1, next, candidates[c], s);
        }
      }
    }

    private boolean fits(int i, int l, int p) {
      if (used[p] || !available[p] || physicalDegree[p] < degree[l]) return false;
      for (int m : earlier[i]) if (!coupled[p][map[m]]) return false;
      return free(p) >= later[i];
    }

    /**
     * Positions for order position i: next to an earlier neighbour's qubit, or anywhere when it has
     * none; fewest free neighbours first (Warnsdorff's rule, which keeps a long path from walling in
     * qubits it must still reach), cheapest among equals.
     */
    private int[] candidates(int i, int l) {
      int[] from = earlier[i].length > 0 ? physicalNeighbours[map[earlier[i][0]]] : null;
      int size = from != null ? from.length : numPhysical;
      int[] c = new int[size];
      int k = 0;
      for (int j = 0; j < size; j++) {
        int p = from != null ? from[j] : j;
        if (!available[p] || used[p]) continue;
        // insertion sort: a lattice qubit has at most four neighbours
        int at = k++;
        freeOf[p] = free(p);
        while (at > 0 && (freeOf[c[at - 1]] > freeOf[p]
            || (freeOf[c[at - 1]] == freeOf[p] && cost[l][c[at - 1]] > cost[l][p]))) {
          c[at] = c[at - 1];
          at--;
        }
        c[at] = p;
      }
      return k == size ? c : Arrays.copyOf(c, k);
    }

    /** Places the logical qubits without two-qubit gates on the cheapest free qubits, next to the embedding where possible. */
    private void finish(double score) {
      int[] full = map.clone();
      boolean[] taken = used.clone();
      double s = score;
      for (int l = 0; l < n; l++) {
        if (degree[l] > 0) continue;
        int pick = -1;
        boolean pickNear = false;
        for (int p = 0; p < numPhysical; p++) {
          if (!available[p] || taken[p]) continue;
          boolean near = false;
          for (int v : physicalNeighbours[p]) near |= taken[v];
          if (pick < 0 || (near && !pickNear) || (near == pickNear && cost[l][p] < cost[l][pick])) {
            pick = p;
            pickNear = near;
          }
        }
        if (pick < 0) return;
        full[l] = pick;
        taken[pick] = true;
        s += cost[l][pick];
      }
      if (s >= bound) return;
      // one embedding per qubit set: the others differ only in which logical qubit sits where
      BitSet qubits = new BitSet(numPhysical);
      for (int q : full) qubits.set(q);
      for (int k = 0; k < best.size(); k++) {
        if (!bestSets.get(k).equals(qubits)) continue;
        if (bestScores.get(k) <= s) return;
        best.remove(k);
        bestScores.remove(k);
        bestSets.remove(k);
        break;
      }
      int at = 0;
      while (at < bestScores.size() && bestScores.get(at) <= s) at++;
      best.add(at, full);
      bestScores.add(at, s);
      bestSets.add(at, qubits);
      if (best.size() > keep) {
        best.remove(keep);
        bestScores.remove(keep);
        bestSets.remove(keep);
      }
      if (best.size() == keep) bound = bestScores.get(keep - 1);
    }
  }

  private static double clamp(double e) { return Double.isFinite(e) ? Math.min(Math.max(e, 0), 1 - 1e-12) : 1 - 1e-12; }
}
