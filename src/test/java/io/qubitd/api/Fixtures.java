package io.qubitd.api;

import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.CalibrationSnapshot.CouplerCalibration;
import io.qubitd.device.CalibrationSnapshot.QubitCalibration;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Hand-made jobs, results and settings for the API tests. */
final class Fixtures {
  private Fixtures() {}

  static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");
  static final String BELL = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n";

  /** Short timeouts so that the timeout paths are tested in well under a second. */
  static ApiSettings settings(Duration askTimeout) {
    return new ApiSettings("127.0.0.1", 0, askTimeout, Duration.ofMillis(300), 8, 100, 1000, 1024,
        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 64);
  }

  static JobInfo job(String id, JobStatus status) {
    boolean started = status != JobStatus.QUEUED;
    return new JobInfo(id, "wukong72", status, 3, "alice", T0, started ? T0.plusSeconds(1) : null,
        status.isFinal() ? T0.plusSeconds(2) : null, 2, status == JobStatus.COMPLETED ? 2 : 0,
        status == JobStatus.FAILED ? "circuit 1 cannot be routed" : null);
  }

  static CircuitResult result(long n00, long n11) {
    return new CircuitResult(Map.of("00", n00, "11", n11), (int) (n00 + n11), null, List.of(5, 6), List.of(6, 5), 1,
        "density_matrix", 7);
  }

  static CalibrationSnapshot snapshot() {
    return new CalibrationSnapshot("wukong72", 7, T0,
        List.of(new QubitCalibration(0, 8.1e-5, 6.2e-5, 4.95e9, 0.021, 0.013, 4.5e-4, true),
            new QubitCalibration(1, 7.0e-5, 3.3e-5, 5.01e9, 0.034, 0.011, 6.1e-4, false)),
        List.of(new CouplerCalibration(0, 1, 0.0071, 12000.0, true)));
  }
}
