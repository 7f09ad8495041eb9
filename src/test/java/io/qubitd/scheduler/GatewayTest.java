package io.qubitd.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.chip.ChipActor;
import io.qubitd.scheduler.Jobs.BackendInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway with probes standing in for the schedulers and the chip. */
@ExtendWith(TestKitJUnit5Extension.class)
class GatewayTest {

  @JUnit5TestKit
  final ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  TestProbe<Scheduler.Command> ideal;
  TestProbe<Scheduler.Command> chipScheduler;
  TestProbe<ChipActor.Command> chip;
  ActorRef<GatewayProtocol.Command> gateway;

  @BeforeEach
  void start() {
    ideal = testKit.createTestProbe();
    chipScheduler = testKit.createTestProbe();
    chip = testKit.createTestProbe();
    gateway = testKit.spawn(Gateway.create(List.of(new Gateway.Backend("ideal", ideal.getRef(), null),
        new Gateway.Backend("grid2x3", chipScheduler.getRef(), chip.getRef())), Duration.ofMillis(300)));
  }

  @Test
  void routesByBackendNameAndJobIdPrefix() {
    TestProbe<GatewayProtocol.SubmitReply> submit = testKit.createTestProbe();
    var request = new JobRequest("grid2x3", List.of(), 0, null, false);
    gateway.tell(new GatewayProtocol.SubmitJob(request, submit.getRef()));
    assertEquals(request, chipScheduler.expectMessageClass(Scheduler.Submit.class).request());

    TestProbe<GatewayProtocol.JobReply> job = testKit.createTestProbe();
    gateway.tell(new GatewayProtocol.GetJob("grid2x3.abc", job.getRef()));
    assertEquals("grid2x3.abc", chipScheduler.expectMessageClass(Scheduler.GetJob.class).id());
    gateway.tell(new GatewayProtocol.CancelJob("ideal.xyz", job.getRef()));
    assertEquals("ideal.xyz", ideal.expectMessageClass(Scheduler.Cancel.class).id());
  }

  @Test
  void unknownBackendsAndJobsAre404WithTheName() {
    TestProbe<GatewayProtocol.SubmitReply> submit = testKit.createTestProbe();
    gateway.tell(new GatewayProtocol.SubmitJob(new JobRequest("nowhere", List.of(), 0, null, false), submit.getRef()));
    var r = assertInstanceOf(GatewayProtocol.SubmitRejected.class, submit.receiveMessage()).rejection();
    assertEquals(404, r.status());
    assertTrue(r.message().contains("nowhere") && r.message().contains("grid2x3"), r.message());
    gateway.tell(new GatewayProtocol.SubmitJob(new JobRequest(null, List.of(), 0, null, false), submit.getRef()));
    assertEquals(400, assertInstanceOf(GatewayProtocol.SubmitRejected.class, submit.receiveMessage()).rejection().status());

    TestProbe<GatewayProtocol.ResultReply> result = testKit.createTestProbe();
    gateway.tell(new GatewayProtocol.GetResult("nojob", result.getRef()));
    assertEquals(404, assertInstanceOf(GatewayProtocol.ResultRejected.class, result.receiveMessage()).rejection().status());

    TestProbe<GatewayProtocol.CalibrationReply> cal = testKit.createTestProbe();
    gateway.tell(new GatewayProtocol.GetCalibration("ideal", cal.getRef()));
    assertEquals(404, assertInstanceOf(GatewayProtocol.CalibrationRejected.class, cal.receiveMessage()).rejection().status());
    gateway.tell(new GatewayProtocol.GetCalibration("grid2x3", cal.getRef()));
    chip.expectMessageClass(ChipActor.GetCalibration.class);
    var silent = assertInstanceOf(GatewayProtocol.CalibrationRejected.class, cal.receiveMessage(Duration.ofSeconds(2)));
    assertEquals(503, silent.rejection().status(), "a chip that does not answer is unavailable, not unknown");
  }

  @Test
  void metricsAddUpTheBackendsAndMergeLatencies() {
    Histogram idealLatency = new Histogram(3);
    idealLatency.recordValue(1000);
    Histogram chipLatency = new Histogram(3);
    chipLatency.recordValue(3000);
    chipLatency.recordValue(5000);
    chipLatency.recordValue(7000);
    TestProbe<GatewayProtocol.Metrics> metrics = testKit.createTestProbe();
    gateway.tell(new GatewayProtocol.GetMetrics(metrics.getRef()));
    ideal.expectMessageClass(Scheduler.GetStats.class).replyTo().tell(
        new Scheduler.Stats("ideal", "simulator", 28, 2, 5, 1, 3, 9, 0.5, 1.5, 0, idealLatency, false));
    chipScheduler.expectMessageClass(Scheduler.GetStats.class).replyTo().tell(
        new Scheduler.Stats("grid2x3", "chip", 6, 1, 4, 3, 4, 8, 0.25, 2.0, 2.0, chipLatency, false));
    GatewayProtocol.Metrics m = metrics.receiveMessage();
    assertEquals(Map.of("ideal", 2, "grid2x3", 1), m.queueDepth());
    assertEquals(9, m.jobsAccepted());
    assertEquals(4, m.jobsCompleted());
    assertEquals(7, m.chipRuns());
    assertEquals(17, m.circuitsRun());
    assertEquals(0.75, m.runsPerSecond(), 1e-12);
    assertEquals(3.5, m.circuitsPerSecond(), 1e-12);
    assertEquals(0.5, m.utilisation(), 1e-12, "busy fractions summing to 2 over 4 chip runs");
    // four latencies 1, 3, 5, 7 s: the median is the second, the maximum 7 s (HdrHistogram keeps 3 digits)
    assertEquals(3.0, m.latencySeconds().get("p50"), 0.01);
    assertEquals(7.0, m.latencySeconds().get("max"), 0.01);
  }

  @Test
  void aSchedulerThatDoesNotAnswerIsListedOffline() {
    TestProbe<GatewayProtocol.BackendList> list = testKit.createTestProbe();
    gateway.tell(new GatewayProtocol.ListBackends(list.getRef()));
    ideal.expectMessageClass(Scheduler.GetStats.class).replyTo().tell(
        new Scheduler.Stats("ideal", "simulator", 28, 0, 0, 0, 0, 0, 0, 0, 0, new Histogram(3), false));
    List<BackendInfo> backends = list.receiveMessage(Duration.ofSeconds(2)).backends();
    assertEquals(List.of(new BackendInfo("ideal", "simulator", 28, 0, true), new BackendInfo("grid2x3", "chip", 0, 0, false)),
        backends);
  }

  @Test
  void listsJobsOfEveryBackendNewestFirstUpToTheLimit() {
    TestProbe<GatewayProtocol.JobList> list = testKit.createTestProbe();
    gateway.tell(new GatewayProtocol.ListJobs("alice", null, 2, list.getRef()));
    var toIdeal = ideal.expectMessageClass(Scheduler.ListJobs.class);
    assertEquals("alice", toIdeal.client());
    toIdeal.replyTo().tell(new GatewayProtocol.JobList(List.of(info("ideal.b", 20), info("ideal.a", 10))));
    chipScheduler.expectMessageClass(Scheduler.ListJobs.class).replyTo().tell(
        new GatewayProtocol.JobList(List.of(info("grid2x3.c", 15))));
    assertEquals(List.of("ideal.b", "grid2x3.c"), list.receiveMessage().jobs().stream().map(Jobs.JobInfo::id).toList());
  }

  static Jobs.JobInfo info(String id, long second) {
    return new Jobs.JobInfo(id, id.substring(0, id.indexOf('.')), Jobs.JobStatus.QUEUED, 0, "alice",
        java.time.Instant.ofEpochSecond(second), null, null, 1, 0, null);
  }

  @Test
  void registersWithTheReceptionist() {
    TestProbe<Receptionist.Listing> listing = testKit.createTestProbe();
    listing.awaitAssert(() -> {
      testKit.system().receptionist().tell(Receptionist.find(GatewayProtocol.KEY, listing.getRef()));
      assertEquals(java.util.Set.of(gateway), listing.receiveMessage().getServiceInstances(GatewayProtocol.KEY));
      return null;
    });
  }
}
