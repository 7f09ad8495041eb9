package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fused (every width), unfused, cache-blocked, sequential and parallel, double and single runs of
 * the same random circuits agree. Gate-by-gate applyGate (no fusion, no blocking) is the reference.
 */
class AgreementTest {
  private static final double TOL = 1e-10;
  private static final double FLOAT_TOL = 1e-4;
  /** Blocks smaller than the state, so a 16-qubit circuit runs in-place and gathered blocks. */
  private static final int SMALL_BLOCK = 12;

  private static StateVector gateByGate(Circuit c, KernelSettings s) {
    StateVector v = StateVector.zero(c.numQubits(), s);
    for (Operation op : c.operations()) {
      Operation.GateOp g = (Operation.GateOp) op;
      v.applyGate(g.gate(), g.qubits().stream().mapToInt(Integer::intValue).toArray());
    }
    return v;
  }

  @Test
  void randomCircuitsOn16And18QubitsAgreeOnEveryPath() {
    for (int n : new int[] {16, 18}) {
      Circuit c = RandomCircuits.random(n, 120, n);
      StateVector reference = gateByGate(c, sequential(1));
      assertEquals(1.0, reference.normSquared(), TOL);
      StateVector parallelGates = gateByGate(c, parallel(1));
      assertTrue(maxDiff(reference, parallelGates) < TOL, "gate by gate, parallel");
      for (int width = 1; width <= 5; width++) {
        StateVector seq = new IdealSimulator(sequential(width)).finalState(c);
        StateVector par = new IdealSimulator(parallel(width)).finalState(c);
        assertTrue(maxDiff(reference, seq) < TOL, n + " qubits, width " + width + " sequential: " + maxDiff(reference, seq));
        assertTrue(maxDiff(reference, par) < TOL, n + " qubits, width " + width + " parallel: " + maxDiff(reference, par));
      }
    }
  }

  @Test
  void layeredCircuitAgreesFusedBlockedParallelAndSingle() {
    Circuit c = RandomCircuits.layered(17, 6, 9);
    StateVector reference = gateByGate(c, sequential(1));
    StateVector fused = new IdealSimulator(parallel(4)).finalState(c);
    assertTrue(maxDiff(reference, fused) < TOL);
    PauliString zz = new PauliString("I".repeat(15) + "ZZ");
    double exact = reference.expectation(zz);
    double single = new IdealSimulator(parallel(4).withPrecision(Precision.SINGLE)).expectation(c, zz);
    assertEquals(exact, single, FLOAT_TOL);
    FloatStateVector f = FloatStateVector.zero(17, parallel(4));
    f.applyFused(GateFuser.fuse(c.operations().stream().map(o -> (Operation.GateOp) o).toList(), 4));
    double worst = 0;
    for (int i = 0; i < 1 << 17; i++) worst = Math.max(worst, Math.hypot(f.re(i) - reference.re(i), f.im(i) - reference.im(i)));
    assertTrue(worst < FLOAT_TOL, "single precision differs by " + worst);
  }

  /** Diagonals with qubits outside the block, in an in-place run (low qubits) and in a gathered run (high qubits). */
  @Test
  void splitDiagonalsInInPlaceAndGatheredBlocks() {
    io.qubitd.circuit.Gate cz = io.qubitd.circuit.Gate.controlled(io.qubitd.circuit.GateKind.Z, 1);
    io.qubitd.circuit.Gate rzz = io.qubitd.circuit.Gate.of(io.qubitd.circuit.GateKind.RZZ, 0.7);
    Circuit.Builder low = Circuit.builder(16, 0);
    Circuit.Builder high = Circuit.builder(16, 0);
    for (int q = 0; q < 16; q++) {
      low.gate(io.qubitd.circuit.GateKind.H, q);
      high.gate(io.qubitd.circuit.GateKind.H, q);
    }
    low.gate(io.qubitd.circuit.GateKind.SX, 1).gate(cz, 3, 15).gate(rzz, 0, 14).gate(io.qubitd.circuit.GateKind.SX, 3);
    high.gate(io.qubitd.circuit.GateKind.SX, 14).gate(cz, 2, 13).gate(rzz, 15, 1).gate(io.qubitd.circuit.GateKind.SX, 13);
    for (Circuit c : List.of(low.build(), high.build())) {
      StateVector reference = gateByGate(c, sequential(1));
      for (KernelSettings s : List.of(sequential(4), parallel(4), parallel(2))) {
        assertTrue(maxDiff(reference, new IdealSimulator(s).finalState(c)) < TOL, s.toString());
        List<FusedGate> fused = GateFuser.fuse(c.operations().stream().map(o -> (Operation.GateOp) o).toList(),
            s.fusionMaxWidth());
        StateVector blocked = StateVector.zero(16, s);
        blocked.applyFused(fused, SMALL_BLOCK);
        assertTrue(maxDiff(reference, blocked) < TOL, "blocks of 2^" + SMALL_BLOCK + ", " + s);
        FloatStateVector single = FloatStateVector.zero(16, s);
        single.applyFused(fused, SMALL_BLOCK);
        for (int i = 0; i < 1 << 16; i++) {
          assertEquals(reference.re(i), single.re(i), FLOAT_TOL);
          assertEquals(reference.im(i), single.im(i), FLOAT_TOL);
        }
      }
    }
    List<io.qubitd.kernel.FusedGate> tail = GateFuser.fuse(
        low.build().operations().subList(16, 20).stream().map(o -> (Operation.GateOp) o).toList(), 4);
    List<BlockPlan.Run> runs = BlockPlan.plan(tail, 16, SMALL_BLOCK);
    assertEquals(1, runs.size());
    assertTrue(runs.get(0).inPlace());
    assertTrue(runs.get(0).gates().stream().anyMatch(l -> l instanceof BlockPlan.SplitDiagonal));
  }
}
