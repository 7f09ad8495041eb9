package io.qubitd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qubitd.cluster.ClusterSettings;
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

/**
 * Cluster mode in one JVM: a node that founds its own cluster, with every message checked by a
 * round trip through its serializer ({@code pekko.actor.serialize-messages = on}), so each message
 * that may cross nodes (gateway to chip entity, scheduler replies, calibration, latency histograms,
 * regions to simulation workers and back) is proven serializable. The exempt prefixes below are the
 * messages that never leave their node: an actor's children, timers and adapters.
 */
class ClusterModeTest {

  static final String BELL = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[2]; creg c[2]; h q[0]; cx q[0],q[1];"
      + " measure q -> c;";

  static final String CLUSTER = """
      qubitd.chips = [grid2x3]
      qubitd.calibration.enabled = false
      qubitd.kernel.threads = 1
      qubitd.cluster { enabled = true, port = 0, simulation-workers = 2, work-pulling = true }
      qubitd.daemon.journal = configured
      pekko-persistence-jdbc.shared-databases.qubitd.db.url = "jdbc:h2:mem:cluster-mode-test;DB_CLOSE_DELAY=-1"
      pekko.actor.serialize-messages = on
      pekko.actor.no-serialization-verification-needed-class-prefix = [
        "org.apache.pekko.",
        "io.qubitd.chip.QubitActor", "io.qubitd.chip.CouplerActor", "io.qubitd.chip.TruthQuery", "io.qubitd.chip.ChipRun",
        "io.qubitd.chip.ChipActor$Get", "io.qubitd.chip.ChipActor$Truth", "io.qubitd.chip.ChipActor$Tick",
        "io.qubitd.scheduler.Scheduler$Validated", "io.qubitd.scheduler.Scheduler$RunFinished",
        "io.qubitd.scheduler.Scheduler$Kick", "io.qubitd.scheduler.Scheduler$CalibrationFetched",
        "io.qubitd.scheduler.Scheduler$RefreshCalibration", "io.qubitd.scheduler.BatchRun", "io.qubitd.scheduler.Gather",
        "io.qubitd.scheduler.Scheduler$FailPoisoned", "io.qubitd.scheduler.Scheduler$ExpireFinished",
        "io.qubitd.cluster.SimulationPool$WorkersChanged", "io.qubitd.cluster.SimulationPool$WorkerGone",
        "io.qubitd.cluster.SimulationPool$RegionOverdue", "io.qubitd.cluster.SimulationWorker$Finished", "io.qubitd.daemon.Guardian"
      ]
      """;

  @Test
  void aOneNodeClusterServesBothBackendsWithEveryMessageSerialized(@TempDir Path dir) throws Exception {
    QubitdConfig config = new QubitdConfig(ConfigFactory.parseString(CLUSTER).withFallback(QubitdConfig.loadRoot()).resolve());
    Daemon.Running d = Daemon.start(config, dir);
    ActorSystem<?> system = d.system();
    try {
      assertEquals("cluster", system.settings().config().getString("pekko.actor.provider"));
      TestProbe<GatewayProtocol.BackendList> backends = TestProbe.create(system);
      List<BackendInfo> list = backends.awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
        d.gateway().tell(new GatewayProtocol.ListBackends(backends.getRef()));
        List<BackendInfo> l = backends.receiveMessage(Duration.ofSeconds(10)).backends();
        assertTrue(l.stream().allMatch(BackendInfo::online), l.toString());
        return l;
      });
      assertEquals(List.of("ideal", "grid2x3"), list.stream().map(BackendInfo::name).toList());
      assertEquals(6, list.get(1).qubits(), "grid2x3 has 6 qubits");

      TestProbe<GatewayProtocol.CalibrationReply> cal = TestProbe.create(system);
      d.gateway().tell(new GatewayProtocol.GetCalibration("grid2x3", cal.getRef()));
      var snapshot = assertInstanceOf(GatewayProtocol.Calibration.class, cal.receiveMessage(Duration.ofSeconds(10))).snapshot();
      assertEquals(6, snapshot.qubits().size());

      for (String backend : List.of("ideal", "grid2x3")) {
        TestProbe<GatewayProtocol.SubmitReply> submit = TestProbe.create(system);
        d.gateway().tell(new GatewayProtocol.SubmitJob(
            new JobRequest(backend, List.of(new CircuitSpec(BELL, 200, Map.of()), new CircuitSpec(BELL, 300, Map.of())),
                0, "t", false), submit.getRef()));
        String id = assertInstanceOf(GatewayProtocol.Accepted.class, submit.receiveMessage(Duration.ofSeconds(20))).job().id();
        TestProbe<GatewayProtocol.ResultReply> result = TestProbe.create(system);
        List<CircuitResult> rs = result.awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
          d.gateway().tell(new GatewayProtocol.GetResult(id, result.getRef()));
          return assertInstanceOf(GatewayProtocol.Results.class, result.receiveMessage()).results();
        });
        for (int i = 0; i < 2; i++) {
          CircuitResult r = rs.get(i);
          int shots = i == 0 ? 200 : 300;
          assertEquals(shots, r.counts().values().stream().mapToLong(Long::longValue).sum());
          long bell = r.counts().getOrDefault("00", 0L) + r.counts().getOrDefault("11", 0L);
          // a Bell pair reads 00 or 11; on the chip, readout and gate errors flip a few shots
          assertTrue(bell >= (backend.equals("ideal") ? shots : 0.75 * shots), backend + " Bell counts " + r.counts());
        }
      }

      TestProbe<GatewayProtocol.Metrics> metrics = TestProbe.create(system);
      d.gateway().tell(new GatewayProtocol.GetMetrics(metrics.getRef()));
      GatewayProtocol.Metrics m = metrics.receiveMessage(Duration.ofSeconds(10));
      assertEquals(2, m.jobsCompleted());
      assertEquals(4, m.circuitsRun());
      assertTrue(m.latencySeconds().get("p50") > 0, "latency histograms survive the wire: " + m);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void clusterModeIsOffByDefaultAndLeavesTheConfigurationAlone() {
    Config root = QubitdConfig.loadRoot();
    ClusterSettings cluster = ClusterSettings.fromConfig(root.getConfig("qubitd.cluster"));
    assertEquals(false, cluster.enabled());
    assertSame(root, Daemon.withCluster(root, root.getConfig("qubitd.daemon"), cluster));
    assertEquals("local", root.getString("pekko.actor.provider"));
  }

  @Test
  void seedNodesComeAsOneCommaSeparatedStringAndSetTheProvider() {
    Config c = ConfigFactory.parseString("""
        qubitd.cluster.enabled = true
        qubitd.cluster.seed-nodes = "pekko://qubitd@10.0.0.1:25520, pekko://qubitd@10.0.0.2:25520"
        qubitd.daemon.journal = configured
        """).withFallback(QubitdConfig.loadRoot()).resolve();
    ClusterSettings cluster = ClusterSettings.fromConfig(c.getConfig("qubitd.cluster"));
    Config node = Daemon.withCluster(c, c.getConfig("qubitd.daemon"), cluster);
    assertEquals("cluster", node.getString("pekko.actor.provider"));
    assertEquals(List.of("pekko://qubitd@10.0.0.1:25520", "pekko://qubitd@10.0.0.2:25520"), node.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(25520, node.getInt("pekko.remote.artery.canonical.port"));
  }

  @Test
  void aClusterOnPerNodeH2FilesIsRefusedWithTheFix() {
    Config c = ConfigFactory.parseString("qubitd.cluster.enabled = true").withFallback(QubitdConfig.loadRoot()).resolve();
    ClusterSettings cluster = ClusterSettings.fromConfig(c.getConfig("qubitd.cluster"));
    var e = assertThrows(IllegalArgumentException.class, () -> Daemon.withCluster(c, c.getConfig("qubitd.daemon"), cluster));
    assertTrue(e.getMessage().contains("qubitd.daemon.journal = configured"), e.getMessage());
  }

  @Test
  void aSeedNodeThatIsNotAPekkoAddressIsNamed() {
    Config c = ConfigFactory.parseString("qubitd.cluster.seed-nodes = \"10.0.0.1:25520\"").withFallback(QubitdConfig.loadRoot()).resolve();
    var e = assertThrows(RuntimeException.class, () -> ClusterSettings.fromConfig(c.getConfig("qubitd.cluster")));
    assertTrue(e.getMessage().contains("'10.0.0.1:25520'"), e.getMessage());
  }
}
