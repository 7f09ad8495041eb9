package io.qubitd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qubitd.config.QubitdConfig;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import io.qubitd.scheduler.StoppableRunTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole daemon against the hostile jobs: nothing a job does keeps the next client's Bell pair waiting. */
class HostileJobsTest {

  static final String BELL = DaemonTest.BELL;
  static final String POISON = "OPENQASM 3.0; include \"stdgates.inc\"; qubit[1] q; for int i in [0:4999999] { h q[0]; }";
  /** A job that runs long enough to be cancelled while running (about 10 s of simulation). */
  static final String SLOW = StoppableRunTest.SLOW;
  static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void poisonIsRefusedASlowJobIsCancelledAtOnceAndABellJobFinishesWithinSeconds(@TempDir Path dir) throws Exception {
    QubitdConfig config = new QubitdConfig(ConfigFactory.parseString("qubitd.chips = []")
        .withFallback(QubitdConfig.loadRoot()).resolve());
    Daemon.Running d = Daemon.start(config, dir);
    ActorSystem<?> system = d.system();
    try {
      var poison = submit(d, new JobRequest("ideal", Collections.nCopies(20, new CircuitSpec(POISON, 1024, Map.of())), 0,
          "mallory", false));
      var refused = assertInstanceOf(GatewayProtocol.SubmitRejected.class, poison).rejection();
      assertEquals(413, refused.status());
      assertTrue(refused.message().contains("max-operations-per-circuit"), refused.message());

      String slow = accepted(submit(d, new JobRequest("ideal", List.of(new CircuitSpec(SLOW, 10, Map.of())), 0, "mallory",
          false)));
      TestProbe<GatewayProtocol.JobReply> job = TestProbe.create(system);
      job.awaitAssert(WAIT, Duration.ofMillis(50), () -> {
        d.gateway().tell(new GatewayProtocol.GetJob(slow, job.getRef()));
        assertEquals(JobStatus.RUNNING, ((GatewayProtocol.JobFound) job.receiveMessage()).job().status());
        return null;
      });
      Thread.sleep(500);
      d.gateway().tell(new GatewayProtocol.CancelJob(slow, job.getRef()));
      assertEquals(JobStatus.CANCELLED, ((GatewayProtocol.JobFound) job.receiveMessage(WAIT)).job().status());

      long t0 = System.nanoTime();
      String bell = accepted(submit(d, new JobRequest("ideal", List.of(new CircuitSpec(BELL, 100, Map.of())), 0, "alice",
          false)));
      TestProbe<GatewayProtocol.ResultReply> result = TestProbe.create(system);
      result.awaitAssert(WAIT, Duration.ofMillis(20), () -> {
        d.gateway().tell(new GatewayProtocol.GetResult(bell, result.getRef()));
        return assertInstanceOf(GatewayProtocol.Results.class, result.receiveMessage());
      });
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertTrue(seconds < 3, "the Bell job after the cancelled one took " + seconds + " s");
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  static GatewayProtocol.SubmitReply submit(Daemon.Running d, JobRequest r) {
    TestProbe<GatewayProtocol.SubmitReply> p = TestProbe.create(d.system());
    d.gateway().tell(new GatewayProtocol.SubmitJob(r, p.getRef()));
    return p.receiveMessage(WAIT);
  }

  static String accepted(GatewayProtocol.SubmitReply reply) {
    JobInfo info = assertInstanceOf(GatewayProtocol.Accepted.class, reply).job();
    return info.id();
  }
}
