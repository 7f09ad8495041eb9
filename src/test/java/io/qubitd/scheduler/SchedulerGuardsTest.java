package io.qubitd.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.scheduler.GatewayProtocol.Rejection;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.time.Duration;
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

/**
 * What a hostile or careless client cannot do to a scheduler: submit a job over its cost budgets, keep
 * a cancelled job running, or wedge the backend with a job that kills the daemon at every start.
 * In-memory journal; a probe stands in for each run and records what the scheduler tells it.
 */
@ExtendWith(TestKitJUnit5Extension.class)
class SchedulerGuardsTest {

  @JUnit5TestKit
  final ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(PersistenceTestKitPlugin.getInstance().config()
          .withFallback(PersistenceTestKitSnapshotPlugin.config()).withFallback(io.qubitd.config.QubitdConfig.loadRoot()))
      .build();

  final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());

  static final Duration WAIT = Duration.ofSeconds(10);
  static final String BELL = SchedulerTest.BELL;
  /** The poison: 118 bytes of OpenQASM 3 that unroll to five million operations. */
  static final String POISON = "OPENQASM 3.0; include \"stdgates.inc\"; qubit[1] q; for int i in [0:4999999] { h q[0]; }";

  static SchedulerSettings settings(long maxOperations, long maxOperationShots, long memory, int maxCrashes,
      Duration stallAfter) {
    return new SchedulerSettings(200, 100_000, 100, 1, true, 1, Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(60), 500, maxOperations, maxOperationShots,
        memory, Duration.ofSeconds(5), maxCrashes, stallAfter, Duration.ofDays(7), 10_000);
  }

  /** Snapshots every 10 events, finished jobs kept 300 ms and at most 5. */
  static final SchedulerSettings SHORT_RETENTION = new SchedulerSettings(200, 100_000, 100, 1, true, 1,
      Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(60),
      10, 200_000, 10_000_000_000L, 1L << 30, Duration.ofSeconds(5), 2, Duration.ofMinutes(5), Duration.ofMillis(300), 5);

  static final SchedulerSettings DEFAULTS = settings(200_000, 10_000_000_000L, 1L << 30, 2, Duration.ofMinutes(5));

  /** What the scheduler handed to a run, and the run's own inbox as the scheduler sees it. */
  record Dispatched(List<BatchRun.Task> tasks, ActorRef<BatchRun.Outcome> replyTo) {}

  TestProbe<Dispatched> runs;
  TestProbe<BatchRun.Command> runInbox;

  @BeforeEach
  void clearJournal() {
    journal.clearAll();
    runs = testKit.createTestProbe();
    runInbox = testKit.createTestProbe();
  }

  ActorRef<Scheduler.Command> scheduler(String name, SchedulerSettings s) {
    Scheduler.RunFactory stub = (tasks, replyTo) -> Behaviors.setup(ctx -> {
      runs.getRef().tell(new Dispatched(tasks, replyTo));
      return Behaviors.receiveMessage(m -> {
        runInbox.getRef().tell(m);
        return Behaviors.same();
      });
    });
    var backend = new Scheduler.Ideal(new IdealSimulator(KernelSettings.defaults()));
    return testKit.spawn(Scheduler.create(name, backend, s, ForkJoinPool.commonPool(), stub));
  }

  static JobRequest job(String qasm, int circuits, int shots) {
    return new JobRequest("ideal", Collections.nCopies(circuits, new CircuitSpec(qasm, shots, Map.of())), 0, "c", false);
  }

  GatewayProtocol.SubmitReply submit(ActorRef<Scheduler.Command> s, JobRequest r) {
    TestProbe<GatewayProtocol.SubmitReply> p = testKit.createTestProbe();
    s.tell(new Scheduler.Submit(r, p.getRef()));
    return p.receiveMessage(WAIT);
  }

  JobInfo info(ActorRef<Scheduler.Command> s, String id) {
    TestProbe<GatewayProtocol.JobReply> p = testKit.createTestProbe();
    s.tell(new Scheduler.GetJob(id, p.getRef()));
    return assertInstanceOf(GatewayProtocol.JobFound.class, p.receiveMessage(WAIT)).job();
  }

  @Test
  void thePoisonLoopIsRefusedAtSubmissionNamingTheBudgetAndABellJobStillRuns() {
    var s = scheduler("ideal-poison", DEFAULTS);
    long t0 = System.nanoTime();
    Rejection r = assertInstanceOf(GatewayProtocol.SubmitRejected.class, submit(s, job(POISON, 20, 1024))).rejection();
    assertEquals(413, r.status());
    assertTrue(r.message().contains("200000") && r.message().contains("qubitd.scheduler.max-operations-per-circuit"),
        r.message());
    assertTrue((System.nanoTime() - t0) / 1e9 < 5, "refused while parsing, without unrolling five million operations");
    var bell = assertInstanceOf(GatewayProtocol.Accepted.class, submit(s, job(BELL, 1, 100))).job();
    assertEquals(bell.id(), runs.receiveMessage(WAIT).tasks().get(0).jobId());
  }

  @Test
  void aJobOverItsTenantsOwnBudgetsIsRefusedNamingTheQuota() {
    var s = scheduler("ideal-tenant-budget", DEFAULTS);
    // Bell: h, cx and two measurements, 4 operations x 1000 shots x 2 circuits = 8,000 operation-shots
    var tight = new Jobs.Budget("alice", 7_999, 1L << 30);
    Rejection r = assertInstanceOf(GatewayProtocol.SubmitRejected.class, submit(s, job(BELL, 2, 1000).withBudget(tight))).rejection();
    assertEquals(413, r.status());
    assertTrue(r.message().contains("tenant 'alice' quota operation-shots-per-job is 7999"), r.message());
    // 17 qubits hold 2^17 amplitudes of 16 bytes: 2 MiB, over a 1 MiB quota
    String wide = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[17]; creg c[17]; h q; measure q -> c;";
    r = assertInstanceOf(GatewayProtocol.SubmitRejected.class,
        submit(s, job(wide, 1, 10).withBudget(new Jobs.Budget("alice", 1_000_000, 1L << 20)))).rejection();
    assertEquals(413, r.status());
    assertTrue(r.message().contains("tenant 'alice' quota circuit-memory is 1048576"), r.message());
    assertInstanceOf(GatewayProtocol.Accepted.class, submit(s, job(BELL, 2, 1000).withBudget(new Jobs.Budget("alice", 8_000, 2L << 20))));
  }

  @Test
  void aJobOverItsOperationShotBudgetOrTheSimulationMemoryIsRefused() {
    // Bell is 4 operations (h, cx, two measures): 2 circuits x 4 x 1000 shots = 8,000 operation-shots
    var tight = scheduler("ideal-cost", settings(200_000, 7_999, 1L << 30, 2, Duration.ofMinutes(5)));
    Rejection cost = assertInstanceOf(GatewayProtocol.SubmitRejected.class, submit(tight, job(BELL, 2, 1000))).rejection();
    assertEquals(413, cost.status());
    assertTrue(cost.message().contains("qubitd.scheduler.max-operation-shots-per-job") && cost.message().contains("8000"),
        cost.message());
    assertInstanceOf(GatewayProtocol.Accepted.class, submit(tight, job(BELL, 1, 1000)));

    // 16 bytes per amplitude: 17 qubits need 2 MiB, above a 1 MiB budget; 16 qubits need exactly 1 MiB
    var small = scheduler("ideal-memory", settings(200_000, 10_000_000_000L, 1L << 20, 2, Duration.ofMinutes(5)));
    String wide = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[17]; h q;";
    Rejection memory = assertInstanceOf(GatewayProtocol.SubmitRejected.class, submit(small, job(wide, 1, 10))).rejection();
    assertEquals(413, memory.status());
    assertTrue(memory.message().contains("2097152 bytes") && memory.message().contains("qubitd.scheduler.simulation-memory"),
        memory.message());
    assertInstanceOf(GatewayProtocol.Accepted.class, submit(small, job(wide.replace("17", "16"), 1, 10)));
  }

  @Test
  void cancellingARunningJobStopsItsSimulationsAtOnce() {
    var s = scheduler("ideal-cancel", DEFAULTS);
    var j = assertInstanceOf(GatewayProtocol.Accepted.class, submit(s, job(BELL, 1, 100))).job();
    runs.receiveMessage(WAIT);
    TestProbe<GatewayProtocol.JobReply> reply = testKit.createTestProbe();
    s.tell(new Scheduler.Cancel(j.id(), reply.getRef()));
    assertEquals(JobStatus.CANCELLED, assertInstanceOf(GatewayProtocol.JobFound.class, reply.receiveMessage(WAIT)).job().status());
    var stop = assertInstanceOf(BatchRun.StopJob.class, runInbox.receiveMessage(WAIT));
    assertEquals(j.id(), stop.jobId());
  }

  @Test
  void aJobTheDaemonDiedDuringMaxCrashesTimesIsFailedAsPoisonedAndTheQueueMovesOn() {
    String name = "ideal-crash";
    var first = scheduler(name, DEFAULTS);
    String poisoned = assertInstanceOf(GatewayProtocol.Accepted.class, submit(first, job(BELL, 1, 100))).job().id();
    runs.receiveMessage(WAIT);
    testKit.stop(first, WAIT);  // the daemon dies during the job's first run

    var second = scheduler(name, DEFAULTS);
    assertEquals(poisoned, runs.receiveMessage(WAIT).tasks().get(0).jobId(), "one crash: the job is run again");
    assertEquals(JobStatus.RUNNING, info(second, poisoned).status());
    testKit.stop(second, WAIT);  // and dies again

    var third = scheduler(name, DEFAULTS);
    JobInfo after = runs.awaitAssert(WAIT, () -> {
      JobInfo i = info(third, poisoned);
      assertEquals(JobStatus.FAILED, i.status());
      return i;
    });
    assertTrue(after.error().startsWith("poisoned") && after.error().contains("qubitd.scheduler.max-crashes"), after.error());
    runs.expectNoMessage(Duration.ofMillis(300));
    String bell = assertInstanceOf(GatewayProtocol.Accepted.class, submit(third, job(BELL, 1, 100))).job().id();
    Dispatched d = runs.receiveMessage(WAIT);
    assertEquals(bell, d.tasks().get(0).jobId());
  }

  @Test
  void aRunThatEndsNormallyIsNoCrash() {
    String name = "ideal-clean";
    var first = scheduler(name, DEFAULTS);
    String id = assertInstanceOf(GatewayProtocol.Accepted.class, submit(first, job(BELL, 2, 100))).job().id();
    for (int i = 0; i < 2; i++) {
      Dispatched d = runs.receiveMessage(WAIT);
      // nothing ran (e.g. the chip did not answer): the run ends without results, twice
      d.replyTo().tell(new BatchRun.Abandoned("the chip did not answer in time"));
    }
    runs.receiveMessage(WAIT);
    testKit.stop(first, WAIT);
    var second = scheduler(name, DEFAULTS);
    assertEquals(id, runs.receiveMessage(WAIT).tasks().get(0).jobId(), "one crash after two clean runs is below max-crashes 2");
    assertEquals(JobStatus.RUNNING, info(second, id).status());
  }

  @Test
  void theSameIdempotencyKeyYieldsOneJobEvenAcrossARestart() {
    String name = "ideal-idempotent";
    var first = scheduler(name, DEFAULTS);
    JobRequest keyed = job(BELL, 1, 100).withIdempotencyKey("order-1");
    // two submissions under one key, the second sent before the first is validated
    TestProbe<GatewayProtocol.SubmitReply> a = testKit.createTestProbe();
    TestProbe<GatewayProtocol.SubmitReply> b = testKit.createTestProbe();
    first.tell(new Scheduler.Submit(keyed, a.getRef()));
    first.tell(new Scheduler.Submit(keyed, b.getRef()));
    String id = assertInstanceOf(GatewayProtocol.Accepted.class, a.receiveMessage(WAIT)).job().id();
    assertEquals(id, assertInstanceOf(GatewayProtocol.Accepted.class, b.receiveMessage(WAIT)).job().id());
    assertEquals(1, journal.persistedInStorage(Scheduler.persistenceId(name).id()).stream()
        .filter(e -> e instanceof Scheduler.JobAccepted).count(), "one job journalled");

    Rejection reused = assertInstanceOf(GatewayProtocol.SubmitRejected.class,
        submit(first, job(BELL, 2, 100).withIdempotencyKey("order-1"))).rejection();
    assertEquals(409, reused.status());
    assertTrue(reused.message().contains("order-1") && reused.message().contains(id), reused.message());
    assertInstanceOf(GatewayProtocol.Accepted.class, submit(first,
        new JobRequest("ideal", List.of(new CircuitSpec(BELL, 100, Map.of())), 0, "other-client", false, "order-1")));

    testKit.stop(first, WAIT);
    var second = scheduler(name, DEFAULTS);
    assertEquals(id, assertInstanceOf(GatewayProtocol.Accepted.class, submit(second, keyed)).job().id(),
        "the key survives the restart");
  }

  @Test
  void aLateAnswerIsAskedForByKeyAndNeverGuessed() {
    var s = scheduler("ideal-await", DEFAULTS);
    TestProbe<GatewayProtocol.SubmitReply> unknown = testKit.createTestProbe();
    s.tell(new Scheduler.AwaitSubmission("c", "never-sent", unknown.getRef()));
    Rejection none = assertInstanceOf(GatewayProtocol.SubmitRejected.class, unknown.receiveMessage(WAIT)).rejection();
    assertEquals(503, none.status());
    assertTrue(none.message().contains("none will run"), none.message());

    TestProbe<GatewayProtocol.SubmitReply> submitter = testKit.createTestProbe();
    TestProbe<GatewayProtocol.SubmitReply> waiter = testKit.createTestProbe();
    s.tell(new Scheduler.Submit(job(BELL, 1, 100).withIdempotencyKey("k"), submitter.getRef()));
    s.tell(new Scheduler.AwaitSubmission("c", "k", waiter.getRef()));
    String id = assertInstanceOf(GatewayProtocol.Accepted.class, submitter.receiveMessage(WAIT)).job().id();
    assertEquals(id, assertInstanceOf(GatewayProtocol.Accepted.class, waiter.receiveMessage(WAIT)).job().id(),
        "asked while it was validated, the waiter hears the job once it is journalled");

    s.tell(new Scheduler.Submit(job(POISON, 1, 1).withIdempotencyKey("bad"), submitter.getRef()));
    s.tell(new Scheduler.AwaitSubmission("c", "bad", waiter.getRef()));
    assertEquals(413, assertInstanceOf(GatewayProtocol.SubmitRejected.class, waiter.receiveMessage(WAIT)).rejection().status());
  }

  @Test
  void finishedJobsLeaveAfterTheirRetentionAnswer410AndTheJournalKeepsOnlyLiveData() {
    String name = "ideal-retention";
    var s = scheduler(name, SHORT_RETENTION);
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(assertInstanceOf(GatewayProtocol.Accepted.class, submit(s, job(BELL, 1, 100))).job().id());
      Dispatched d = runs.receiveMessage(WAIT);
      d.replyTo().tell(SchedulerTest.allDone(new SchedulerTest.Dispatched(d.tasks(), d.replyTo())));
    }
    TestProbe<GatewayProtocol.JobReply> reply = testKit.createTestProbe();
    reply.awaitAssert(WAIT, () -> {
      s.tell(new Scheduler.GetJob(ids.get(39), reply.getRef()));
      Rejection gone = assertInstanceOf(GatewayProtocol.JobRejected.class, reply.receiveMessage()).rejection();
      assertEquals(410, gone.status());
      assertTrue(gone.message().contains("qubitd.scheduler.finished-retention"), gone.message());
      return null;
    });
    // 40 jobs wrote 40 x 4 events (accepted, started, circuits recorded, completed) and 40 expiries;
    // of the 200 events written, a snapshot every 10 events with two snapshots kept and older events deleted
    // leaves 2 x 10, plus the events of one batch persisted after the last snapshot (at most 10 here)
    reply.awaitAssert(WAIT, () -> {
      int left = journal.persistedInStorage(Scheduler.persistenceId(name).id()).size();
      assertTrue(left <= 30, left + " events still in the journal");
      return null;
    });
    // nor does the result archive keep results past their retention (only the ids, for the 410)
    var archive = (ResultArchive.InMemory) ResultArchives.get(testKit.system());
    reply.awaitAssert(WAIT, () -> {
      for (String id : ids) assertEquals(ResultArchive.Lookup.GONE, archive.find(name, id), id);
      return null;
    });
  }

  @Test
  void aFinishedJobThatLeftMemoryAnswersFromTheArchiveAsBefore() {
    // in memory 200 ms, retrievable 1 h
    var settings = new SchedulerSettings(200, 100_000, 100, 1, true, 1, Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(60), 500, 200_000, 10_000_000_000L, 1L << 30,
        Duration.ofSeconds(5), 2, Duration.ofMinutes(5), Duration.ofHours(1), 10_000, Duration.ofMillis(200), Duration.ofDays(90));
    var s = scheduler("ideal-archive", settings);
    String done = assertInstanceOf(GatewayProtocol.Accepted.class, submit(s, job(BELL, 1, 100))).job().id();
    Dispatched d = runs.receiveMessage(WAIT);
    d.replyTo().tell(SchedulerTest.allDone(new SchedulerTest.Dispatched(d.tasks(), d.replyTo())));
    TestProbe<GatewayProtocol.ResultReply> result = testKit.createTestProbe();
    GatewayProtocol.Results before = result.awaitAssert(WAIT, () -> {
      s.tell(new Scheduler.GetResult(done, result.getRef()));
      return assertInstanceOf(GatewayProtocol.Results.class, result.receiveMessage());
    });
    TestProbe<GatewayProtocol.JobList> list = testKit.createTestProbe();
    list.awaitAssert(WAIT, () -> {
      s.tell(new Scheduler.ListJobs(null, null, 10, list.getRef()));
      assertTrue(list.receiveMessage().jobs().isEmpty(), "the finished job is still in memory");
      return null;
    });
    s.tell(new Scheduler.GetResult(done, result.getRef()));
    assertEquals(before, result.receiveMessage(WAIT));
    TestProbe<GatewayProtocol.JobReply> job = testKit.createTestProbe();
    s.tell(new Scheduler.GetJob(done, job.getRef()));
    assertEquals(before.job(), assertInstanceOf(GatewayProtocol.JobFound.class, job.receiveMessage(WAIT)).job());
    s.tell(new Scheduler.GetJob("ideal-archive.nosuchjob", job.getRef()));
    assertEquals(404, assertInstanceOf(GatewayProtocol.JobRejected.class, job.receiveMessage(WAIT)).rejection().status());
  }

  @Test
  void memoryAndTheSnapshotStayFlatOver5000FinishedJobs() {
    var serialization = org.apache.pekko.serialization.SerializationExtension.get(testKit.system().classicSystem());
    JobLedger ledger = new JobLedger();
    java.time.Instant t = java.time.Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 5000; i++) {
      String id = "ideal." + i;
      ledger.apply(new Scheduler.JobAccepted(id, job(BELL, 1, 100), t));
      ledger.apply(new Scheduler.JobStarted(id, t));
      ledger.apply(new Scheduler.CircuitsRecorded(id, List.of(new Scheduler.RecordedCircuit(0, new Jobs.CircuitResult(
          Map.of("00", 52L, "11", 48L), 100, null, List.of(), List.of(), 0, "statevector", -1)))));
      ledger.apply(new Scheduler.JobCompleted(id, t));
      for (String old : ledger.expirable(t, Duration.ofDays(7), 100)) ledger.apply(new Scheduler.JobExpired(old, t));
    }
    assertEquals(100, ledger.size(), "jobs in memory");
    assertTrue(ledger.isExpired("ideal.0") && ledger.job("ideal.0") == null);
    JobLedger.Snapshot snapshot = ledger.toSnapshot();
    int all = serialization.serialize(snapshot).get().length;
    int live = serialization.serialize(new JobLedger.Snapshot(snapshot.jobs(), List.of())).get().length;
    // the rest is the 4,900 remembered ids of expired jobs, "ideal.N" in JSON: at most 15 bytes each
    assertTrue(all <= live + 15 * 4900, all + " bytes for " + live + " bytes of live jobs");
  }

  @Test
  void aTenantFloodingTheQueueDoesNotHoldBackAnotherTenantsJob() {
    var s = scheduler("ideal-fair", DEFAULTS);
    // mallory's 30 jobs are queued first; each run takes one circuit (max-circuits-per-run = 1)
    for (int i = 0; i < 30; i++) {
      assertInstanceOf(GatewayProtocol.Accepted.class, submit(s, new JobRequest("ideal",
          List.of(new CircuitSpec(BELL, 100, Map.of())), 0, "mallory", false)));
    }
    String alice = assertInstanceOf(GatewayProtocol.Accepted.class, submit(s, new JobRequest("ideal",
        List.of(new CircuitSpec(BELL, 100, Map.of())), 0, "alice", false))).job().id();
    // the run already under way is mallory's; the next one is alice's, not mallory's 29 others
    List<String> served = new java.util.ArrayList<>();
    while (!served.contains(alice)) {
      Dispatched d = runs.receiveMessage(WAIT);
      served.add(d.tasks().get(0).jobId());
      d.replyTo().tell(SchedulerTest.allDone(new SchedulerTest.Dispatched(d.tasks(), d.replyTo())));
      assertTrue(served.size() <= 2, "alice's job waited behind " + served.size() + " runs of mallory's: " + served);
    }
    runs.awaitAssert(WAIT, () -> {
      assertEquals(JobStatus.COMPLETED, info(s, alice).status());
      return null;
    });
  }

  @Test
  void aBackendWhoseQueueCannotMoveReportsItselfStalled() {
    var s = scheduler("ideal-stall", settings(200_000, 10_000_000_000L, 1L << 30, 2, Duration.ofMillis(300)));
    TestProbe<Scheduler.Stats> stats = testKit.createTestProbe();
    s.tell(new Scheduler.GetStats(stats.getRef()));
    assertTrue(!stats.receiveMessage(WAIT).stalled(), "an empty queue is not stalled");
    submit(s, job(BELL, 1, 100));
    Dispatched d = runs.receiveMessage(WAIT);
    stats.awaitAssert(WAIT, () -> {
      s.tell(new Scheduler.GetStats(stats.getRef()));
      assertTrue(stats.receiveMessage().stalled(), "a run that never finishes stalls the queue");
      return null;
    });
    d.replyTo().tell(SchedulerTest.allDone(new SchedulerTest.Dispatched(d.tasks(), d.replyTo())));
    stats.awaitAssert(WAIT, () -> {
      s.tell(new Scheduler.GetStats(stats.getRef()));
      assertTrue(!stats.receiveMessage().stalled(), "the queue moved again");
      return null;
    });
  }
}
