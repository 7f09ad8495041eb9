package io.qubitd.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The coherence limit against an independent computation: the Kraus operators of amplitude
 * damping (γ = 1 − e^{−t/T1}) followed by phase damping (λ chosen so coherences fall by e^{−t/T2}),
 * F_e = Σ_k |tr K_k|² / d², F = (d·F_e + 1)/(d + 1); for two qubits the products K_i ⊗ K_j,
 * whose trace is tr K_i · tr K_j.
 */
class CoherenceLimitTest {
  private static final double TOLERANCE = 1e-13;

  /** |tr K|² of each Kraus operator of damping then dephasing on one qubit. */
  private static double[] krausTraceSquares(double t, double t1, double t2) {
    double gamma = 1 - Math.exp(-t / t1);
    // Coherence after damping is √(1−γ); dephasing multiplies it by √(1−λ) to reach e^{−t/T2}.
    double keep = Math.exp(-t / t2) / Math.sqrt(1 - gamma);
    double lambda = 1 - keep * keep;
    // Damping: A0 = diag(1, √(1−γ)), A1 = √γ|0⟩⟨1| (traceless). Dephasing: B0 = diag(1, √(1−λ)), B1 = diag(0, √λ).
    double[] a0 = {1, Math.sqrt(1 - gamma)};
    double[] b0 = {1, Math.sqrt(1 - lambda)};
    double[] b1 = {0, Math.sqrt(lambda)};
    double tr00 = b0[0] * a0[0] + b0[1] * a0[1];
    double tr10 = b1[0] * a0[0] + b1[1] * a0[1];
    return new double[] {tr00 * tr00, tr10 * tr10, 0, 0};
  }

  private static double oneQubitReference(double t, double t1, double t2) {
    double fe = 0;
    for (double x : krausTraceSquares(t, t1, t2)) fe += x;
    fe /= 4;
    return 1 - (2 * fe + 1) / 3;
  }

  @Test
  void oneQubitLimitIsTheAverageInfidelityOfDecayOverTheGate() {
    double[][] cases = {{30e-9, 25e-6, 11e-6}, {30e-9, 10e-6, 2.31e-6}, {40e-9, 40e-6, 80e-6}, {1e-6, 5e-6, 3e-6}};
    for (double[] c : cases) assertEquals(oneQubitReference(c[0], c[1], c[2]), CoherenceLimit.oneQubit(c[0], c[1], c[2]), TOLERANCE);
  }

  @Test
  void twoQubitLimitIsTheAverageInfidelityOfBothQubitsDecay() {
    double t = 40e-9, t1a = 25e-6, t2a = 11e-6, t1b = 13e-6, t2b = 4e-6;
    double[] ka = krausTraceSquares(t, t1a, t2a), kb = krausTraceSquares(t, t1b, t2b);
    double fe = 0;
    for (double x : ka) for (double y : kb) fe += x * y;
    fe /= 16;
    double reference = 1 - (4 * fe + 1) / 5;
    assertEquals(reference, CoherenceLimit.twoQubit(t, t1a, t2a, t1b, t2b), TOLERANCE);
  }

  @Test
  void issueElevensQubitIsDephasingLimitedNearFourInAThousand() {
    // T2 = 2.31 µs, 30 ns gate: t/(3·T2) ≈ 0.0043 from dephasing alone, plus t/(6·T1) from damping.
    double t = 30e-9, t1 = 20e-6, t2 = 2.31e-6;
    // second order: −(t/T2)²/6 ≈ −3e-5
    assertEquals(t / (3 * t2) + t / (6 * t1), CoherenceLimit.oneQubit(t, t1, t2), 5e-5);
    assertEquals(0.0043, t / (3 * t2), 1e-4);
  }
}
