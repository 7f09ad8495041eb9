package io.qubitd.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.GateDurations;
import io.qubitd.device.Topology;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubgraphLayoutTest {
  private static final GateDurations DUR = GateDurations.defaults();

  private static Compiler compiler(Topology t) { return new Compiler(t, DUR, CompilerSettings.defaults()); }

  /**
   * {@code layers} rounds of random RY on every qubit and CZ on one of the lattice's four edge
   * classes, over logical qubits that are the lattice's qubits shuffled (logical perm[p] sits on
   * physical p in the embedding that exists), each layer's CZs in shuffled order, all measured.
   */
  private static Circuit shuffledLattice(Topology t, int layers, long seed, boolean measure) {
    int n = t.numQubits();
    Random rnd = new Random(seed);
    List<Integer> perm = new ArrayList<>();
    for (int q = 0; q < n; q++) perm.add(q);
    Collections.shuffle(perm, rnd);
    Circuit.Builder b = Circuit.builder(n, measure ? n : 0).name("lattice" + seed);
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) b.gate(Gate.of(GateKind.RY, rnd.nextDouble() * 2 * Math.PI), q);
      List<Topology.Edge> edges = new ArrayList<>(t.edges());
      Collections.shuffle(edges, rnd);
      for (Topology.Edge e : edges) {
        Topology.Position pa = t.position(e.a()), pb = t.position(e.b());
        boolean horizontal = pa.row() == pb.row();
        int parity = (horizontal ? Math.min(pa.col(), pb.col()) : Math.min(pa.row(), pb.row())) % 2;
        if ((horizontal ? 0 : 2) + parity == l % 4) b.gate(Gate.controlled(GateKind.Z, 1), perm.get(e.a()), perm.get(e.b()));
      }
    }
    if (measure) for (int q = 0; q < n; q++) b.measure(q, q);
    return b.build();
  }

  @Test
  void aShuffledCzOnEveryEdgeOfTheFullChipCompilesWithoutSwaps() {
    Topology t = Topology.grid(6, 12);
    CalibrationSnapshot snap = Chips.snapshot(t, 21, Set.of(), Set.of());
    Circuit logical = shuffledLattice(t, 10, 72, true);
    int logicalCz = 0;
    Set<List<Integer>> pairs = new HashSet<>();
    for (Operation op : logical.operations()) {
      if (op instanceof Operation.GateOp && op.qubits().size() == 2) {
        logicalCz++;
        pairs.add(List.of(op.qubits().get(0), op.qubits().get(1)));
      }
    }
    // four layers touch every coupler once: 10 layers use all 126 couplers, some twice
    assertEquals(t.edges().size(), pairs.size());
    long t0 = System.nanoTime();
    CompiledCircuit cc = compiler(t).compile(logical, snap);
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(0, cc.swaps(), "swaps");
    assertEquals(logicalCz, cc.twoQubitGates(), "each logical CZ stays one CZ");
    assertEquals(72, cc.usedQubits().size());
    int[] init = cc.initialLayout(), fin = cc.finalLayout();
    assertEquals(72, new HashSet<>(java.util.Arrays.stream(init).boxed().toList()).size(), "layout is injective");
    for (List<Integer> p : pairs) {
      assertTrue(t.coupled(init[p.get(0)], init[p.get(1)]), "logical pair " + p + " not on a coupler");
    }
    assertTrue(java.util.Arrays.equals(init, fin), "no SWAP moves a qubit");
    // every physical CZ acts on the images of a logical pair (the same pairs, nothing routed)
    Set<List<Integer>> images = new HashSet<>();
    for (List<Integer> p : pairs) {
      int a = init[p.get(0)], b = init[p.get(1)];
      images.add(List.of(Math.min(a, b), Math.max(a, b)));
    }
    for (Operation op : cc.physical().operations()) {
      if (op instanceof Operation.GateOp && op.qubits().size() == 2) {
        int a = op.qubits().get(0), b = op.qubits().get(1);
        assertTrue(images.contains(List.of(Math.min(a, b), Math.max(a, b))), "CZ on " + op.qubits());
      }
      if (op instanceof Operation.Measure m) assertEquals(init[m.clbit()], m.qubit(), "measure of bit " + m.clbit());
    }
    assertTrue(seconds < 20, "compile took " + seconds + " s");
  }

  @Test
  void aChainOverEveryQubitEmbedsAsAPathThroughTheLattice() {
    // GHZ-72: CX along 0-1-...-71 needs a Hamiltonian path of the 6x12 lattice (a snake has one)
    Topology t = Topology.grid(6, 12);
    CalibrationSnapshot snap = Chips.snapshot(t, 26, Set.of(), Set.of());
    Circuit.Builder b = Circuit.builder(72, 72).name("ghz72").gate(GateKind.H, 0);
    for (int q = 0; q + 1 < 72; q++) b.gate(Gate.controlled(GateKind.X, 1), q, q + 1);
    for (int q = 0; q < 72; q++) b.measure(q, q);
    CompiledCircuit cc = compiler(t).compile(b.build(), snap);
    assertEquals(0, cc.swaps());
    assertEquals(71, cc.twoQubitGates());
    int[] init = cc.initialLayout();
    for (int q = 0; q + 1 < 72; q++) assertTrue(t.coupled(init[q], init[q + 1]), "link " + q + " off a coupler");
  }

  @Test
  void withCouplersOffTheLatticeIsPlacedAsOnTheWholeChipAndOnlyTheirGatesAreRouted() {
    // wukong72's sampled truth has these three couplers disabled
    Topology t = Topology.grid(6, 12);
    Set<List<Integer>> cut = Set.of(List.of(27, 28), List.of(34, 35), List.of(67, 68));
    CalibrationSnapshot snap = Chips.snapshot(t, 28, Set.of(), cut);
    Circuit logical = shuffledLattice(t, 10, 74, true);
    CompiledCircuit cc = compiler(t).compile(logical, snap);
    int[] init = cc.initialLayout();
    int onCut = 0;
    for (Operation op : logical.operations()) {
      if (op instanceof Operation.GateOp && op.qubits().size() == 2) {
        int a = init[op.qubits().get(0)], b = init[op.qubits().get(1)];
        assertTrue(t.coupled(a, b), "logical pair " + op.qubits() + " placed off the lattice");
        if (cut.contains(List.of(Math.min(a, b), Math.max(a, b)))) onCut++;
      }
    }
    // each gate on a cut coupler (its qubits 3 apart over working couplers) can be done with 2 SWAPs in and 2 back
    assertTrue(onCut > 0 && cc.swaps() > 0 && cc.swaps() <= 4 * onCut, cc.swaps() + " swaps for " + onCut + " gates on cut couplers");
    // the same on a 3x3 lattice with its middle coupler off, checked against the logical unitary
    Topology small = Topology.grid(3, 3);
    CalibrationSnapshot smallSnap = Chips.snapshot(small, 29, Set.of(), Set.of(List.of(3, 4)));
    Circuit lattice9 = shuffledLattice(small, 4, 75, false);
    CompiledCircuit c9 = compiler(small).compile(lattice9, smallSnap);
    assertTrue(c9.swaps() > 0 && c9.swaps() <= 4, c9.swaps() + " swaps");
    CompilerTest.assertFaithful(lattice9, c9, small, smallSnap);
  }

  @Test
  void aSearchCutShortByTheCallLimitFallsBackToRouting() {
    Topology t = Topology.grid(6, 12);
    CalibrationSnapshot snap = Chips.snapshot(t, 27, Set.of(), Set.of());
    Circuit logical = shuffledLattice(t, 4, 73, true);
    CompilerSettings few = new CompilerSettings(2, 1, 0.5, 20, 7, true, 0, 100);
    CompiledCircuit cc = new Compiler(t, DUR, few).compile(logical, snap);
    assertTrue(cc.swaps() > 0, "100 tries cannot place 72 qubits; SABRE routes instead");
    assertEquals(72, cc.usedQubits().size());
  }

  @Test
  void embeddedCircuitsAreEquivalentToTheLogicalOnes() {
    Topology t = Topology.grid(3, 3);
    CalibrationSnapshot snap = Chips.snapshot(t, 22, Set.of(), Set.of());
    Random rnd = new Random(5);
    for (int seed = 0; seed < 4; seed++) {
      // the 3x3 lattice shuffled, with mixed gates on its edges: CX, RZZ, SWAP, CZ and random one-qubit gates
      Circuit lattice = shuffledLattice(t, 4, 100 + seed, false);
      Circuit.Builder b = Circuit.builder(9, 0).name("mixed" + seed);
      for (Operation op : lattice.operations()) {
        Operation.GateOp g = (Operation.GateOp) op;
        if (g.qubits().size() == 2) {
          int a = g.qubits().get(0), c = g.qubits().get(1);
          switch (rnd.nextInt(4)) {
            case 0 -> b.gate(Gate.controlled(GateKind.X, 1), a, c);
            case 1 -> b.gate(Gate.of(GateKind.RZZ, rnd.nextDouble() * 3), a, c);
            case 2 -> b.gate(Gate.of(GateKind.SWAP), a, c);
            default -> b.gate(Gate.controlled(GateKind.Z, 1), a, c);
          }
          b.gate(Gate.of(GateKind.U, rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()), a);
        } else {
          b.add(g);
        }
      }
      Circuit logical = b.build();
      CompiledCircuit cc = compiler(t).compile(logical, snap);
      assertEquals(0, cc.swaps(), "swaps of " + logical.name());
      CompilerTest.assertFaithful(logical, cc, t, snap);
    }
  }

  @Test
  void aTriangleCannotEmbedInASquareLatticeAndCompilesByTheFallback() {
    Topology t = Topology.grid(2, 3);
    CalibrationSnapshot snap = Chips.snapshot(t, 23, Set.of(), Set.of());
    Circuit triangle = Circuit.builder(3, 0).name("triangle")
        .gate(GateKind.H, 0)
        .gate(Gate.controlled(GateKind.X, 1), 0, 1)
        .gate(Gate.controlled(GateKind.X, 1), 1, 2)
        .gate(Gate.of(GateKind.RY, 0.7), 2)
        .gate(Gate.controlled(GateKind.X, 1), 2, 0)
        .build();
    int[][] w = {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}};
    DeviceGraph g = new DeviceGraph(t, snap, Set.of(0, 1, 2, 3, 4, 5));
    assertTrue(SubgraphLayout.find(g, new SubgraphLayout.Load(w, new int[3], new boolean[3]), 0, 1_000_000, 1).isEmpty());
    CompiledCircuit cc = compiler(t).compile(triangle, snap);
    assertTrue(cc.swaps() > 0, "a triangle on a bipartite chip needs a SWAP");
    CompilerTest.assertFaithful(triangle, cc, t, snap);
    // the same triangle on a chip that has one embeds
    Topology withTriangle = new Topology(
        List.of(new Topology.Position(0, 0), new Topology.Position(0, 1), new Topology.Position(1, 0)),
        List.of(new Topology.Edge(0, 1), new Topology.Edge(1, 2), new Topology.Edge(0, 2)));
    CalibrationSnapshot snap3 = Chips.snapshot(withTriangle, 24, Set.of(), Set.of());
    CompiledCircuit on3 = new Compiler(withTriangle, DUR, CompilerSettings.defaults()).compile(triangle, snap3);
    assertEquals(0, on3.swaps());
    CompilerTest.assertFaithful(triangle, on3, withTriangle, snap3);
  }

  @Test
  void theEmbeddingAvoidsABadQubitWhenItCan() {
    // a path of five logical qubits on the 2x3 grid 0-1-2 / 3-4-5: it fits on the five qubits left
    // when any one corner is dropped, so the bad corner must be the qubit left out
    Topology t = Topology.grid(2, 3);
    Circuit.Builder b = Circuit.builder(5, 5).name("path5").gate(GateKind.H, 0);
    for (int q = 0; q + 1 < 5; q++) b.gate(Gate.controlled(GateKind.X, 1), q, q + 1);
    for (int q = 0; q < 5; q++) b.measure(q, q);
    Circuit path = b.build();
    for (int bad : List.of(0, 2, 3, 5)) {
      CalibrationSnapshot snap = Chips.twoQuality(t, q -> q == bad);
      for (int candidates : List.of(0, 6)) {
        Compiler c = new Compiler(t, DUR, CompilerSettings.defaults().withRegionCandidates(candidates));
        CompiledCircuit cc = c.compile(path, snap);
        assertEquals(0, cc.swaps());
        assertFalse(cc.usedQubits().contains(bad), "bad qubit " + bad + " used: " + cc.usedQubits());
      }
    }
    // on the full chip a 4-ring keeps off one bad qubit in the corner square it would otherwise take
    Topology big = Topology.grid(6, 12);
    Circuit ring = Circuit.builder(4, 0).name("ring4")
        .gate(Gate.controlled(GateKind.Z, 1), 0, 1).gate(Gate.controlled(GateKind.Z, 1), 1, 2)
        .gate(Gate.controlled(GateKind.Z, 1), 2, 3).gate(Gate.controlled(GateKind.Z, 1), 3, 0).build();
    CalibrationSnapshot uniform = Chips.twoQuality(big, q -> false);
    CompiledCircuit anywhere = compiler(big).compile(ring, uniform);
    int victim = anywhere.usedQubits().get(0);
    CompiledCircuit avoiding = compiler(big).compile(ring, Chips.twoQuality(big, q -> q == victim));
    assertEquals(0, avoiding.swaps());
    assertFalse(avoiding.usedQubits().contains(victim), "bad qubit " + victim + " used: " + avoiding.usedQubits());
  }

  @Test
  void qubitsWithoutTwoQubitGatesArePlacedToo() {
    Topology t = Topology.grid(2, 3);
    CalibrationSnapshot snap = Chips.snapshot(t, 25, Set.of(), Set.of());
    Circuit c = Circuit.builder(4, 0).name("idle-partners")
        .gate(GateKind.H, 0).gate(Gate.controlled(GateKind.X, 1), 0, 2)
        .gate(Gate.of(GateKind.RX, 0.4), 1).gate(GateKind.T, 3).gate(Gate.controlled(GateKind.Z, 1), 2, 0)
        .build();
    CompiledCircuit cc = compiler(t).compile(c, snap);
    assertEquals(0, cc.swaps());
    CompilerTest.assertFaithful(c, cc, t, snap);
    int[][] w = new int[4][4];
    w[0][2] = w[2][0] = 2;
    List<int[]> found = SubgraphLayout.find(new DeviceGraph(t, snap, Set.of(0, 1, 2, 3, 4, 5)),
        new SubgraphLayout.Load(w, new int[4], new boolean[4]), 0, 1000, 3);
    assertEquals(3, found.size(), "three of the many placements kept");
    Set<Set<Integer>> sets = new HashSet<>();
    for (int[] f : found) sets.add(Set.copyOf(java.util.Arrays.stream(f).boxed().toList()));
    assertEquals(3, sets.size(), "each on its own qubits");
    int[] layout = found.get(0);
    assertEquals(4, java.util.Arrays.stream(layout).distinct().count(), "four distinct qubits");
    assertTrue(t.coupled(layout[0], layout[2]));
  }
}
