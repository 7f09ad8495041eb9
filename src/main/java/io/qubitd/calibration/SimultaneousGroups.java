package io.qubitd.calibration;

import io.qubitd.device.Topology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits qubits and couplers into groups that can be calibrated at the same time, as labs do:
 * no two members of a group share a qubit or a coupler between their qubits, so with spectators
 * idle in |0⟩ residual ZZ does nothing and each member's experiment is independent.
 */
public final class SimultaneousGroups {
  private SimultaneousGroups() {}

  /** Qubits in groups with no two coupled (greedy colouring in the order given: two groups on a square lattice). */
  public static List<List<Integer>> ofQubits(Topology topology, List<Integer> qubits) {
    List<List<Integer>> groups = new ArrayList<>();
    for (int q : qubits) {
      List<Integer> home = null;
      for (List<Integer> g : groups) {
        if (g.stream().noneMatch(o -> o == q || topology.coupled(o, q))) { home = g; break; }
      }
      if (home == null) { home = new ArrayList<>(); groups.add(home); }
      home.add(q);
    }
    return groups.stream().map(List::copyOf).toList();
  }

  /** Coupler indices in groups of disjoint pairs with no coupler between two pairs of a group. */
  public static List<List<Integer>> ofCouplers(Topology topology, List<Integer> couplers) {
    List<List<Integer>> groups = new ArrayList<>();
    List<Set<Integer>> blocked = new ArrayList<>();
    for (int c : couplers) {
      Topology.Edge e = topology.edges().get(c);
      int home = -1;
      for (int g = 0; g < groups.size(); g++) {
        if (!blocked.get(g).contains(e.a()) && !blocked.get(g).contains(e.b())) { home = g; break; }
      }
      if (home < 0) { groups.add(new ArrayList<>()); blocked.add(new HashSet<>()); home = groups.size() - 1; }
      groups.get(home).add(c);
      for (int q : new int[] {e.a(), e.b()}) {
        blocked.get(home).add(q);
        blocked.get(home).addAll(topology.neighbours(q));
      }
    }
    return groups.stream().map(List::copyOf).toList();
  }
}
