package io.qubitd.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class CompilerSettingsTest {
  @Test
  void readsItsSubtreeAndKeepsDefaultsForAbsentKeys() {
    CompilerSettings s = CompilerSettings.fromConfig(
        ConfigFactory.parseString("routing-trials = 3\nseed = 42\noptimize = false"));
    CompilerSettings d = CompilerSettings.defaults();
    assertEquals(new CompilerSettings(3, d.layoutIterations(), d.lookaheadWeight(), d.lookaheadSize(), 42, false, d.regionCandidates(),
        d.layoutCallLimit()), s);
  }

  @Test
  void rejectsNonsenseWithTheFieldName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CompilerSettings.fromConfig(ConfigFactory.parseString("routing-trials = 0")));
    assertTrue(e.getMessage().contains("routingTrials"), e.getMessage());
  }
}
