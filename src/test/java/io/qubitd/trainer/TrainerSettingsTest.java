package io.qubitd.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerSettingsTest {

  @Test
  void hoconRoundTripKeepsEverySetting() {
    TrainerSettings tuned = TrainerSettings.tiny().withAdapter(8, List.of(2, 4), 3, TrainerSettings.AngleInit.ZERO, 5.0)
        .withEncodingScale(0.5);
    for (TrainerSettings s : List.of(TrainerSettings.tiny(), TrainerSettings.defaults(), tuned)) {
      assertEquals(s, TrainerSettings.fromConfig(ConfigFactory.parseString(s.toHocon())));
    }
  }

  @Test
  void checkpointsWithoutTheAngleKeysReadAsBefore() {
    String old = TrainerSettings.tiny().toHocon().replace(", angle-init = uniform", "").replace(", angle-rate-scale = 1.0", "")
        .replace(", encoding-scale = 1.0", "");
    assertTrue(!old.contains("angle") && !old.contains("encoding"), old);
    assertEquals(TrainerSettings.tiny(), TrainerSettings.fromConfig(ConfigFactory.parseString(old)));
  }

  @Test
  void encodingScaleOutsideZeroToOneIsRefusedNamingTheKey() {
    for (double bad : new double[] {0, -0.5, 1.5}) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> TrainerSettings.tiny().withEncodingScale(bad));
      assertTrue(e.getMessage().contains("encoding-scale"), e.getMessage());
    }
  }

  @Test
  void factorisationsMustMultiplyOut() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        new TrainerSettings(16, 1, 2, 96, 10, 8, 1e-3, 1, 10, 10, 1, 4, List.of(4, 2), List.of(2, 2), 2, 1, 8, 1e-2, 8, 10));
    assertTrue(e.getMessage().contains("width-factors"), e.getMessage());
  }

  @Test
  void baseModelKeyDependsOnTheModelNotOnTheAdapter() {
    TrainerSettings a = TrainerSettings.tiny();
    assertEquals(a.baseModelKey(), a.withSteps(99).baseModelKey());
    TrainerSettings wider = new TrainerSettings(32, 1, 2, 96, 150, 32, 3e-3, 7, 256, 64, 5,
        4, List.of(8, 4), List.of(2, 2), 2, 1, 8.0, 1e-2, 8, 30);
    assertNotEquals(a.baseModelKey(), wider.baseModelKey());
  }
}
