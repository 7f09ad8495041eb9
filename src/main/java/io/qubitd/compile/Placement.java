package io.qubitd.compile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Initial placement: a connected region of low-error qubits, and a first assignment of logical
 * qubits in it that puts strongly interacting pairs close (refined later by SABRE passes).
 */
final class Placement {
  private Placement() {}

  /** Extra CZs one SWAP costs, to price regions whose qubits lie far apart. */
  private static final int CZ_PER_SWAP = 3;

  /**
   * The connected region of {@code n} available qubits (sorted) with the lowest estimated error for
   * a circuit with {@code czCount} CZ gates. Throws CompileException when no component is big enough.
   */
  static List<Integer> chooseRegion(DeviceGraph g, int n, int czCount) {
    return candidateRegions(g, n, czCount, 1).get(0);
  }

  /**
   * Up to {@code k} ≥ 1 distinct connected regions of {@code n} available qubits, best score first.
   * Throws CompileException when no component is big enough.
   */
  static List<List<Integer>> candidateRegions(DeviceGraph g, int n, int czCount, int k) {
    if (n == 0) return List.of(List.of());
    List<List<Integer>> comps = g.components();
    int largest = comps.isEmpty() ? 0 : comps.get(0).size();
    if (largest < n) {
      throw new CompileException("circuit needs " + n + " connected qubits but the largest connected region of"
          + " usable qubits and enabled couplers has " + largest
          + (comps.isEmpty() ? " (no usable qubit is allowed)" : ""));
    }
    List<List<Integer>> regions = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    Set<Set<Integer>> seen = new HashSet<>();
    for (List<Integer> comp : comps) {
      if (comp.size() < n) break;
      for (int seed : comp) {
        List<Integer> region = grow(g, seed, n);
        if (!seen.add(new HashSet<>(region))) continue;
        regions.add(region);
        scores.add(score(g, region, czCount));
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < regions.size(); i++) order.add(i);
    // stable: among equal scores the region found first (lowest seed) comes first, as before
    order.sort((x, y) -> Double.compare(scores.get(x), scores.get(y)));
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, order.size()); i++) out.add(regions.get(order.get(i)));
    return out;
  }

  /** Greedy growth from a seed: each step adds the neighbour with least error per link into the region. */
  private static List<Integer> grow(DeviceGraph g, int seed, int n) {
    List<Integer> region = new ArrayList<>(List.of(seed));
    Set<Integer> in = new HashSet<>(region);
    while (region.size() < n) {
      int pick = -1;
      double pickCost = Double.MAX_VALUE;
      for (int q : region) {
        for (int v : g.neighbours(q)) {
          if (in.contains(v)) continue;
          double sum = 0;
          int links = 0;
          for (int u : g.neighbours(v)) {
            if (in.contains(u)) { sum += g.czError(u, v); links++; }
          }
          // more links into the region mean fewer SWAPs later, hence the division by links again
          double cost = g.qubitError(v) + sum / links / links;
          if (cost < pickCost || (cost == pickCost && v < pick)) { pickCost = cost; pick = v; }
        }
      }
      region.add(pick);
      in.add(pick);
    }
    region.sort(null);
    return region;
  }

  /** Sum of qubit errors plus the CZ error the circuit is expected to pay, SWAP overhead included. */
  static double score(DeviceGraph g, List<Integer> region, int czCount) {
    double s = 0;
    for (int q : region) s += g.qubitError(q);
    if (region.size() < 2 || czCount == 0) return s;
    double czSum = 0;
    int edges = 0;
    for (int q : region)
      for (int v : g.neighbours(q)) {
        if (v > q && region.contains(v)) { czSum += g.czError(q, v); edges++; }
      }
    int[][] d = g.distances(region);
    double distSum = 0;
    int pairs = 0;
    for (int i = 0; i < d.length; i++)
      for (int j = i + 1; j < d.length; j++) { distSum += d[i][j]; pairs++; }
    double meanDist = distSum / pairs;
    return s + czCount * (czSum / edges) * (1 + CZ_PER_SWAP * (meanDist - 1));
  }

  /**
   * Logical qubit → position in {@code region}: the most connected logical qubit on the best-connected
   * position, then each next one (most CZs to those placed) where its CZ-weighted distance is least.
   */
  static int[] initialLayout(DeviceGraph g, List<Integer> region, int[][] dist, int[][] weight) {
    int n = region.size();
    int[] layout = new int[n];
    boolean[] placed = new boolean[n], taken = new boolean[n];
    int[] total = new int[n];
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) total[i] += weight[i][j];
    for (int step = 0; step < n; step++) {
      int l = -1;
      long lKey = Long.MIN_VALUE;
      for (int i = 0; i < n; i++) {
        if (placed[i]) continue;
        int toPlaced = 0;
        for (int j = 0; j < n; j++) if (placed[j]) toPlaced += weight[i][j];
        long key = ((long) toPlaced << 32) + total[i];
        if (key > lKey) { lKey = key; l = i; }
      }
      int p = -1;
      double pCost = Double.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        if (taken[i]) continue;
        double cost = 0;
        if (step == 0) {
          int degree = 0;
          for (int j = 0; j < n; j++) if (dist[i][j] == 1) degree++;
          cost = -degree;
        } else {
          for (int j = 0; j < n; j++) if (placed[j]) cost += weight[l][j] * dist[i][layout[j]];
        }
        // qubit error only breaks ties between equally good positions
        cost += 1e-3 * g.qubitError(region.get(i));
        if (cost < pCost) { pCost = cost; p = i; }
      }
      layout[l] = p;
      placed[l] = true;
      taken[p] = true;
    }
    return layout;
  }
}
