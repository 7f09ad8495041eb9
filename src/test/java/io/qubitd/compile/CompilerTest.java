package io.qubitd.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.CircuitUnitary;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.GateDurations;
import io.qubitd.device.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

class CompilerTest {
  private static final double TOL = 1e-9;
  private static final GateDurations DUR = GateDurations.defaults();

  private static Compiler compiler(Topology t) { return new Compiler(t, DUR, CompilerSettings.defaults()); }

  /**
   * Checks the compiled circuit against the logical one: natives only, CZ on enabled couplers,
   * usable qubits only, and U_physical = P · U_logical(initial layout), P moving initial to final.
   */
  static void assertFaithful(Circuit logical, CompiledCircuit cc, Topology t, CalibrationSnapshot snap) {
    Map<List<Integer>, Boolean> enabled = new HashMap<>();
    for (CalibrationSnapshot.CouplerCalibration c : snap.couplers()) enabled.put(List.of(c.a(), c.b()), c.enabled());
    for (Operation op : cc.physical().operations()) {
      assertTrue(NativeDecomposer.isNative(op), "non-native " + op);
      for (int q : op.qubits()) assertTrue(snap.qubit(q).usable(), "unusable qubit " + q + " in " + op);
      if (op instanceof Operation.GateOp && op.qubits().size() == 2) {
        int a = Math.min(op.qubits().get(0), op.qubits().get(1)), b = Math.max(op.qubits().get(0), op.qubits().get(1));
        assertTrue(t.coupled(a, b) && enabled.getOrDefault(List.of(a, b), false), "CZ off an enabled coupler: " + op);
      }
    }
    assertEquals(logical.cregs(), cc.physical().cregs());
    int n = logical.numQubits();
    List<Integer> used = cc.usedQubits();
    assertEquals(n, used.size(), "routing stays on the placed region");
    int[] usedArr = used.stream().mapToInt(Integer::intValue).toArray();
    Map<Integer, Integer> idx = new HashMap<>();
    for (int i = 0; i < usedArr.length; i++) idx.put(usedArr[i], i);
    int[] init = cc.initialLayout(), fin = cc.finalLayout();
    // the logical circuit placed by the initial layout, on used-qubit indices
    Circuit.Builder ref = Circuit.builder(n, 0);
    for (Operation op : logical.operations()) {
      Operation.GateOp g = (Operation.GateOp) op;
      ref.add(new Operation.GateOp(g.gate(), g.qubits().stream().map(q -> idx.get(init[q])).toList()));
    }
    ZMatrixRMaj uRef = TestMatrices.unitaryOn(ref.build(), identity(n));
    ZMatrixRMaj perm = new ZMatrixRMaj(1 << n, 1 << n);
    for (int x = 0; x < (1 << n); x++) {
      int y = 0;
      for (int l = 0; l < n; l++) if (((x >> idx.get(init[l])) & 1) != 0) y |= 1 << idx.get(fin[l]);
      perm.set(y, x, 1, 0);
    }
    ZMatrixRMaj expected = SmallMatrices.mult(perm, uRef);
    ZMatrixRMaj actual = TestMatrices.unitaryOn(cc.physical(), usedArr);
    double d = CircuitUnitary.distanceUpToPhase(actual, expected);
    assertTrue(d < TOL, logical.name() + ": compiled unitary differs by " + d);
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    return a;
  }

  @Test
  void randomCircuitsOnSmallAndFullGridAreFaithful() {
    Topology[] tops = {Topology.grid(2, 3), Topology.grid(6, 12)};
    for (Topology t : tops) {
      CalibrationSnapshot snap = Chips.snapshot(t, 5, Set.of(), Set.of());
      Compiler c = compiler(t);
      int swaps = 0;
      for (int seed = 0; seed < 12; seed++) {
        int n = 3 + seed % 4;
        Circuit logical = Chips.randomCircuit(n, 20 + (seed * 7) % 41, 100 + seed);
        CompiledCircuit cc = c.compile(logical, snap);
        assertFaithful(logical, cc, t, snap);
        assertEquals(t.numQubits(), cc.physical().numQubits());
        swaps += cc.swaps();
      }
      assertTrue(swaps > 0, "the random circuits should need routing");
    }
  }

  @Test
  void unoptimisedOutputIsFaithfulToo() {
    Topology t = Topology.grid(2, 3);
    CalibrationSnapshot snap = Chips.snapshot(t, 6, Set.of(), Set.of());
    Compiler c = new Compiler(t, DUR, new CompilerSettings(2, 1, 0.5, 10, 7, false, 0, 1000));
    for (int seed = 0; seed < 4; seed++) {
      Circuit logical = Chips.randomCircuit(4 + seed % 3, 30, 200 + seed);
      assertFaithful(logical, c.compile(logical, snap), t, snap);
    }
  }

  @Test
  void deadCouplersAndQubitsAreAvoidedWithDetours() {
    // 2x3 grid 0-1-2 over 3-4-5; with qubit 4 dead and coupler 1-2 cut the usable graph is the
    // path 3-0-1 plus the pair 2-5, so a 3-qubit circuit must live on the path 3-0-1
    Topology t = Topology.grid(2, 3);
    CalibrationSnapshot snap = Chips.snapshot(t, 8, Set.of(4), Set.of(List.of(1, 2)));
    Compiler c = compiler(t);
    for (int seed = 0; seed < 4; seed++) {
      Circuit logical = Chips.randomCircuit(3, 40, 300 + seed);
      CompiledCircuit cc = c.compile(logical, snap);
      assertFaithful(logical, cc, t, snap);
      assertEquals(List.of(0, 1, 3), cc.usedQubits());
    }
    // with coupler 1-4 cut the grid is a 6-cycle: the CXs across it need SWAPs around the cycle
    Topology t2 = Topology.grid(2, 3);
    CalibrationSnapshot snap2 = Chips.snapshot(t2, 9, Set.of(), Set.of(List.of(1, 4)));
    Circuit.Builder allPairs = Circuit.builder(6, 0).name("all-pairs");
    for (int a = 0; a < 6; a++) {
      allPairs.gate(GateKind.H, a);
      for (int b = a + 1; b < 6; b++) allPairs.gate(Gate.controlled(GateKind.X, 1), a, b);
    }
    Circuit ring = allPairs.build();
    CompiledCircuit cc = c.compile(ring, snap2);
    assertFaithful(ring, cc, t2, snap2);
    assertTrue(cc.swaps() > 0);
    // the full chip with a scattering of dead qubits and cut couplers
    Topology big = Topology.grid(6, 12);
    Set<List<Integer>> cut = new HashSet<>();
    java.util.Random rnd = new java.util.Random(15);
    for (Topology.Edge e : big.edges()) if (rnd.nextDouble() < 0.25) cut.add(List.of(e.a(), e.b()));
    CalibrationSnapshot holes = Chips.snapshot(big, 16, Set.of(3, 14, 25, 38, 50, 61), cut);
    Compiler cb = compiler(big);
    for (int seed = 0; seed < 6; seed++) {
      Circuit logical = Chips.randomCircuit(4 + seed % 3, 40, 400 + seed);
      assertFaithful(logical, cb.compile(logical, holes), big, holes);
    }
  }

  @Test
  void impossiblePlacementThrowsWithSizes() {
    Topology t = Topology.grid(2, 3);
    CalibrationSnapshot snap = Chips.snapshot(t, 8, Set.of(1, 4), Set.of());
    Circuit logical = Chips.randomCircuit(3, 10, 1);
    CompileException e = assertThrows(CompileException.class, () -> compiler(t).compile(logical, snap));
    assertTrue(e.getMessage().contains("needs 3") && e.getMessage().contains("has 2"), e.getMessage());
    CompileException wide = assertThrows(CompileException.class,
        () -> compiler(t).compile(Chips.randomCircuit(7, 10, 2), snap));
    assertTrue(wide.getMessage().contains("7"), wide.getMessage());
  }

  @Test
  void allowedQubitsRestrictPlacement() {
    Topology t = Topology.grid(6, 12);
    CalibrationSnapshot snap = Chips.snapshot(t, 10, Set.of(), Set.of());
    Set<Integer> allowed = Set.of(40, 41, 42, 52, 53, 54);
    Circuit logical = Chips.randomCircuit(5, 30, 3);
    CompiledCircuit cc = compiler(t).compile(logical, snap, allowed);
    assertTrue(allowed.containsAll(cc.usedQubits()), "used " + cc.usedQubits());
    assertFaithful(logical, cc, t, snap);
  }

  @Test
  void placementAvoidsAClearlyBadRegion() {
    Topology t = Topology.grid(6, 12);
    // left half and the bottom rows are bad; the good island is rows 0-3, columns 6-11
    CalibrationSnapshot snap = Chips.twoQuality(t, q -> t.position(q).col() < 6 || t.position(q).row() > 3);
    Circuit logical = Chips.randomCircuit(6, 40, 4);
    CompiledCircuit cc = compiler(t).compile(logical, snap);
    for (int q : cc.usedQubits()) {
      assertTrue(t.position(q).col() >= 6 && t.position(q).row() <= 3, "placed on bad qubit " + q);
    }
    // the mirror image: good qubits on the left only
    CalibrationSnapshot mirror = Chips.twoQuality(t, q -> t.position(q).col() >= 3);
    CompiledCircuit left = compiler(t).compile(logical, mirror);
    for (int q : left.usedQubits()) assertTrue(t.position(q).col() < 3, "placed on bad qubit " + q);
  }

  @Test
  void sameSeedSameOutput() {
    Topology t = Topology.grid(6, 12);
    CalibrationSnapshot snap = Chips.snapshot(t, 11, Set.of(5, 17), Set.of(List.of(30, 31)));
    Circuit logical = Chips.randomCircuit(6, 60, 5);
    CompiledCircuit a = compiler(t).compile(logical, snap), b = compiler(t).compile(logical, snap);
    assertEquals(a.physical(), b.physical());
    assertArrayEquals(a.initialLayout(), b.initialLayout());
    assertArrayEquals(a.finalLayout(), b.finalLayout());
  }

  @Test
  void optimiserRemovesInversePairsAndMergesRotations() {
    Topology t = Topology.grid(2, 3);
    CalibrationSnapshot snap = Chips.snapshot(t, 12, Set.of(), Set.of());
    Gate cx = Gate.controlled(GateKind.X, 1);
    Circuit logical = Circuit.builder(2, 0).gate(GateKind.H, 0).gate(GateKind.H, 0).gate(cx, 0, 1).gate(cx, 0, 1)
        .gate(GateKind.X, 1).gate(GateKind.X, 1).gate(GateKind.SX, 0).gate(GateKind.SXDG, 0)
        .gate(Gate.of(GateKind.RZ, 0.3), 1).gate(Gate.of(GateKind.RZ, 0.4), 1).build();
    CompiledCircuit cc = compiler(t).compile(logical, snap);
    List<Operation> ops = cc.physical().operations();
    assertEquals(1, ops.size(), "only RZ(0.7) should remain: " + ops);
    Operation.GateOp rz = (Operation.GateOp) ops.get(0);
    assertEquals(GateKind.RZ, rz.gate().kind());
    assertEquals(0.7, rz.gate().param(0), 1e-12);
    assertEquals(0, cc.twoQubitGates());
  }

  @Test
  void gateNextToSwapOnTheSamePairIsResynthesisedIntoTwoCz() {
    Topology t = Topology.grid(2, 3);
    CalibrationSnapshot snap = Chips.snapshot(t, 17, Set.of(), Set.of());
    // CX then SWAP on one pair is 4 CZ as written; SWAP·CX is in the 2-CZ (iSWAP) class
    Circuit logical = Circuit.builder(2, 0).gate(Gate.controlled(GateKind.X, 1), 0, 1).gate(GateKind.SWAP, 0, 1).build();
    CompiledCircuit cc = compiler(t).compile(logical, snap);
    assertEquals(2, cc.twoQubitGates());
    assertFaithful(logical, cc, t, snap);
  }

  @Test
  void emptyAndSingleQubitCircuits() {
    Topology t = Topology.grid(2, 3);
    CalibrationSnapshot snap = Chips.twoQuality(t, q -> q != 4);
    CompiledCircuit empty = compiler(t).compile(Circuit.builder(0, 0).build(), snap);
    assertEquals(0, empty.physical().operations().size());
    assertEquals(List.of(), empty.usedQubits());
    Circuit one = Circuit.builder(1, 1).gate(GateKind.H, 0).measure(0, 0).build();
    CompiledCircuit cc = compiler(t).compile(one, snap);
    assertEquals(List.of(4), cc.usedQubits(), "the single good qubit");
    assertEquals(1.5e-6 + 30e-9, cc.schedule().duration(), 1e-15, "H is one SX between virtual RZs, then readout");
  }

  @Test
  void bellCircuitWithMeasurementsAndConditions() {
    Topology t = Topology.grid(2, 3);
    CalibrationSnapshot snap = Chips.snapshot(t, 13, Set.of(), Set.of());
    Condition c0 = new Condition(List.of(0), 1);
    Circuit logical = Circuit.builder(3, 2).gate(GateKind.H, 0).gate(Gate.controlled(GateKind.X, 1), 0, 1)
        .measure(0, 0).gate(Gate.controlled(GateKind.X, 1), c0, 1, 2).measure(2, 1).build();
    CompiledCircuit cc = compiler(t).compile(logical, snap);
    assertEquals(1, cc.twoQubitGates() - conditionalCz(cc), "one unconditioned CZ for the CX");
    assertEquals(1, conditionalCz(cc), "the conditional CX keeps its condition on its CZ");
    int[] fin = cc.finalLayout();
    List<Operation.Measure> ms = new ArrayList<>();
    for (Operation op : cc.physical().operations()) {
      if (op instanceof Operation.Measure m) ms.add(m);
      if (op instanceof Operation.GateOp g && op.condition() == null) {
        // unconditioned gates all come from h and the first cx: none acts after the measurement
        assertTrue(g.qubits().stream().noneMatch(q -> q == fin[2]) || g.qubits().size() == 2, "stray gate " + op);
      }
    }
    assertEquals(2, ms.size());
    // the conditional gates start after the measurement of bit 0 has finished
    double measured = 0;
    for (var to : cc.schedule().operations()) {
      if (to.operation() instanceof Operation.Measure m && m.clbit() == 0) measured = to.end();
    }
    for (var to : cc.schedule().operations()) {
      if (to.operation().condition() != null) assertTrue(to.start() >= measured - 1e-18, "early " + to);
    }
  }

  private static int conditionalCz(CompiledCircuit cc) {
    return (int) cc.physical().operations().stream()
        .filter(o -> o instanceof Operation.GateOp && o.qubits().size() == 2 && o.condition() != null).count();
  }

  @Test
  void scheduleOfCompiledCircuitIsConsistent() {
    Topology t = Topology.grid(6, 12);
    CalibrationSnapshot snap = Chips.snapshot(t, 14, Set.of(), Set.of());
    Circuit logical = Chips.randomCircuit(5, 50, 6).withDefaultMeasurements();
    CompiledCircuit cc = compiler(t).compile(logical, snap);
    Map<Integer, Double> busyUntil = new HashMap<>();
    double end = 0;
    Set<Integer> measuredBits = new HashSet<>();
    for (var to : cc.schedule().operations()) {
      assertEquals(AsapScheduler.duration(to.operation(), DUR), to.duration(), 0);
      for (int q : to.operation().qubits()) {
        assertTrue(to.start() >= busyUntil.getOrDefault(q, 0.0) - 1e-18, "overlap on qubit " + q + " at " + to);
        busyUntil.put(q, to.end());
      }
      if (to.operation() instanceof Operation.Measure m) measuredBits.add(m.clbit());
      end = Math.max(end, to.end());
    }
    assertEquals(end, cc.schedule().duration(), 0);
    assertEquals(5, measuredBits.size());
    assertEquals(cc.physical().operations().size(), cc.schedule().operations().size());
  }
}
