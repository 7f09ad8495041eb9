package io.qubitd.trainer.quantum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading ⟨Z_i⟩ in qubitd's bit order, and the layer's settings. */
class ExpectationOpsTest {
  static final double EXACT = 1e-15;

  @Test
  void bitZeroIsTheRightmostCharacterOfACountKey() {
    // "01": qubit 0 reads 1 (Z = −1), qubit 1 reads 0 (Z = +1); "11" both −1
    double[] z = ExpectationOps.fromCounts(Map.of("01", 3L, "11", 1L), 2);
    assertArrayEquals(new double[] {-1, (3 - 1) / 4.0}, z, EXACT);
  }

  @Test
  void probabilitiesAreIndexedLittleEndian() {
    // p(b=1) = 1: only qubit 0 is set
    assertArrayEquals(new double[] {-1, 1, 1}, ExpectationOps.fromProbabilities(new double[] {0, 1, 0, 0, 0, 0, 0, 0}, 3), EXACT);
    assertThrows(IllegalArgumentException.class, () -> ExpectationOps.fromProbabilities(new double[3], 2));
  }

  @Test
  void shortKeysAndEmptyCountsAreRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> ExpectationOps.fromCounts(Map.of("1", 5L), 2));
    assertTrue(e.getMessage().contains("'1'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ExpectationOps.fromCounts(Map.of(), 2));
  }

  @Test
  void settingsOverTheDaemonsJobLimitAreRefusedNamingTheKey() {
    QuantumSettings d = QuantumSettings.defaults();
    var e = assertThrows(IllegalArgumentException.class, () -> new QuantumSettings(d.shots(), d.seed(), d.backend(), 201,
        d.jobsInFlight(), d.pollInterval(), d.jobTimeout(), d.client()));
    assertTrue(e.getMessage().contains("circuits-per-job"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new QuantumSettings(d.shots(), d.seed(), d.backend(), 200,
        0, d.pollInterval(), d.jobTimeout(), d.client()));
    assertThrows(IllegalArgumentException.class, () -> new QuantumSettings(d.shots(), d.seed(), d.backend(), 200,
        1, Duration.ZERO, d.jobTimeout(), d.client()));
  }
}
