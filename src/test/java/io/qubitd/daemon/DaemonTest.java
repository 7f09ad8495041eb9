package io.qubitd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qubitd.config.QubitdConfig;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.Jobs.BackendInfo;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonTest {

  static final String BELL = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[2]; creg c[2]; h q[0]; cx q[0],q[1];"
      + " measure q -> c;";

  static QubitdConfig config() {
    return new QubitdConfig(ConfigFactory.parseString("qubitd.chips = [grid2x3]").withFallback(io.qubitd.config.QubitdConfig.loadRoot()).resolve());
  }

  @Test
  void startsServesBothBackendsAndStopsCleanly(@TempDir Path dir) throws Exception {
    Daemon.Running d = Daemon.start(config(), dir);
    ActorSystem<?> system = d.system();
    try {
      TestProbe<GatewayProtocol.BackendList> backends = TestProbe.create(system);
      d.gateway().tell(new GatewayProtocol.ListBackends(backends.getRef()));
      List<BackendInfo> list = backends.receiveMessage(Duration.ofSeconds(10)).backends();
      assertEquals(List.of("ideal", "grid2x3"), list.stream().map(BackendInfo::name).toList());
      assertEquals(6, list.get(1).qubits(), "grid2x3 has 6 qubits");

      TestProbe<GatewayProtocol.CalibrationReply> cal = TestProbe.create(system);
      d.gateway().tell(new GatewayProtocol.GetCalibration("grid2x3", cal.getRef()));
      var snapshot = assertInstanceOf(GatewayProtocol.Calibration.class, cal.receiveMessage(Duration.ofSeconds(10))).snapshot();
      assertEquals(0, snapshot.version(), "before calibration publishes, the truth is shown as version 0");
      assertEquals(6, snapshot.qubits().size());

      for (String backend : List.of("ideal", "grid2x3")) {
        TestProbe<GatewayProtocol.SubmitReply> submit = TestProbe.create(system);
        d.gateway().tell(new GatewayProtocol.SubmitJob(
            new JobRequest(backend, List.of(new CircuitSpec(BELL, 200, Map.of())), 0, "t", false), submit.getRef()));
        String id = assertInstanceOf(GatewayProtocol.Accepted.class, submit.receiveMessage(Duration.ofSeconds(20))).job().id();
        assertTrue(id.startsWith(backend + "."), id);
        TestProbe<GatewayProtocol.ResultReply> result = TestProbe.create(system);
        CircuitResult r = result.awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
          d.gateway().tell(new GatewayProtocol.GetResult(id, result.getRef()));
          return assertInstanceOf(GatewayProtocol.Results.class, result.receiveMessage()).results().get(0);
        });
        assertEquals(200, r.counts().values().stream().mapToLong(Long::longValue).sum());
        long bell = r.counts().getOrDefault("00", 0L) + r.counts().getOrDefault("11", 0L);
        assertTrue(bell >= (backend.equals("ideal") ? 200 : 150), backend + " Bell counts " + r.counts());
      }

      TestProbe<GatewayProtocol.Metrics> metrics = TestProbe.create(system);
      d.gateway().tell(new GatewayProtocol.GetMetrics(metrics.getRef()));
      GatewayProtocol.Metrics m = metrics.receiveMessage(Duration.ofSeconds(10));
      assertEquals(2, m.jobsCompleted());
      assertEquals(2, m.circuitsRun());
      assertTrue(m.latencySeconds().get("p50") > 0, m.toString());
      assertEquals(2.0 / 6, m.utilisation(), 1e-9, "a Bell pair keeps 2 of grid2x3's 6 qubits busy");
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
