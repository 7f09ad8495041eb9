package io.qubitd.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunMetricsTest {
  static final long S = 1_000_000_000L;

  @Test
  void ratesAreOverTheWindowOrTheAgeWhenYounger() {
    RunMetrics m = new RunMetrics(Duration.ofSeconds(10), 0);
    m.recordRun(1 * S, 4, 0.5);
    m.recordRun(2 * S, 6, 0.25);
    // 4 s old, younger than the window: 2 runs and 10 circuits over 4 s
    assertEquals(0.5, m.runsPerSecond(4 * S), 1e-12);
    assertEquals(2.5, m.circuitsPerSecond(4 * S), 1e-12);
    // at 11.5 s the first run (at 1 s) has left the 10 s window
    assertEquals(0.1, m.runsPerSecond(11_500_000_000L), 1e-12);
    assertEquals(0.6, m.circuitsPerSecond(11_500_000_000L), 1e-12);
    assertEquals(2, m.runs());
    assertEquals(10, m.circuits());
    assertEquals(0.75, m.busyFractionSum(), 1e-12);
  }
}
