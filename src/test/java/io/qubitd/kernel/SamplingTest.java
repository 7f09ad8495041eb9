package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shots follow the exact distribution; seeds reproduce; branching at mid-circuit measurements is exact. */
class SamplingTest {
  /** Chi-square limit far above the 1e-6 quantile for the few dozen degrees of freedom used here. */
  private static final double CHI2_LIMIT = 80;
  private static final double TOL = 1e-12;

  private static double chiSquare(Map<String, Long> counts, Map<String, Double> p, int shots) {
    double chi2 = 0;
    for (Map.Entry<String, Double> e : p.entrySet()) {
      double expected = e.getValue() * shots;
      double observed = counts.getOrDefault(e.getKey(), 0L);
      chi2 += (observed - expected) * (observed - expected) / expected;
    }
    for (String k : counts.keySet()) assertTrue(p.containsKey(k), "sampled impossible outcome " + k);
    return chi2;
  }

  @Test
  void countsFollowExactProbabilities() {
    Circuit c = RandomCircuits.random(5, 30, 77);
    IdealSimulator sim = new IdealSimulator(sequential(4));
    Map<String, Double> p = sim.probabilities(c);
    double total = p.values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(1.0, total, TOL);
    int shots = 20_000;
    RunResult r = sim.run(c, shots, 42, false);
    assertEquals(shots, r.counts().values().stream().mapToLong(Long::longValue).sum());
    assertNull(r.memory());
    assertTrue(chiSquare(r.counts(), p, shots) < CHI2_LIMIT, "chi2 " + chiSquare(r.counts(), p, shots));
  }

  @Test
  void sameSeedSameCountsAtAnyThreadCountAndMemoryMatchesCounts() {
    Circuit.Builder b = Circuit.builder(14, 3);
    for (int q = 0; q < 14; q++) b.gate(Gate.of(GateKind.RY, 0.3 + 0.1 * q), q);
    for (int q = 0; q < 13; q++) b.gate(Gate.controlled(GateKind.X, 1), q, q + 1);
    b.measure(13, 0).gate(Gate.of(GateKind.H), new Condition(List.of(0), 1), 2).measure(2, 1).measure(7, 2);
    Circuit c = b.build();
    RunResult one = new IdealSimulator(sequential(4)).run(c, 3000, 99, true);
    RunResult two = new IdealSimulator(new KernelSettings(4, 1, 2, MEMORY, Precision.DOUBLE)).run(c, 3000, 99, true);
    assertEquals(one.counts(), two.counts());
    assertEquals(one.memory(), two.memory());
    assertEquals(3000, one.memory().size());
    Map<String, Long> fromMemory = new HashMap<>();
    for (String m : one.memory()) fromMemory.merge(m, 1L, Long::sum);
    assertEquals(one.counts(), fromMemory);
    assertNotEquals(one.counts(), new IdealSimulator(sequential(4)).run(c, 3000, 100, false).counts());
  }

  /** RY(a), measure, reset, H if the first result was 1, measure again. */
  @Test
  void midCircuitBranchingMatchesAnalyticBranchProbabilities() {
    double a = 1.3;
    Circuit c = Circuit.builder(1, 2)
        .gate(Gate.of(GateKind.RY, a), 0)
        .measure(0, 0)
        .reset(0)
        .gate(Gate.of(GateKind.H), new Condition(List.of(0), 1), 0)
        .measure(0, 1)
        .build();
    double s2 = Math.pow(Math.sin(a / 2), 2);
    Map<String, Double> analytic = Map.of("00", 1 - s2, "01", s2 / 2, "11", s2 / 2);
    IdealSimulator sim = new IdealSimulator(sequential(4));
    Map<String, Double> exact = sim.probabilities(c);
    assertEquals(analytic.keySet(), exact.keySet());
    for (String k : analytic.keySet()) assertEquals(analytic.get(k), exact.get(k), TOL, k);
    int shots = 50_000;
    RunResult r = sim.run(c, shots, 5, false);
    assertTrue(chiSquare(r.counts(), analytic, shots) < CHI2_LIMIT, r.counts().toString());
  }

  @Test
  void circuitWithoutMeasurementsMeasuresEveryQubit() {
    Circuit c = Circuit.builder(3, 0).gate(GateKind.X, 0).gate(GateKind.X, 2).build();
    RunResult r = new IdealSimulator(sequential(4)).run(c, 7, 1, true);
    assertEquals(Map.of("101", 7L), r.counts());
    assertEquals(List.of("101", "101", "101", "101", "101", "101", "101"), r.memory());
  }

  @Test
  void measuringTheSameQubitTwiceAtTheEndGivesEqualBits() {
    Circuit c = Circuit.builder(1, 2).gate(GateKind.H, 0).measure(0, 0).measure(0, 1).build();
    IdealSimulator sim = new IdealSimulator(sequential(4));
    assertEquals(Map.of("00", 0.5, "11", 0.5), sim.probabilities(c));
    RunResult r = sim.run(c, 1000, 3, false);
    assertEquals(1000L, r.counts().getOrDefault("00", 0L) + r.counts().getOrDefault("11", 0L));
  }
}
