package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.qasm.QasmParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fuser's lookahead: a merge that costs more than its parts is taken when the gates after it
 * on the same qubits make the product cheaper, and only then. Results against gate-by-gate
 * application (a path that does not fuse).
 */
class FusionLookaheadTest {
  private static final double TOL = 1e-10;

  /** The circuit's unconditioned gates (measurements and barriers dropped). */
  private static List<Operation.GateOp> ops(Circuit c) {
    return c.operations().stream().filter(o -> o instanceof Operation.GateOp g && g.condition() == null)
        .map(o -> (Operation.GateOp) o).toList();
  }

  private static void assertAgrees(List<Operation.GateOp> ops, List<FusedGate> fused, int n, int block) {
    assertFusedMatchesGateByGate(ops, fused, n, randomAmplitudes(n, 17), new int[] {block, n}, TOL, Double.NaN);
  }

  @Test
  void rotationsAroundCxFuseIntoOneGateThatTheGreedyMergeAloneRefuses() {
    SplittableRandom r = new SplittableRandom(3);
    Circuit.Builder b = Circuit.builder(2, 0);
    for (int layer = 0; layer < 2; layer++) {
      b.gate(Gate.of(GateKind.RX, r.nextDouble(0, 6)), 0);
      b.gate(Gate.of(GateKind.RX, r.nextDouble(0, 6)), 1);
      b.gate(Gate.controlled(GateKind.X, 1), 0, 1);
    }
    List<Operation.GateOp> ops = ops(b.build());
    // RX·RX·CX alone: a dense 2-qubit gate (4 columns of 0.45 ns) costs more than the three
    // (0.45 + 0.45 + half the amplitudes moved at 0.9); the next layer's three fold in free
    FusedGate ry = FusedGate.of(ops.get(0).gate(), new int[] {0}), ry1 = FusedGate.of(ops.get(1).gate(), new int[] {1});
    FusedGate cx = FusedGate.of(ops.get(2).gate(), new int[] {0, 1});
    assertTrue(ry.then(ry1).then(cx).cost() > ry.cost() + ry1.cost() + cx.cost(), "the merge alone raises the cost");
    List<FusedGate> fused = GateFuser.fuse(ops, 2);
    assertEquals(1, fused.size(), "fused: " + fused);
    assertAgrees(ops, fused, 2, 2);
  }

  @Test
  void hadamardDiagonalLayersAndQftKeepTheirStructure() {
    // nothing after an H·RZ merge pays for a dense gate: butterflies and diagonals stay
    SplittableRandom r = new SplittableRandom(9);
    int n = 8;
    Circuit.Builder b = Circuit.builder(n, 0);
    for (int layer = 0; layer < 6; layer++) {
      for (int q = 0; q < n; q++) b.gate(GateKind.H, q);
      for (int q = 0; q < n; q++) b.gate(Gate.of(GateKind.RZ, r.nextDouble(0, 6)), q);
      for (int q = layer % 2; q + 1 < n; q += 2) b.gate(Gate.controlled(GateKind.Z, 1), q, q + 1);
    }
    for (Circuit c : List.of(b.build(), HighDiagonalTest.qft(n))) {
      for (FusedGate g : GateFuser.fuse(ops(c), 4)) {
        assertTrue(g.isDiagonal() || g.isPermutation() || g.width() == 1, "a dense gate on " + g.width() + " qubits");
      }
    }
  }

  @Test
  void qasmBenchRotationCircuitsThroughLookaheadFusionMatchGateByGate() throws IOException {
    // rotation layers between CX ladders (dnn, ising) and controlled phases written as CX·U1·CX
    // (qft_n18): 964, 307 and 272 gates after greedy fusion, 48, 37 and 37 with the lookahead
    for (String name : List.of("dnn_n16", "ising_n10", "qft_n18")) {
      String source;
      try (InputStream in = FusionLookaheadTest.class.getClassLoader().getResourceAsStream("bench/" + name + ".qasm")) {
        source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Circuit c = QasmParser.parse(source, name + ".qasm", Map.of());
      List<Operation.GateOp> ops = ops(c);
      List<FusedGate> fused = GateFuser.fuse(ops, 4);
      assertTrue(5 * fused.size() < ops.size(), name + ": " + fused.size() + " fused gates of " + ops.size());
      assertAgrees(ops, fused, c.numQubits(), Math.min(12, c.numQubits() - 2));
    }
  }
}
