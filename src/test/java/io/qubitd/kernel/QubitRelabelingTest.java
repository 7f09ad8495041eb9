package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SWAPs absorbed into the qubit order: results are those of SWAPs applied to the amplitudes. */
class QubitRelabelingTest {

  private static StateVector gateByGate(Circuit c) {
    StateVector v = StateVector.zero(c.numQubits(), sequential(1));
    for (Operation op : c.operations()) {
      Operation.GateOp g = (Operation.GateOp) op;
      v.applyGate(g.gate(), g.qubits().stream().mapToInt(Integer::intValue).toArray());
    }
    return v;
  }

  @Test
  void finalStateKeepsTheCircuitsQubitOrder() {
    Circuit.Builder b = Circuit.builder(9, 0);
    Circuit random = RandomCircuits.random(9, 60, 11);
    int k = 0;
    for (Operation op : random.operations()) {
      Operation.GateOp g = (Operation.GateOp) op;
      b.gate(g.gate(), g.qubits().stream().mapToInt(Integer::intValue).toArray());
      // 3k + 1 is never 0 mod 9, so the two qubits differ
      if (++k % 5 == 0) b.gate(GateKind.SWAP, k % 9, (k * 4 + 1) % 9);
    }
    Circuit c = b.build();
    StateVector reference = gateByGate(c);
    for (int width = 1; width <= 4; width++) {
      StateVector s = new IdealSimulator(sequential(width)).finalState(c);
      assertTrue(maxDiff(reference, s) < 1e-10, "width " + width + ": " + maxDiff(reference, s));
    }
  }

  @Test
  void measurementsReadTheQubitsWhereTheSwapsLeftThem() {
    // X on qubit 0, then its state is swapped to 2 and on to 3: only bit 3 reads 1
    Circuit c = Circuit.builder(4, 4).gate(GateKind.X, 0).gate(GateKind.SWAP, 0, 2).gate(GateKind.H, 1)
        .gate(GateKind.SWAP, 2, 3).gate(GateKind.SWAP, 1, 0).measure(0, 0).measure(1, 1).measure(2, 2).measure(3, 3).build();
    Map<String, Double> p = new IdealSimulator(sequential(4)).probabilities(c);
    assertEquals(Map.of("1000", 0.5, "1001", 0.5), round(p));
    // a mid-circuit measurement of a swapped qubit, a reset, and a conditioned gate after it
    Circuit mid = Circuit.builder(3, 2).gate(GateKind.X, 0).gate(GateKind.SWAP, 0, 1).measure(1, 0).reset(1)
        .gate(GateKind.SWAP, 1, 2).measure(2, 1).build();
    assertEquals(Map.of("01", 1.0), round(new IdealSimulator(sequential(4)).probabilities(mid)));
    assertEquals(Map.of("01", 1000L), new IdealSimulator(sequential(4)).run(mid, 1000, 1, false).counts());
  }

  @Test
  void restoringSwapsUndoAnyOrder() {
    QubitRelabeling r = new QubitRelabeling(5);
    Gate swap = Gate.of(GateKind.SWAP);
    for (int[] s : new int[][] {{0, 3}, {3, 4}, {1, 0}, {2, 4}}) r.swap(new Operation.GateOp(swap, List.of(s[0], s[1]), null));
    List<Operation.GateOp> back = r.restoringSwaps();
    for (int q = 0; q < 5; q++) assertEquals(q, r.position(q));
    assertTrue(back.size() <= 4);
  }

  private static Map<String, Double> round(Map<String, Double> p) {
    Map<String, Double> out = new java.util.TreeMap<>();
    p.forEach((k, v) -> out.put(k, Math.round(v * 1e9) / 1e9));
    return out;
  }
}
