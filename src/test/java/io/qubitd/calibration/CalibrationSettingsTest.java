package io.qubitd.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationSettingsTest {

  @Test
  void referenceConfHoldsTheDefaults() {
    var c = io.qubitd.config.QubitdConfig.loadRoot().getConfig("qubitd.calibration");
    assertEquals(CalibrationSettings.defaults(), CalibrationSettings.fromConfig(c.getConfig("experiments")));
    var actor = CalibrationActor.Settings.fromConfig(c);
    assertEquals(Duration.ofHours(1), actor.fullInterval());
    assertEquals(CalibrationSettings.defaults(), actor.experiments());
  }

  @Test
  void badValuesAreRefusedNamingTheKey() {
    var d = CalibrationSettings.defaults();
    var e = assertThrows(IllegalArgumentException.class, () -> new CalibrationSettings(0, d.sweepShots(), d.coarsePoints(),
        d.t1Points(), d.echoPoints(), d.ramseyPoints(), d.rbSequences(), d.rbShots(), d.rbMaxLength(), d.xebDepths(),
        d.xebCircuits(), d.xebShots(), d.quickShots(), d.minT1(), d.minT2(), d.maxReadoutError(), d.max1qError(),
        d.maxCzError(), d.tlsT1Drop(), d.quickT1Drift(), d.quickReadoutDrift()));
    assertTrue(e.getMessage().contains("readout-shots"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new CalibrationSettings(d.readoutShots(), d.sweepShots(), d.coarsePoints(),
        d.t1Points(), d.echoPoints(), d.ramseyPoints(), d.rbSequences(), d.rbShots(), d.rbMaxLength(), List.of(1, 1, 2),
        d.xebCircuits(), d.xebShots(), d.quickShots(), d.minT1(), d.minT2(), d.maxReadoutError(), d.max1qError(),
        d.maxCzError(), d.tlsT1Drop(), d.quickT1Drift(), d.quickReadoutDrift()));
    assertTrue(e.getMessage().contains("xeb-depths"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new CalibrationSettings(d.readoutShots(), d.sweepShots(), d.coarsePoints(),
        d.t1Points(), d.echoPoints(), d.ramseyPoints(), d.rbSequences(), d.rbShots(), d.rbMaxLength(), d.xebDepths(),
        d.xebCircuits(), d.xebShots(), d.quickShots(), d.minT1(), d.minT2(), d.maxReadoutError(), d.max1qError(),
        d.maxCzError(), 1.5, d.quickT1Drift(), d.quickReadoutDrift()));
    assertTrue(e.getMessage().contains("tls-t1-drop"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new CalibrationActor.Settings(Duration.ZERO, Duration.ofMinutes(5), 10, 1, d));
    assertTrue(e.getMessage().contains("full-interval"), e.getMessage());
  }
}
