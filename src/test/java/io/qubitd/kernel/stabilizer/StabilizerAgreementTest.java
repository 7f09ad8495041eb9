package io.qubitd.kernel.stabilizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.backend.IdealPrograms;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.SimulationResult;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The tableau against the state vector (an independent method) on random Clifford circuits: a
 * stabilizer state's outcomes are uniform over an affine subspace, so every sampled outcome must
 * have the state vector's probability 2^−k (k from the state vector's support), and on narrow
 * circuits the counts must match the exact distribution within shot noise.
 */
class StabilizerAgreementTest {
  private static final double EXACT = 1e-12;
  private final IdealSimulator sv = new IdealSimulator(KernelSettings.defaults());
  private final StabilizerMethod tableau = new StabilizerMethod(1L << 30);

  static Circuit randomClifford(int n, int gates, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    GateKind[] one = {GateKind.H, GateKind.S, GateKind.SDG, GateKind.X, GateKind.Y, GateKind.Z, GateKind.SX, GateKind.SXDG};
    Circuit.Builder b = Circuit.builder(n, n);
    for (int g = 0; g < gates; g++) {
      int a = r.nextInt(n), c = r.nextInt(n);
      switch (r.nextInt(6)) {
        case 0, 1, 2 -> b.gate(one[r.nextInt(one.length)], a);
        case 3 -> b.gate(Gate.of(GateKind.RZ, Math.PI / 2 * r.nextInt(4)), a);
        case 4 -> { if (a != c) b.gate(Gate.controlled(GateKind.X, 1), a, c); }
        default -> { if (a != c) b.gate(r.nextBoolean() ? Gate.controlled(GateKind.Z, 1) : Gate.of(GateKind.SWAP), a, c); }
      }
    }
    for (int q = 0; q < n; q++) b.measure(q, q);
    return b.build();
  }

  @Test
  void everySampledOutcomeHasTheStateVectorsUniformProbability() {
    for (int n : new int[] {2, 5, 9, 14, 20}) {
      Circuit c = randomClifford(n, 12 * n, 100 + n);
      Map<String, Double> exact = new java.util.HashMap<>();
      // rounding leaves amplitudes of order 1e-16 where a stabilizer state has exact zeros
      sv.probabilities(c).forEach((key, v) -> { if (v > 1e-12) exact.put(key, v); });
      double p = 1.0 / exact.size();
      int k = Integer.numberOfTrailingZeros(exact.size());
      assertEquals(1 << k, exact.size(), n + " qubits: a stabilizer state's support is a power of two");
      for (double v : exact.values()) assertEquals(p, v, EXACT, n + " qubits: the support is uniform");
      int shots = 2000;
      SimulationResult r = tableau.run(IdealPrograms.lower(c), shots, 7, false);
      for (String key : r.counts().keySet()) assertTrue(exact.containsKey(key), n + " qubits: outcome " + key + " has probability 0");
      if (exact.size() <= 32) {
        for (Map.Entry<String, Double> e : exact.entrySet()) {
          double f = r.counts().getOrDefault(e.getKey(), 0L) / (double) shots;
          assertEquals(e.getValue(), f, 5 * Math.sqrt(e.getValue() * (1 - e.getValue()) / shots) + 1e-9, n + " qubits, " + e.getKey());
        }
      }
    }
  }

  @Test
  void nonCliffordGatesAreRefusedByName() {
    Circuit c = Circuit.builder(2, 2).gate(GateKind.T, 0).build();
    String why = tableau.refusal(IdealPrograms.lower(c)).orElseThrow();
    assertTrue(why.contains("not a Clifford"), why);
  }

  @Test
  void aThousandQubitGhzGivesTwoOutcomes() {
    int n = 1000;
    Circuit.Builder b = Circuit.builder(n, n);
    b.gate(GateKind.H, 0);
    for (int q = 0; q + 1 < n; q++) b.gate(Gate.controlled(GateKind.X, 1), q, q + 1);
    for (int q = 0; q < n; q++) b.measure(q, q);
    SimulationResult r = tableau.run(IdealPrograms.lower(b.build()), 30, 3, false);
    assertEquals(java.util.Set.of("0".repeat(n), "1".repeat(n)), r.counts().keySet());
  }
}
