package io.qubitd.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.config.QubitdConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopped daemon leaves no simulation running in its JVM: its chip's calibration (minutes of
 * simulation over 72 qubits) ends with it instead of running on and slowing every later daemon and test.
 */
class DaemonShutdownTest {

  /** Threads of this JVM inside calibration or simulation code (running, or waiting for their parallel parts). */
  static List<String> simulating() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> Arrays.stream(e.getValue()).anyMatch(f ->
            f.getClassName().startsWith("io.qubitd.calibration.") || f.getClassName().startsWith("io.qubitd.kernel.")
                || f.getClassName().startsWith("io.qubitd.device.noise.")))
        .map(e -> e.getKey().getName())
        .toList();
  }

  @Test
  void theCalibrationUnderWayStopsWithTheDaemon(@TempDir Path dir) throws Exception {
    Daemon.Running d = Daemon.start(new QubitdConfig(QubitdConfig.loadRoot()), dir);
    // wukong72's first full calibration starts with the daemon
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    boolean started = false;
    while (!started && System.nanoTime() < until) {
      started = !simulating().isEmpty();
      Thread.sleep(20);
    }
    assertTrue(started, "the calibration never started");
    d.system().terminate();
    d.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    // it ends at its next batch of experiments; without the stop it runs on for minutes
    until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    List<String> left = simulating();
    while (!left.isEmpty() && System.nanoTime() < until) {
      Thread.sleep(100);
      left = simulating();
    }
    assertTrue(left.isEmpty(), "still simulating 15 s after the daemon stopped: " + left);
  }
}
