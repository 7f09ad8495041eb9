package io.qubitd.device.noise;

import io.qubitd.kernel.density.DensityMatrixSimulator;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.device.ChipTruth;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

/** GHZ states built from native gates with a hand-made schedule, on the density-matrix method. */
class GhzNoiseTest {
  private static final double EXACT = 1e-12;
  private static final double D1 = 30e-9, D2 = 40e-9;

  private final DensityMatrixSimulator sim = new DensityMatrixSimulator();

  /** H = RZ(π/2)·SX·RZ(π/2) up to phase; CNOT(c, t) = H(t)·CZ·H(t). */
  private static HandSchedule h(HandSchedule s, int q) { return s.rz(q, Math.PI / 2).sx(q, D1).rz(q, Math.PI / 2); }

  private static HandSchedule ghz(int n) {
    HandSchedule s = h(new HandSchedule(n), 0);
    for (int i = 0; i + 1 < n; i++) {
      h(s, i + 1);
      s.cz(i, i + 1, D2);
      h(s, i + 1);
    }
    return s;
  }

  /** ⟨GHZ|ρ|GHZ⟩ = (ρ[0][0] + ρ[1..1][1..1] + 2·Re ρ[0][1..1]) / 2. */
  private static double ghzFidelity(ZMatrixRMaj rho) {
    int all = rho.numRows - 1;
    return (rho.getReal(0, 0) + rho.getReal(all, all) + 2 * rho.getReal(0, all)) / 2;
  }

  private double fidelity(int n, ChipTruth chip, NoiseOptions options) {
    return ghzFidelity(sim.densityMatrix(NoiseModel.program(ghz(n).build(), 0, chip, options)));
  }

  @Test
  void finalMeasurementsReadTheEndStateThroughTheAssignmentMatrix() {
    int n = 5;
    double p01 = 0.06, p10 = 0.025;
    ChipTruth chip = TestChips.line(n, 20e-6, 15e-6, 0.002, p01, p10, 0.02, 40e3);
    ZMatrixRMaj rho = sim.densityMatrix(NoiseModel.program(ghz(n).build(), 0, chip, NoiseOptions.all()));
    HandSchedule measured = ghz(n).align();
    for (int q = 0; q < n; q++) measured.measure(q, q, 1.5e-6);
    // 2^5 outcomes exceed the default branch limit: this only runs if final measurements are deferred.
    java.util.Map<Long, Double> dist = sim.probabilities(NoiseModel.program(measured.build(), n, chip, NoiseOptions.all()));
    for (long read = 0; read < 1 << n; read++) {
      double want = 0;
      for (int actual = 0; actual < 1 << n; actual++) {
        double w = rho.getReal(actual, actual);
        for (int q = 0; q < n; q++) {
          int a = actual >> q & 1, r = (int) (read >> q & 1);
          w *= a == 1 ? (r == 0 ? p01 : 1 - p01) : (r == 1 ? p10 : 1 - p10);
        }
        want += w;
      }
      assertEquals(want, dist.getOrDefault(read, 0.0), EXACT, "outcome " + read);
    }
  }

  @Test
  void nativeGhzIsExactWithoutNoise() {
    ChipTruth chip = TestChips.line(5, 20e-6, 15e-6, 0.002, 0.05, 0.02, 0.02, 40e3);
    for (int n = 2; n <= 5; n++) assertEquals(1, fidelity(n, chip, NoiseOptions.none()), EXACT, "n=" + n);
  }

  @Test
  void twoQubitGhzLosesExactlyTheCzErrorUnderDepolarizing() {
    // ρ = (1 − p)|GHZ⟩⟨GHZ| + p·I/4 with p = 4e/3, so F = 1 − 3p/4 = 1 − e.
    double e = 0.03;
    ChipTruth chip = TestChips.line(2, 20e-6, 15e-6, 0, 0, 0, e, 40e3);
    assertEquals(1 - e, fidelity(2, chip, NoiseOptions.none().withGateError(true)), EXACT);
  }

  @Test
  void fidelityFallsAsTheStateGrowsAndAsGateErrorsGrow() {
    ChipTruth good = TestChips.line(5, 20e-6, 15e-6, 0.002, 0.05, 0.02, 0.02, 40e3);
    ChipTruth worse = TestChips.line(5, 20e-6, 15e-6, 0.004, 0.05, 0.02, 0.04, 40e3);
    double previous = 1;
    for (int n = 2; n <= 5; n++) {
      double f = fidelity(n, good, NoiseOptions.all());
      double fWorse = fidelity(n, worse, NoiseOptions.all());
      assertTrue(f < previous, "n=" + n + ": " + f + " not below " + previous);
      assertTrue(fWorse < f, "n=" + n + ": worse gates give " + fWorse + ", good " + f);
      previous = f;
    }
  }
}
