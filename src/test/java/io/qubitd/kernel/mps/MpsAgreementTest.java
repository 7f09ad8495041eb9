package io.qubitd.kernel.mps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.backend.IdealPrograms;
import io.qubitd.backend.LatticeOrder;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.device.Topology;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.Program;
import io.qubitd.kernel.SimulationResult;
import io.qubitd.kernel.StateVector;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The MPS against the state vector (an independent method) on random circuits laid on a lattice,
 * its qubits in the snake order the chip path uses: equal amplitudes (up to a global phase) when
 * the bond dimension suffices, and an infidelity the summed truncation error bounds when it does not.
 */
class MpsAgreementTest {
  private static final double TOLERANCE = 1e-10;
  private static final long MEMORY = 1L << 30;
  private final IdealSimulator sv = new IdealSimulator(KernelSettings.defaults());

  /** Layers of random single-qubit rotations, then two-qubit gates on random lattice edges and one distant pair. */
  static Circuit latticeCircuit(Topology grid, int layers, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = grid.numQubits();
    Circuit.Builder b = Circuit.builder(n, 0);
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) b.gate(Gate.of(GateKind.U, r.nextDouble(0, Math.PI), r.nextDouble(-Math.PI, Math.PI), r.nextDouble(-Math.PI, Math.PI)), q);
      for (Topology.Edge e : grid.edges()) {
        if (r.nextInt(3) != 0) continue;
        switch (r.nextInt(3)) {
          case 0 -> b.gate(Gate.controlled(GateKind.Z, 1), e.a(), e.b());
          case 1 -> b.gate(Gate.of(GateKind.RZX, r.nextDouble(-Math.PI, Math.PI)), e.b(), e.a());
          default -> b.gate(Gate.controlled(GateKind.X, 1), e.a(), e.b());
        }
      }
      int a = r.nextInt(n), c = r.nextInt(n);
      if (a != c) b.gate(Gate.controlled(GateKind.RY, 1, r.nextDouble(-Math.PI, Math.PI)), a, c);
    }
    return b.build();
  }

  private static Program onSnake(Circuit c, Topology grid) {
    Program p = IdealPrograms.lower(c);
    List<Integer> physical = IntStream.range(0, grid.numQubits()).boxed().toList();
    return new Program(p.instructions(), p.cregs(), p.circuit(), LatticeOrder.snake(grid, physical));
  }

  /** |⟨sv|mps⟩| and the largest amplitude difference after removing the global phase. */
  private static double[] compare(StateVector a, double[][] b) {
    double or = 0, oi = 0;
    for (int i = 0; i < b[0].length; i++) {
      or += a.re(i) * b[0][i] + a.im(i) * b[1][i];
      oi += a.re(i) * b[1][i] - a.im(i) * b[0][i];
    }
    double mod = Math.hypot(or, oi), pr = or / mod, pi = -oi / mod;
    double worst = 0;
    for (int i = 0; i < b[0].length; i++) {
      double xr = b[0][i] * pr - b[1][i] * pi, xi = b[0][i] * pi + b[1][i] * pr;
      worst = Math.max(worst, Math.hypot(xr - a.re(i), xi - a.im(i)));
    }
    return new double[] {mod, worst};
  }

  @Test
  void enoughBondDimensionGivesTheStateVectorsAmplitudes() {
    int[][] shapes = {{2, 3}, {3, 4}, {4, 5}};
    int[] layers = {6, 4, 3};
    for (int i = 0; i < shapes.length; i++) {
      Topology grid = Topology.grid(shapes[i][0], shapes[i][1]);
      Circuit c = latticeCircuit(grid, layers[i], 17 + i);
      MpsState mps = new MpsMethod(new MpsSettings(1 << 10, 0, 1, MEMORY)).finalState(onSnake(c, grid));
      double[] cmp = compare(sv.finalState(c), mps.amplitudes());
      assertEquals(1, cmp[0], TOLERANCE, grid.numQubits() + " qubits: overlap");
      assertTrue(cmp[1] <= TOLERANCE, grid.numQubits() + " qubits: amplitudes differ by " + cmp[1]);
      assertEquals(0, mps.truncationError(), grid.numQubits() + " qubits: nothing may be truncated");
    }
  }

  /** Real gates only (RY, H, CZ, CX, and a distant CZ), so every tensor stays real and the MPS takes its real SVD. */
  static Circuit realLatticeCircuit(Topology grid, int layers, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = grid.numQubits();
    Circuit.Builder b = Circuit.builder(n, 0);
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) {
        if (r.nextInt(4) == 0) b.gate(GateKind.H, q); else b.gate(Gate.of(GateKind.RY, r.nextDouble(-Math.PI, Math.PI)), q);
      }
      for (Topology.Edge e : grid.edges()) {
        if (r.nextInt(2) == 0) b.gate(Gate.controlled(r.nextBoolean() ? GateKind.Z : GateKind.X, 1), e.a(), e.b());
      }
      b.gate(Gate.controlled(GateKind.Z, 1), 0, n - 1);
    }
    return b.build();
  }

  @Test
  void realCircuitsAgreeWithTheStateVectorAndTheirTruncationIsCounted() {
    Topology grid = Topology.grid(3, 4);
    Circuit c = realLatticeCircuit(grid, 5, 3);
    StateVector exact = sv.finalState(c);
    MpsState full = new MpsMethod(new MpsSettings(1 << 10, 0, 1, MEMORY)).finalState(onSnake(c, grid));
    double[] cmp = compare(exact, full.amplitudes());
    assertEquals(1, cmp[0], TOLERANCE, "overlap");
    assertTrue(cmp[1] <= TOLERANCE, "amplitudes differ by " + cmp[1]);
    assertEquals(0, full.truncationError());
    assertEquals(1, full.estimatedFidelity());
    for (int chi : new int[] {2, 4, 8}) {
      MpsState mps = new MpsMethod(new MpsSettings(chi, 0, 1, MEMORY)).finalState(onSnake(c, grid));
      double overlap = compare(exact, mps.amplitudes())[0];
      double sum = mps.truncationError();
      assertTrue(sum > 0, "χ = " + chi + " must truncate this circuit");
      assertTrue(1 - overlap * overlap <= sum + 1e-12, "χ = " + chi + ": infidelity above the summed discarded weight " + sum);
      // Π(1 − ε_i) lies between 1 − Σε_i and exp(−Σε_i)
      assertTrue(mps.estimatedFidelity() >= 1 - sum - 1e-12 && mps.estimatedFidelity() <= Math.exp(-sum) + 1e-12,
          "χ = " + chi + ": estimated fidelity " + mps.estimatedFidelity() + " for a summed weight " + sum);
    }
  }

  @Test
  void distantDiagonalGatesActWhereTheQubitsAreInEitherOrder() {
    // controlled RZ and P are diagonal but not symmetric in their qubits; pairs far apart on the snake, both ways round
    Topology grid = Topology.grid(3, 4);
    int n = grid.numQubits();
    SplittableRandom r = new SplittableRandom(11);
    Circuit.Builder b = Circuit.builder(n, 0);
    for (int l = 0; l < 4; l++) {
      for (int q = 0; q < n; q++) b.gate(Gate.of(GateKind.U, r.nextDouble(0, Math.PI), r.nextDouble(-Math.PI, Math.PI), r.nextDouble(-Math.PI, Math.PI)), q);
      for (int k = 0; k < 4; k++) {
        int a = r.nextInt(n), c = r.nextInt(n);
        if (a == c) continue;
        b.gate(Gate.controlled(r.nextBoolean() ? GateKind.RZ : GateKind.P, 1, r.nextDouble(-Math.PI, Math.PI)), a, c);
      }
      b.gate(Gate.of(GateKind.RZZ, r.nextDouble(-Math.PI, Math.PI)), 0, n - 1);
    }
    Circuit c = b.build();
    MpsState mps = new MpsMethod(new MpsSettings(1 << 10, 0, 1, MEMORY)).finalState(onSnake(c, grid));
    double[] cmp = compare(sv.finalState(c), mps.amplitudes());
    assertEquals(1, cmp[0], TOLERANCE, "overlap");
    assertTrue(cmp[1] <= TOLERANCE, "amplitudes differ by " + cmp[1]);
  }

  @Test
  void truncationErrorBoundsTheInfidelity() {
    Topology grid = Topology.grid(3, 4);
    Circuit c = latticeCircuit(grid, 6, 5);
    StateVector exact = sv.finalState(c);
    for (int chi : new int[] {2, 4, 8}) {
      MpsState mps = new MpsMethod(new MpsSettings(chi, 0, 1, MEMORY)).finalState(onSnake(c, grid));
      double overlap = compare(exact, mps.amplitudes())[0];
      double infidelity = 1 - overlap * overlap;
      assertTrue(mps.truncationError() > 0, "χ = " + chi + " must truncate this circuit");
      assertTrue(mps.largestBond() <= chi, "χ = " + chi + ": bond " + mps.largestBond());
      assertTrue(infidelity <= mps.truncationError() + 1e-12,
          "χ = " + chi + ": infidelity " + infidelity + " above the summed discarded weight " + mps.truncationError());
    }
  }

  @Test
  void truncationErrorBoundsTheInfidelityWhenTheThresholdTruncates() {
    Topology grid = Topology.grid(3, 4);
    Circuit c = latticeCircuit(grid, 6, 5);
    StateVector exact = sv.finalState(c);
    for (double threshold : new double[] {1e-8, 1e-4, 1e-2}) {
      MpsState mps = new MpsMethod(new MpsSettings(1 << 10, threshold, 1, MEMORY, threshold)).finalState(onSnake(c, grid));
      double overlap = compare(exact, mps.amplitudes())[0];
      double infidelity = 1 - overlap * overlap;
      assertTrue(infidelity <= mps.truncationError() + 1e-12,
          "threshold " + threshold + ": infidelity " + infidelity + " above the summed discarded weight " + mps.truncationError());
    }
    MpsState coarse = new MpsMethod(new MpsSettings(1 << 10, 1e-2, 1, MEMORY, 1e-2)).finalState(onSnake(c, grid));
    assertTrue(coarse.truncationError() > 0, "a threshold of 1e-2 must truncate this circuit");
  }

  @Test
  void ghzOnSeventyTwoQubitsGivesOnlyAllZerosAndAllOnes() {
    int n = 72, shots = 2000;
    Circuit.Builder b = Circuit.builder(n, n);
    b.gate(GateKind.H, 0);
    for (int q = 0; q + 1 < n; q++) b.gate(Gate.controlled(GateKind.X, 1), q, q + 1);
    for (int q = 0; q < n; q++) b.measure(q, q);
    SimulationResult r = new MpsMethod(new MpsSettings(64, 1e-16, 100, MEMORY)).run(IdealPrograms.lower(b.build()), shots, 7, false);
    String zeros = "0".repeat(n), ones = "1".repeat(n);
    assertEquals(Map.of(), r.counts().entrySet().stream().filter(e -> !e.getKey().equals(zeros) && !e.getKey().equals(ones))
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    // binomial: |n0 − shots/2| within 5 standard deviations √(shots/4)
    long n0 = r.counts().getOrDefault(zeros, 0L);
    assertTrue(Math.abs(n0 - shots / 2.0) <= 5 * Math.sqrt(shots / 4.0), "all-zeros " + n0 + " of " + shots);
    assertEquals(2, r.maxBondDimension());
    assertEquals(0, r.truncationError());
  }

  @Test
  void probabilitiesAreExactWithoutTruncation() {
    Topology grid = Topology.grid(2, 4);
    Circuit c = latticeCircuit(grid, 4, 3);
    Map<String, Double> want = sv.probabilities(c);
    Map<String, Double> got = new MpsMethod(new MpsSettings(64, 0, 1, MEMORY)).probabilities(onSnake(c, grid));
    for (String k : want.keySet()) assertEquals(want.get(k), got.getOrDefault(k, 0.0), TOLERANCE, k);
    for (String k : got.keySet()) assertEquals(want.getOrDefault(k, 0.0), got.get(k), TOLERANCE, k);
  }
}
