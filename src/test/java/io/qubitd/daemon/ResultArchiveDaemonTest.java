package io.qubitd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qubitd.api.WireFormat;
import io.qubitd.config.QubitdConfig;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished job that left the daemon's memory is answered from the result archive in the journal's
 * H2 file: the same JSON as before, after a restart too, and 410 Gone once its retention ended.
 */
class ResultArchiveDaemonTest {

  static final Duration WAIT = Duration.ofSeconds(20);

  static Daemon.Running start(Path dir, String retention) {
    QubitdConfig config = new QubitdConfig(ConfigFactory.parseString("qubitd.chips = []\n"
        + "qubitd.scheduler.finished-in-memory = 100ms\nqubitd.scheduler.finished-retention = " + retention)
        .withFallback(QubitdConfig.loadRoot()).resolve());
    return Daemon.start(config, dir);
  }

  static void stop(Daemon.Running d) throws Exception {
    d.system().terminate();
    d.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static GatewayProtocol.ResultReply result(Daemon.Running d, String id) {
    TestProbe<GatewayProtocol.ResultReply> p = TestProbe.create(d.system());
    d.gateway().tell(new GatewayProtocol.GetResult(id, p.getRef()));
    return p.receiveMessage(WAIT);
  }

  static String json(GatewayProtocol.ResultReply reply) {
    GatewayProtocol.Results r = assertInstanceOf(GatewayProtocol.Results.class, reply);
    return WireFormat.write(WireFormat.results(r.job(), r.results()));
  }

  static boolean inMemory(Daemon.Running d) {
    TestProbe<GatewayProtocol.JobList> p = TestProbe.create(d.system());
    d.gateway().tell(new GatewayProtocol.ListJobs(null, null, 100, p.getRef()));
    return !p.receiveMessage(WAIT).jobs().isEmpty();
  }

  @Test
  void aJobThatLeftMemoryAnswersTheSameJsonAcrossARestartAndThen410(@TempDir Path dir) throws Exception {
    String id;
    String before;
    Daemon.Running d = start(dir, "1h");
    try {
      id = HostileJobsTest.accepted(HostileJobsTest.submit(d, new JobRequest("ideal",
          List.of(new CircuitSpec(DaemonTest.BELL, 100, Map.of())), 0, "alice", false)));
      TestProbe<GatewayProtocol.ResultReply> probe = TestProbe.create(d.system());
      before = probe.awaitAssert(WAIT, Duration.ofMillis(20), () -> json(result(d, id)));
      // the job leaves memory (the ledger lists nothing), and its result is still the same
      probe.awaitAssert(WAIT, Duration.ofMillis(50), () -> {
        assertTrue(!inMemory(d), "the finished job is still in memory");
        return null;
      });
      assertEquals(before, json(result(d, id)));
      TestProbe<GatewayProtocol.JobReply> job = TestProbe.create(d.system());
      d.gateway().tell(new GatewayProtocol.CancelJob(id, job.getRef()));
      assertEquals(409, assertInstanceOf(GatewayProtocol.JobRejected.class, job.receiveMessage(WAIT)).rejection().status());
    } finally {
      stop(d);
    }
    Daemon.Running again = start(dir, "1h");
    try {
      assertTrue(!inMemory(again));
      assertEquals(before, json(result(again, id)), "after a restart");
      TestProbe<GatewayProtocol.JobReply> job = TestProbe.create(again.system());
      again.gateway().tell(new GatewayProtocol.GetJob(id, job.getRef()));
      assertEquals("completed", assertInstanceOf(GatewayProtocol.JobFound.class, job.receiveMessage(WAIT)).job().status().wire());
    } finally {
      stop(again);
    }
    Daemon.Running later = start(dir, "1s");
    try {
      TestProbe<GatewayProtocol.ResultReply> probe = TestProbe.create(later.system());
      GatewayProtocol.Rejection gone = probe.awaitAssert(WAIT, Duration.ofMillis(100), () ->
          assertInstanceOf(GatewayProtocol.ResultRejected.class, result(later, id)).rejection());
      assertEquals(410, gone.status());
      assertTrue(gone.message().contains("qubitd.scheduler.finished-retention"), gone.message());
    } finally {
      stop(later);
    }
  }
}
