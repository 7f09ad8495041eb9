package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The block plan's choice of qubit sets: fewer passes over memory, the same state. */
class BlockPlanTest {
  private static final double TOL = 1e-10;
  private static final double FLOAT_TOL = 1e-5;

  /** H on qubit 0, then CX(q, q+1) down the chain: GHZ as written with CX. */
  private static List<Operation.GateOp> cxChain(int n) {
    Circuit.Builder b = Circuit.builder(n, 0).gate(GateKind.H, 0);
    for (int q = 0; q + 1 < n; q++) b.gate(Gate.controlled(GateKind.X, 1), q, q + 1);
    return b.build().operations().stream().map(o -> (Operation.GateOp) o).toList();
  }

  @Test
  void aChainOfWidePermutationsTakesOnePassFewerWhenFewerLowQubitsAreReserved() {
    // the chain fuses to H and permutations on 0–7, 7–14, 14–21, 21–24: with the 6 lowest qubits in
    // every 16-qubit set, 7–14 and 14–21 cannot share a run and 21–24 needs a third; with 5, two runs
    List<FusedGate> ghz25 = GateFuser.fuse(cxChain(25), 4);
    assertEquals(5, ghz25.size());
    List<BlockPlan.Run> runs = BlockPlan.plan(ghz25, 25, 16);
    assertEquals(2, runs.size());
    for (BlockPlan.Run r : runs) assertTrue(r.contiguous() >= 3, "a gathered run shorter than a cache line");
    assertEquals(2, StateVector.memoryPasses(ghz25, 25));
  }

  @Test
  void aPlanReservingFewerLowQubitsGivesTheSameStateAsGateByGate() {
    int n = 18, block = 14;
    List<Operation.GateOp> ops = cxChain(n);
    List<FusedGate> fused = GateFuser.fuse(ops, 4);
    // 0–7, 7–14, 14–17 in sets of 14: 6, 5 or 4 reserved low qubits make 3 runs, 3 make 2
    List<BlockPlan.Run> runs = BlockPlan.plan(fused, n, block);
    assertEquals(2, runs.size());
    assertTrue(runs.stream().anyMatch(r -> !r.inPlace() && r.contiguous() == 3), "the second run reserves 3 low qubits");
    double[][] amps = randomAmplitudes(n, 11);
    for (KernelSettings s : List.of(sequential(4), parallel(4))) {
      StateVector reference = StateVector.fromAmplitudes(amps[0], amps[1], s);
      for (Operation.GateOp g : ops) reference.applyGate(g.gate(), g.qubits().stream().mapToInt(Integer::intValue).toArray());
      StateVector blocked = StateVector.fromAmplitudes(amps[0], amps[1], s);
      blocked.applyFused(fused, block);
      assertTrue(maxDiff(reference, blocked) < TOL, "double, " + s + ": " + maxDiff(reference, blocked));
      FloatStateVector single = FloatStateVector.fromAmplitudes(amps[0], amps[1], s);
      single.applyFused(fused, block);
      double worst = 0;
      for (int i = 0; i < 1 << n; i++) {
        worst = Math.max(worst, Math.hypot(single.re(i) - reference.re(i), single.im(i) - reference.im(i)));
      }
      assertTrue(worst < FLOAT_TOL, "single, " + s + ": " + worst);
    }
  }
}
