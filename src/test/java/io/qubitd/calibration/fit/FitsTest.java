package io.qubitd.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FitsTest {
  static final double EXACT = 1e-8;
  /** Gaussian noise of this standard deviation is added to the noisy data sets. */
  static final double NOISE = 0.005;

  static double[] grid(int n, double max) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = max * i / (n - 1);
    return x;
  }

  static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  @Test
  void exponentialWithOffsetRecoversExactParameters() {
    double[] x = grid(16, 60e-6), y = new double[16];
    for (int i = 0; i < 16; i++) y[i] = 0.87 * Math.exp(-x[i] / 21.3e-6) + 0.06;
    FitResult r = ExponentialFit.withOffset(x, y);
    assertEquals(0.87, r.param(0), EXACT);
    assertEquals(21.3e-6, r.param(1), 21.3e-6 * EXACT);
    assertEquals(0.06, r.param(2), EXACT);
  }

  @Test
  void exponentialWithoutOffsetRecoversADecayPerStep() {
    double[] x = {1, 4, 10, 24, 48}, y = new double[5];
    double f = 0.962;
    for (int i = 0; i < 5; i++) y[i] = 0.95 * Math.pow(f, x[i]);
    FitResult r = ExponentialFit.noOffset(x, y);
    assertEquals(f, Math.exp(-1 / r.param(1)), EXACT);
    assertEquals(0.95, r.param(0), EXACT);
  }

  @Test
  void noisyExponentialIsWithinItsStatedUncertainty() {
    SplittableRandom rng = new SplittableRandom(1);
    double[] x = grid(24, 45e-6), y = new double[24];
    for (int i = 0; i < 24; i++) y[i] = 0.9 * Math.exp(-x[i] / 15e-6) + 0.04 + NOISE * gaussian(rng);
    FitResult r = ExponentialFit.withOffset(x, y);
    assertEquals(15e-6, r.param(1), 4 * r.standardError(1));
    assertTrue(r.standardError(1) < 0.05 * 15e-6, "uncertainty " + r.standardError(1));
    assertEquals(NOISE, r.rms(), NOISE / 2);
  }

  @Test
  void dampedCosineFindsTheFringeFrequencyWithoutAGuess() {
    double[] x = grid(48, 25e-6), y = new double[48];
    double f = 743e3, tau = 9e-6;
    for (int i = 0; i < 48; i++) y[i] = 0.45 * Math.exp(-x[i] / tau) * Math.cos(2 * Math.PI * f * x[i] + 0.3) + 0.5;
    FitResult r = DampedCosineFit.fit(x, y);
    assertEquals(0.45, r.param(0), 1e-6);
    assertEquals(tau, r.param(1), tau * 1e-6);
    assertEquals(f, r.param(2), f * 1e-6);
    assertEquals(0.3, r.param(3), 1e-6);
    assertEquals(0.5, r.param(4), 1e-6);
  }

  @Test
  void noisyFringeGivesTheFrequencyToAFewHundredHertz() {
    SplittableRandom rng = new SplittableRandom(2);
    double[] x = grid(48, 40e-6), y = new double[48];
    double f = 281.5e3;
    for (int i = 0; i < 48; i++) y[i] = 0.44 * Math.exp(-x[i] / 16e-6) * Math.cos(2 * Math.PI * f * x[i] - 1.1) + 0.52 + NOISE * gaussian(rng);
    FitResult r = DampedCosineFit.fit(x, y);
    assertEquals(f, r.param(2), 500);
    assertEquals(f, r.param(2), 4 * r.standardError(2));
  }

  @Test
  void badInputIsRejectedWithTheSizes() {
    var e = assertThrows(IllegalArgumentException.class, () -> ExponentialFit.withOffset(new double[] {0, 1, 2}, new double[] {1, 0.5}));
    assertTrue(e.getMessage().contains("3") && e.getMessage().contains("2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ExponentialFit.withOffset(new double[] {1, 1, 1, 1}, new double[] {1, 1, 1, 1}));
    assertThrows(IllegalArgumentException.class, () -> DampedCosineFit.fit(new double[] {0, 1, 2}, new double[] {0, 1, 0}));
  }
}
