package io.qubitd.kernel;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import java.util.SplittableRandom;

/** Random unitary circuits over every gate kind, with controls, on qubits anywhere in the register. */
final class RandomCircuits {
  private RandomCircuits() {}

  static Circuit random(int n, int gates, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    GateKind[] kinds = GateKind.values();
    Circuit.Builder b = Circuit.builder(n, 0);
    int added = 0;
    while (added < gates) {
      GateKind k = kinds[r.nextInt(kinds.length)];
      if (k == GateKind.GPHASE) continue;
      int controls = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
      if (k.qubits() + controls > Math.min(n, 4)) continue;
      double[] p = new double[k.params()];
      for (int i = 0; i < p.length; i++) p[i] = r.nextDouble(-Math.PI, Math.PI);
      b.gate(Gate.controlled(k, controls, p), KernelTestSupport.randomQubits(n, k.qubits() + controls, r));
      added++;
    }
    return b.build();
  }

  /** The benchmark's shape: layers of H and RZ on every qubit, then a CZ brickwork. */
  static Circuit layered(int n, int layers, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Circuit.Builder b = Circuit.builder(n, 0);
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) b.gate(GateKind.H, q);
      for (int q = 0; q < n; q++) b.gate(Gate.of(GateKind.RZ, r.nextDouble(0, 2 * Math.PI)), q);
      for (int a = l % 2; a + 1 < n; a += 2) b.gate(Gate.controlled(GateKind.Z, 1), a, a + 1);
    }
    return b.build();
  }
}
