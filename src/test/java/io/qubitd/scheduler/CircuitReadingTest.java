package io.qubitd.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.qasm.QasmSettings;
import io.qubitd.device.ChipSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The daemon reads a job's OpenQASM with the {@code qubitd.qasm} settings, within the scheduler's operation
 * budget per circuit, and on a chip with the {@code dt} its chip file states.
 */
class CircuitReadingTest {

  static final String DELAY = "OPENQASM 3.0;\nqubit q;\nbit c;\ndelay[2000dt] q;\nc = measure q;\n";

  static double delaySeconds(Circuit c) {
    for (Operation op : c.operations()) if (op instanceof Operation.Delay d) return d.seconds();
    throw new AssertionError("no delay in " + c.operations());
  }

  static BatchRun.Task task(String qasm) {
    return new BatchRun.Task("job", 0, new Jobs.CircuitSpec(qasm, 10, Map.of(), null), false, 1);
  }

  @Test
  void theChipFileStatesDt() {
    // conf/chips/wukong72.conf: durations.dt = 0.5ns (2 GS/s)
    assertEquals(0.5e-9, ChipSpec.load("wukong72").dt(), 0);
    var bad = ConfigFactory.parseString("chip.durations.dt = -1ns").withFallback(
        ConfigFactory.parseResources("chips/grid2x3.conf")).resolve();
    Exception e = assertThrows(RuntimeException.class, () -> ChipSpec.fromConfig(bad));
    assertTrue(e.getMessage().contains("durations.dt"), e.getMessage());
    var none = ConfigFactory.parseResources("chips/grid2x3.conf").withoutPath("chip.durations.dt").resolve();
    assertTrue(Double.isNaN(ChipSpec.fromConfig(none).dt()));
  }

  @Test
  void jobsOnAChipCountDtInTheChipsSampleTimeAndOnTheIdealBackendInTheSetting() {
    SchedulerSettings s = SchedulerTest.settings(10, 10).withQasm(new QasmSettings(5_000_000, 7, 3e-9));
    ChipSpec wukong = ChipSpec.load("wukong72");
    // 2000 dt: 1 µs at 0.5 ns on the chip, 6 µs at the setting's 3 ns on the ideal backend
    assertEquals(1e-6, delaySeconds(BatchWork.parse(task(DELAY), BatchRun.Limits.of(s).reading(wukong))), 1e-18);
    assertEquals(6e-6, delaySeconds(BatchWork.parse(task(DELAY), BatchRun.Limits.of(s).reading(null))), 1e-18);
    assertEquals(1e-6, delaySeconds(io.qubitd.circuit.qasm.QasmParser.parse(DELAY, "c.qasm", Map.of(), s.circuitReading(wukong))), 1e-18);
    // the budget is the scheduler's per circuit, the unrolling limit the setting's
    QasmSettings r = s.circuitReading(null);
    assertEquals(new QasmSettings(200_000, 7, 3e-9), r);
  }
}
