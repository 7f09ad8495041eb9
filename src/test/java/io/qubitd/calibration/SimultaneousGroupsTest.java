package io.qubitd.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.qubitd.device.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimultaneousGroupsTest {
  static final Topology GRID = Topology.grid(6, 12);

  @Test
  void qubitsOfASquareLatticeSplitIntoTheTwoColoursOfTheCheckerboard() {
    List<List<Integer>> groups = SimultaneousGroups.ofQubits(GRID, IntStream.range(0, 72).boxed().toList());
    assertEquals(2, groups.size());
    for (List<Integer> g : groups) {
      assertEquals(36, g.size());
      for (int a : g) for (int b : g) assertFalse(GRID.coupled(a, b), a + " and " + b + " coupled in one group");
    }
  }

  @Test
  void couplerGroupsCoverEveryCouplerWithNoCouplerBetweenPairs() {
    List<List<Integer>> groups = SimultaneousGroups.ofCouplers(GRID, IntStream.range(0, GRID.numCouplers()).boxed().toList());
    List<Integer> seen = new ArrayList<>();
    for (List<Integer> g : groups) {
      seen.addAll(g);
      for (int c : g) for (int d : g) {
        if (c == d) continue;
        Topology.Edge x = GRID.edges().get(c), y = GRID.edges().get(d);
        for (int p : new int[] {x.a(), x.b()}) for (int q : new int[] {y.a(), y.b()}) {
          assertFalse(p == q || GRID.coupled(p, q), "couplers " + x + " and " + y + " interact in one group");
        }
      }
    }
    seen.sort(null);
    assertEquals(IntStream.range(0, GRID.numCouplers()).boxed().toList(), seen);
  }
}
