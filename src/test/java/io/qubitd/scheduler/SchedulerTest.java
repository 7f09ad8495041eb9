package io.qubitd.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.scheduler.GatewayProtocol.Rejection;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobEvent;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scheduler with an in-memory journal and a probe standing in for each BatchRun child. */
@ExtendWith(TestKitJUnit5Extension.class)
class SchedulerTest {

  @JUnit5TestKit
  final ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(PersistenceTestKitPlugin.getInstance().config()
          .withFallback(PersistenceTestKitSnapshotPlugin.config()).withFallback(io.qubitd.config.QubitdConfig.loadRoot()))
      .build();

  final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());

  static final Duration WAIT = Duration.ofSeconds(5);
  static final String BELL = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[2]; creg c[2]; h q[0]; cx q[0],q[1]; measure q -> c;";

  static SchedulerSettings settings(int maxQueued, int perRun) {
    return new SchedulerSettings(200, 10_000, maxQueued, perRun, true, 1, Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(60), 500, 200_000, 10_000_000_000L, 1L << 30,
        Duration.ofSeconds(5), 3, Duration.ofMinutes(5), Duration.ofDays(7), 10_000);
  }

  /** What the scheduler handed to a run. */
  record Dispatched(List<BatchRun.Task> tasks, ActorRef<BatchRun.Outcome> replyTo) {}

  TestProbe<Dispatched> runs;
  int schedulers;

  @BeforeEach
  void clearJournal() {
    journal.clearAll();
    runs = testKit.createTestProbe();
  }

  ActorRef<Scheduler.Command> scheduler(SchedulerSettings s) {
    Scheduler.RunFactory stub = (tasks, replyTo) -> Behaviors.setup(ctx -> {
      runs.getRef().tell(new Dispatched(tasks, replyTo));
      return Behaviors.empty();
    });
    var backend = new Scheduler.Ideal(new IdealSimulator(KernelSettings.defaults().withMaxStateBytes(1 << 20)));
    return testKit.spawn(Scheduler.create("ideal" + (++schedulers), backend, s, ForkJoinPool.commonPool(), stub));
  }

  static JobRequest job(String client, int priority, int circuits) {
    return new JobRequest("ideal", Collections.nCopies(circuits, new CircuitSpec(BELL, 100, Map.of())), priority, client, false);
  }

  GatewayProtocol.SubmitReply submit(ActorRef<Scheduler.Command> s, JobRequest r) {
    TestProbe<GatewayProtocol.SubmitReply> p = testKit.createTestProbe();
    s.tell(new Scheduler.Submit(r, p.getRef()));
    return p.receiveMessage(WAIT);
  }

  JobInfo accept(ActorRef<Scheduler.Command> s, JobRequest r) {
    return assertInstanceOf(GatewayProtocol.Accepted.class, submit(s, r)).job();
  }

  Rejection reject(ActorRef<Scheduler.Command> s, JobRequest r) {
    return assertInstanceOf(GatewayProtocol.SubmitRejected.class, submit(s, r)).rejection();
  }

  static BatchRun.Completed allDone(Dispatched d) {
    List<BatchRun.Done> done = new ArrayList<>();
    for (BatchRun.Task t : d.tasks()) done.add(new BatchRun.Done(t, stubResult(t)));
    return new BatchRun.Completed(done, List.of(), List.of(), null, 0);
  }

  /** A marker result: a run that never happened could not produce these counts. */
  static CircuitResult stubResult(BatchRun.Task t) {
    return new CircuitResult(Map.of("stub" + t.index(), (long) t.circuit().shots()), t.circuit().shots(), null, List.of(),
        List.of(), 0, "stub", -1);
  }

  @Test
  void acceptedOnlyOnceTheAcceptanceIsInTheJournal() {
    var s = scheduler(settings(10, 1));
    JobInfo info = accept(s, job("a", 0, 1));
    assertEquals(JobStatus.QUEUED, info.status());
    journal.expectNextPersisted(Scheduler.persistenceId("ideal1").id(),
        new Scheduler.JobAccepted(info.id(), job("a", 0, 1), info.submitted()));

    journal.failNextPersisted();
    TestProbe<GatewayProtocol.SubmitReply> p = testKit.createTestProbe();
    s.tell(new Scheduler.Submit(job("b", 0, 1), p.getRef()));
    p.expectNoMessage(Duration.ofMillis(500));
  }

  @Test
  void refusesWhatBreaksALimitWithStatusAndReason() {
    var s = scheduler(settings(1, 1));
    Rejection empty = reject(s, job("a", 0, 0));
    assertEquals(400, empty.status());
    assertTrue(empty.message().contains("at least one circuit"), empty.message());

    Rejection many = reject(s, job("a", 0, 201));
    assertEquals(413, many.status());
    assertTrue(many.message().contains("200"), many.message());

    Rejection noShots = reject(s, new JobRequest("ideal", List.of(new CircuitSpec(BELL, 0, Map.of())), 0, "a", false));
    assertEquals(400, noShots.status());
    Rejection tooManyShots = reject(s, new JobRequest("ideal", List.of(new CircuitSpec(BELL, 10_001, Map.of())), 0, "a", false));
    assertEquals(413, tooManyShots.status());
    assertTrue(tooManyShots.message().contains("10000"), tooManyShots.message());

    Rejection badQasm = reject(s, new JobRequest("ideal", List.of(
        new CircuitSpec(BELL, 1, Map.of()), new CircuitSpec("OPENQASM 2.0;\nqreg q[1];\nfoo q[0];", 1, Map.of())), 0, "a", false));
    assertEquals(400, badQasm.status());
    assertTrue(badQasm.message().startsWith("circuit[1]:3:"), "the parser's message names circuit, line and column: "
        + badQasm.message());

    // beyond every method at the test backend's 1 MiB: the state vector's width, the MPS's memory, the tableau's gates
    Rejection wide = reject(s, new JobRequest("ideal", List.of(
        new CircuitSpec("OPENQASM 2.0; include \"qelib1.inc\"; qreg q[20]; h q[4]; t q[4];", 1, Map.of())), 0, "a", false));
    assertEquals(400, wide.status());
    assertTrue(wide.message().contains("20 qubits") && wide.message().contains("mps") && wide.message().contains("Clifford"),
        wide.message());

    accept(s, job("a", 0, 1));
    Rejection full = reject(s, job("b", 0, 1));
    assertEquals(429, full.status());
  }

  @Test
  void higherPriorityFirstThenRoundRobinBetweenClients() {
    var s = scheduler(settings(100, 1));
    JobInfo first = accept(s, job("alice", 0, 1));
    Dispatched running = runs.receiveMessage(WAIT);
    assertEquals(first.id(), running.tasks().get(0).jobId());
    JobInfo a2 = accept(s, job("alice", 0, 2));
    JobInfo b = accept(s, job("bob", 0, 2));
    JobInfo urgent = accept(s, job("carol", 5, 1));
    List<String> order = new ArrayList<>();
    Dispatched d = running;
    for (int i = 0; i < 5; i++) {
      d.replyTo().tell(allDone(d));
      d = runs.receiveMessage(WAIT);
      order.add(d.tasks().get(0).jobId() + "#" + d.tasks().get(0).index());
    }
    // alice was served last (the first job), so after the urgent job bob's circuit goes before alice's
    assertEquals(List.of(urgent.id() + "#0", b.id() + "#0", a2.id() + "#0", b.id() + "#1", a2.id() + "#1"), order);
  }

  @Test
  void cancelQueuedNeverRunsCancelRunningDiscardsItsResults() {
    var s = scheduler(settings(100, 1));
    JobInfo running = accept(s, job("a", 0, 1));
    Dispatched d = runs.receiveMessage(WAIT);
    JobInfo queued = accept(s, job("b", 0, 1));

    TestProbe<GatewayProtocol.JobReply> reply = testKit.createTestProbe();
    s.tell(new Scheduler.Cancel(queued.id(), reply.getRef()));
    assertEquals(JobStatus.CANCELLED, assertInstanceOf(GatewayProtocol.JobFound.class, reply.receiveMessage(WAIT)).job().status());
    s.tell(new Scheduler.Cancel(running.id(), reply.getRef()));
    assertEquals(JobStatus.CANCELLED, assertInstanceOf(GatewayProtocol.JobFound.class, reply.receiveMessage(WAIT)).job().status());
    s.tell(new Scheduler.Cancel(running.id(), reply.getRef()));
    assertEquals(409, assertInstanceOf(GatewayProtocol.JobRejected.class, reply.receiveMessage(WAIT)).rejection().status());

    d.replyTo().tell(allDone(d));
    runs.expectNoMessage(Duration.ofMillis(300));
    TestProbe<GatewayProtocol.ResultReply> result = testKit.createTestProbe();
    s.tell(new Scheduler.GetResult(running.id(), result.getRef()));
    assertEquals(409, assertInstanceOf(GatewayProtocol.ResultRejected.class, result.receiveMessage(WAIT)).rejection().status());
    s.tell(new Scheduler.GetJob(running.id(), reply.getRef()));
    JobInfo after = assertInstanceOf(GatewayProtocol.JobFound.class, reply.receiveMessage(WAIT)).job();
    assertEquals(JobStatus.CANCELLED, after.status());
    assertEquals(0, after.circuitsDone(), "the finished run's results were discarded");
  }

  @Test
  void subscribersSeeTheLifecycleAndDeadOnesAreDropped() {
    var s = scheduler(settings(100, 2));
    TestProbe<JobEvent> events = testKit.createTestProbe();
    TestProbe<JobEvent> doomed = testKit.createTestProbe();
    s.tell(new Scheduler.Subscribe(null, events.getRef()));
    s.tell(new Scheduler.Subscribe(null, doomed.getRef()));
    doomed.stop();
    JobInfo j = accept(s, job("a", 0, 2));
    Dispatched d = runs.receiveMessage(WAIT);
    d.replyTo().tell(allDone(d));
    List<String> types = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      JobEvent e = events.receiveMessage(WAIT);
      assertEquals(j.id(), e.jobId());
      types.add(e.type() + (e.circuit() == null ? "" : e.circuit()));
    }
    assertEquals(List.of("queued", "running", "circuit_done0", "circuit_done1", "completed"), types);
    TestProbe<GatewayProtocol.ResultReply> result = testKit.createTestProbe();
    s.tell(new Scheduler.GetResult(j.id(), result.getRef()));
    var r = assertInstanceOf(GatewayProtocol.Results.class, result.receiveMessage(WAIT));
    assertEquals(List.of(Map.of("stub0", 100L), Map.of("stub1", 100L)), r.results().stream().map(CircuitResult::counts).toList(),
        "results in circuit order");

    TestProbe<JobEvent> late = testKit.createTestProbe();
    s.tell(new Scheduler.Subscribe(j.id(), late.getRef()));
    assertEquals("completed", late.receiveMessage(WAIT).type(), "a late subscriber to a finished job hears its end");
  }

  @Test
  void aChipJobMustCompileOnTheChipsCurrentSnapshot() {
    var spec = io.qubitd.device.ChipSpec.load("grid2x3");
    var executor = PackerTest.executor(spec);
    var chip = testKit.spawn(io.qubitd.chip.ChipActor.create(spec, spec.sampleTruth(1),
        new io.qubitd.chip.ChipActor.Settings(Duration.ofSeconds(1), 0, Duration.ofSeconds(3)), 1, executor,
        ForkJoinPool.commonPool()));
    Scheduler.RunFactory stub = (tasks, replyTo) -> Behaviors.setup(ctx -> {
      runs.getRef().tell(new Dispatched(tasks, replyTo));
      return Behaviors.empty();
    });
    var s = testKit.spawn(Scheduler.create("grid2x3", new Scheduler.Chip(spec, chip, executor), settings(10, 4),
        ForkJoinPool.commonPool(), stub));
    String seven = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[7]; h q[6];";
    Rejection wide = reject(s, new JobRequest("grid2x3", List.of(new CircuitSpec(seven, 10, Map.of())), 0, "a", false));
    assertEquals(400, wide.status());
    assertTrue(wide.message().contains("grid2x3") && wide.message().contains("7 qubits"), wide.message());
    Rejection memory = reject(s, new JobRequest("grid2x3", List.of(new CircuitSpec(BELL, 10, Map.of())), 0, "a", true));
    assertEquals(400, memory.status());
    assertTrue(memory.message().contains("memory"), memory.message());
    accept(s, new JobRequest("grid2x3", List.of(new CircuitSpec(BELL, 10, Map.of())), 0, "a", false));
    assertEquals(1, runs.receiveMessage(WAIT).tasks().size());
  }

  @Test
  void drainWaitsForTheRunOnTheChipAndStartsNoOther() {
    var s = scheduler(settings(100, 1));
    accept(s, job("a", 0, 2));
    Dispatched d = runs.receiveMessage(WAIT);
    TestProbe<org.apache.pekko.Done> drained = testKit.createTestProbe();
    s.tell(new Scheduler.Drain(drained.getRef()));
    drained.expectNoMessage(Duration.ofMillis(200));
    d.replyTo().tell(allDone(d));
    drained.receiveMessage(WAIT);
    runs.expectNoMessage(Duration.ofMillis(300));
  }

  @Test
  void anAbandonedRunIsRetriedAndAFailedCircuitFailsItsJob() {
    var s = scheduler(settings(100, 1));
    JobInfo j = accept(s, job("a", 0, 1));
    Dispatched d = runs.receiveMessage(WAIT);
    d.replyTo().tell(new BatchRun.Abandoned("the chip did not answer in time"));
    Dispatched retry = runs.receiveMessage(WAIT);
    assertEquals(d.tasks(), retry.tasks(), "the same circuit is offered again");
    retry.replyTo().tell(new BatchRun.Completed(List.of(), List.of(new BatchRun.Failure(retry.tasks().get(0), "boom")), List.of(),
        null, 0));
    TestProbe<GatewayProtocol.JobReply> reply = testKit.createTestProbe();
    reply.awaitAssert(WAIT, () -> {
      s.tell(new Scheduler.GetJob(j.id(), reply.getRef()));
      JobInfo info = assertInstanceOf(GatewayProtocol.JobFound.class, reply.receiveMessage()).job();
      assertEquals(JobStatus.FAILED, info.status());
      assertEquals("circuit 0: boom", info.error());
      return null;
    });
  }
}
