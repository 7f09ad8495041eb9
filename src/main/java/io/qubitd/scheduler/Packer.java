package io.qubitd.scheduler;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.circuit.Circuit;
import io.qubitd.compile.CompiledCircuit;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.Topology;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Multi-programming: places several circuits in one chip run on disjoint regions of good qubits,
 * greedily in the order given. After each placement the circuit's qubits and every qubit within
 * {@code margin} couplers of them leave the allowed set, so neighbouring regions do not share a
 * coupler (residual ZZ and CZ crosstalk stay inside a region). Pure code; no Pekko.
 */
public final class Packer {
  private Packer() {}

  /** A circuit given a region: its index among the candidates, and how it compiled there. */
  public record Placed(int candidate, CompiledCircuit compiled) {}

  /**
   * @param placed    circuits that run now, in placement order
   * @param deferred  candidate indices that did not fit beside the placed ones (they wait for a later run)
   * @param failed    candidate index → the compiler's reason, for circuits that fit nowhere even on an empty chip
   */
  public record Packing(List<Placed> placed, List<Integer> deferred, Map<Integer, String> failed) {
    public Packing {
      placed = List.copyOf(placed);
      deferred = List.copyOf(deferred);
      failed = Map.copyOf(failed);
    }

    /** Physical qubits holding a placed circuit. */
    public int busyQubits() {
      int n = 0;
      for (Placed p : placed) n += p.compiled().usedQubits().size();
      return n;
    }
  }

  /**
   * Packs {@code candidates} onto the snapshot's chip, at most {@code maxRegions} of them.
   * Precondition: margin ≥ 0, maxRegions ≥ 1.
   */
  public static Packing pack(List<Circuit> candidates, CalibrationSnapshot snapshot, ChipExecutor executor,
      Topology topology, int margin, int maxRegions) {
    Set<Integer> allowed = new TreeSet<>();
    for (int q = 0; q < topology.numQubits(); q++) if (snapshot.qubit(q).usable()) allowed.add(q);
    List<Placed> placed = new ArrayList<>();
    List<Integer> deferred = new ArrayList<>();
    Map<Integer, String> failed = new HashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      Circuit c = candidates.get(i);
      if (placed.size() >= maxRegions) {
        deferred.add(i);
        continue;
      }
      try {
        CompiledCircuit compiled = executor.compile(c, snapshot, allowed);
        placed.add(new Placed(i, compiled));
        allowed.removeAll(withinDistance(topology, compiled.usedQubits(), margin));
      } catch (IllegalArgumentException e) {
        // on an empty chip the reason is the circuit's own; beside other regions it may fit a later run
        if (placed.isEmpty()) failed.put(i, e.getMessage());
        else deferred.add(i);
      }
    }
    return new Packing(placed, deferred, failed);
  }

  /** {@code qubits} and every qubit at most {@code distance} couplers away from one of them. */
  static Set<Integer> withinDistance(Topology topology, List<Integer> qubits, int distance) {
    Map<Integer, Integer> seen = new HashMap<>();
    ArrayDeque<Integer> frontier = new ArrayDeque<>();
    for (int q : qubits) {
      seen.put(q, 0);
      frontier.add(q);
    }
    while (!frontier.isEmpty()) {
      int q = frontier.poll();
      int d = seen.get(q);
      if (d == distance) continue;
      for (int n : topology.neighbours(q)) {
        if (!seen.containsKey(n)) {
          seen.put(n, d + 1);
          frontier.add(n);
        }
      }
    }
    return seen.keySet();
  }
}
