package io.qubitd.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.Topology;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import io.qubitd.device.noise.NoiseOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackerTest {

  static final ChipSpec CHIP = ChipSpec.load("wukong72");
  static final Topology TOPOLOGY = CHIP.topology();
  static final CalibrationSnapshot SNAPSHOT = CHIP.sampleTruth(72).asSnapshot("wukong72", 0, Instant.EPOCH);
  static final ChipExecutor EXECUTOR = executor(CHIP);

  static ChipExecutor executor(ChipSpec spec) {
    var dm = new DensityMatrixSimulator(new DensityMatrixSimulator.Settings(6, 64));
    return new ChipExecutor(spec, CompilerSettings.defaults(), NoiseOptions.none(), dm, dm, 6);
  }

  static Circuit ghz(int n) {
    Circuit.Builder b = Circuit.builder(n, n).gate(GateKind.H, 0);
    for (int q = 1; q < n; q++) b.gate(Gate.controlled(GateKind.X, 1), q - 1, q);
    for (int q = 0; q < n; q++) b.measure(q, q);
    return b.build();
  }

  /** Physical qubit → index of the placed circuit holding it. */
  static Map<Integer, Integer> owners(Packer.Packing p) {
    Map<Integer, Integer> owner = new HashMap<>();
    for (int r = 0; r < p.placed().size(); r++) {
      for (int q : p.placed().get(r).compiled().usedQubits()) {
        Integer before = owner.put(q, r);
        assertTrue(before == null, "qubit " + q + " is in regions " + before + " and " + r);
      }
    }
    return owner;
  }

  @Test
  void smallCircuitsShareOneRunOnDisjointRegionsWithAMargin() {
    Packer.Packing p = Packer.pack(Collections.nCopies(8, ghz(3)), SNAPSHOT, EXECUTOR, TOPOLOGY, 1, 16);
    assertEquals(8, p.placed().size(), "eight 3-qubit circuits fit on 72 qubits with a margin: deferred " + p.deferred());
    assertTrue(p.failed().isEmpty());
    Map<Integer, Integer> owner = owners(p);
    for (Packer.Placed placed : p.placed()) {
      List<Integer> used = placed.compiled().usedQubits();
      for (int q : placed.compiled().initialLayout()) assertTrue(used.contains(q), "initial layout inside its region");
      for (int q : placed.compiled().finalLayout()) assertTrue(used.contains(q), "final layout inside its region");
      for (int q : used) assertTrue(SNAPSHOT.qubit(q).usable(), "qubit " + q + " is usable");
    }
    // margin 1: no coupler joins two different regions
    for (Topology.Edge e : TOPOLOGY.edges()) {
      Integer a = owner.get(e.a()), b = owner.get(e.b());
      assertFalse(a != null && b != null && !a.equals(b), "coupler " + e + " joins regions " + a + " and " + b);
    }
    assertEquals(owner.size(), p.busyQubits());
  }

  @Test
  void withoutMarginRegionsOnlyNeedToBeDisjoint() {
    Packer.Packing p = Packer.pack(Collections.nCopies(20, ghz(3)), SNAPSHOT, EXECUTOR, TOPOLOGY, 0, 30);
    owners(p);
    Packer.Packing withMargin = Packer.pack(Collections.nCopies(20, ghz(3)), SNAPSHOT, EXECUTOR, TOPOLOGY, 1, 30);
    assertTrue(p.placed().size() > withMargin.placed().size(),
        "a margin costs room: " + p.placed().size() + " vs " + withMargin.placed().size());
    assertTrue(p.placed().size() <= 72 / 3);
    assertEquals(20, p.placed().size() + p.deferred().size());
  }

  @Test
  void theCapDefersAndACircuitTooWideForTheChipFails() {
    List<Circuit> candidates = new ArrayList<>(List.of(ghz(73)));
    candidates.addAll(Collections.nCopies(3, ghz(2)));
    Packer.Packing p = Packer.pack(candidates, SNAPSHOT, EXECUTOR, TOPOLOGY, 1, 2);
    assertEquals(List.of(0), new ArrayList<>(p.failed().keySet()));
    assertTrue(p.failed().get(0).contains("73"), p.failed().get(0));
    assertEquals(List.of(1, 2), p.placed().stream().map(Packer.Placed::candidate).toList());
    assertEquals(List.of(3), p.deferred());
  }

  @Test
  void withinDistanceIsTheCouplerBall() {
    Topology grid = Topology.grid(3, 3);
    assertEquals(java.util.Set.of(4), Packer.withinDistance(grid, List.of(4), 0));
    assertEquals(java.util.Set.of(1, 3, 4, 5, 7), Packer.withinDistance(grid, List.of(4), 1));
    assertEquals(9, Packer.withinDistance(grid, List.of(4), 2).size());
  }
}
