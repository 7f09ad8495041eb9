package io.qubitd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.kernel.bench.KernelBench;
import io.qubitd.kernel.bench.PeakFlops;
import org.junit.jupiter.api.Test;

class FlopCountTest {
  private static FusedGate gate(Gate g, int... q) { return FusedGate.of(g, q); }

  @Test
  void eachStructureCountsTheArithmeticItsKernelDoes() {
    // a complex multiply-add is 8 flops, a complex product 6, a real-by-complex multiply-add 4
    assertEquals(2, FlopCount.perAmplitude(gate(Gate.of(GateKind.H), 3)), "Hadamard: one add or subtract per part");
    assertEquals(8, FlopCount.perAmplitude(gate(Gate.of(GateKind.RY, 0.3), 3)), "real 1-qubit: 2 entries × 4");
    assertEquals(16, FlopCount.perAmplitude(gate(Gate.of(GateKind.U, 0.3, 0.2, 0.1), 3)), "complex 1-qubit: 2 × 8");
    FusedGate dense2 = gate(Gate.of(GateKind.U, 0.3, 0.2, 0.1), 1).then(gate(Gate.controlled(GateKind.RY, 1, 0.7), 1, 4))
        .then(gate(Gate.of(GateKind.U, 0.5, 0.6, 0.9), 4));
    assertEquals(GateStructure.DENSE, dense2.structure());
    assertEquals(32, FlopCount.perAmplitude(dense2), "2-qubit dense: 4 complex multiply-adds");
    assertEquals(1.5, FlopCount.perAmplitude(gate(Gate.controlled(GateKind.P, 1, 0.4), 2, 5)),
        "diagonal: one complex product on the quarter of amplitudes whose entry is not 1");
    assertEquals(6, FlopCount.perAmplitude(gate(Gate.of(GateKind.RZ, 0.4), 2)), "RZ: no entry is 1");
    assertEquals(0, FlopCount.perAmplitude(gate(Gate.controlled(GateKind.X, 1), 2, 5)), "CX moves half the amplitudes, no arithmetic");
    // CY swaps |10⟩ and |11⟩ with phases ±i: half the amplitudes get a complex product
    assertEquals(3, FlopCount.perAmplitude(gate(Gate.controlled(GateKind.Y, 1), 2, 5)));
    // CH: the 2×2 target matrix (2 complex multiply-adds) on the half where the control is 1
    assertEquals(8, FlopCount.perAmplitude(gate(Gate.controlled(GateKind.H, 1), 2, 5)));
  }

  @Test
  void theBenchCountsTheFlopsOfTheFusedCircuit() {
    // 2 layers on 10 qubits: 20 Hadamards stay apart (2 flops each), each layer's RZs and CZs fold
    // into one diagonal of the 10 qubits (6): 2^10 × (20 × 2 + 2 × 6)
    Circuit c = KernelBench.randomCircuit(10, 2, 7);
    KernelBench.Result r = KernelBench.measure(c, new KernelSettings(4, 30, 1, 1L << 30, Precision.DOUBLE), 1);
    assertEquals(22, r.gatesAfter());
    assertEquals(1024.0 * 52, r.flops());
  }

  @Test
  void peakNeedsThreadsAndRepetitions() {
    assertThrows(IllegalArgumentException.class, () -> PeakFlops.gflops(Precision.DOUBLE, 0, 1));
  }
}
