package io.qubitd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.scheduler.BatchRun;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Scheduler;
import io.qubitd.scheduler.SchedulerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job survives its actor system on the H2 journal: re-run from its first unfinished circuit, completed once. */
class RecoveryTest {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final String BELL = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[2]; creg c[2]; h q[0]; cx q[0],q[1]; measure q -> c;";
  static final SchedulerSettings SETTINGS = new SchedulerSettings(200, 10_000, 100, 1, true, 1, Duration.ofSeconds(2),
      Duration.ofSeconds(20), Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(60), 3, 200_000,
      10_000_000_000L, 1L << 30, Duration.ofSeconds(20), 3, Duration.ofMinutes(5), Duration.ofDays(7), 10_000);
  static final Scheduler.Backend IDEAL = new Scheduler.Ideal(new IdealSimulator(KernelSettings.defaults()));

  record Dispatched(List<BatchRun.Task> tasks, ActorRef<BatchRun.Outcome> replyTo) {}

  static ActorTestKit start(String name, Path dir) throws Exception {
    Config root = io.qubitd.config.QubitdConfig.loadRoot();
    ActorTestKit kit = ActorTestKit.create(name, Daemon.withJournal(root, root.getConfig("qubitd.daemon"), dir));
    SchemaUtils.createIfNotExists(kit.system()).toCompletableFuture().get(20, TimeUnit.SECONDS);
    return kit;
  }

  static ActorRef<Scheduler.Command> stubbed(ActorTestKit kit, TestProbe<Dispatched> runs) {
    return kit.spawn(Scheduler.create("ideal", IDEAL, SETTINGS, ForkJoinPool.commonPool(), (tasks, replyTo) ->
        Behaviors.setup(ctx -> {
          runs.getRef().tell(new Dispatched(tasks, replyTo));
          return Behaviors.empty();
        })));
  }

  static final CircuitResult MARKER = new CircuitResult(Map.of("first-run", 100L), 100, null, List.of(), List.of(), 0, "stub", -1);

  @Test
  void anInterruptedJobCompletesOnceAfterRestartAndItsResultStaysReadable(@TempDir Path dir) throws Exception {
    ActorTestKit first = start("first", dir);
    TestProbe<Dispatched> runs = first.createTestProbe();
    ActorRef<Scheduler.Command> s1 = stubbed(first, runs);
    TestProbe<GatewayProtocol.SubmitReply> submitted = first.createTestProbe();
    s1.tell(new Scheduler.Submit(new JobRequest("ideal", List.of(new CircuitSpec(BELL, 100, Map.of()),
        new CircuitSpec(BELL, 100, Map.of())), 0, "c", false), submitted.getRef()));
    String id = assertInstanceOf(GatewayProtocol.Accepted.class, submitted.receiveMessage(WAIT)).job().id();
    Dispatched circuit0 = runs.receiveMessage(WAIT);
    assertEquals(0, circuit0.tasks().get(0).index());
    circuit0.replyTo().tell(new BatchRun.Completed(List.of(new BatchRun.Done(circuit0.tasks().get(0), MARKER)), List.of(),
        List.of(), null, 0));
    Dispatched circuit1 = runs.receiveMessage(WAIT);
    assertEquals(1, circuit1.tasks().get(0).index(), "the second circuit is on the chip when the system stops");
    first.shutdownTestKit();

    ActorTestKit second = start("second", dir);
    try {
      ActorRef<Scheduler.Command> s2 = second.spawn(Scheduler.create("ideal", IDEAL, SETTINGS, ForkJoinPool.commonPool()));
      TestProbe<GatewayProtocol.ResultReply> result = second.createTestProbe();
      List<CircuitResult> results = result.awaitAssert(WAIT, Duration.ofMillis(100), () -> {
        s2.tell(new Scheduler.GetResult(id, result.getRef()));
        return assertInstanceOf(GatewayProtocol.Results.class, result.receiveMessage()).results();
      });
      assertEquals(MARKER, results.get(0), "the circuit finished before the stop is not run again");
      assertTrue(Set.of("00", "11").containsAll(results.get(1).counts().keySet()), "Bell counts " + results.get(1).counts());
      assertEquals(100, results.get(1).counts().values().stream().mapToLong(Long::longValue).sum());

      JdbcReadJournal journal = PersistenceQuery.get(second.system())
          .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
      List<EventEnvelope> events = journal.currentEventsByPersistenceId(Scheduler.persistenceId("ideal").id(), 0, Long.MAX_VALUE)
          .runWith(Sink.seq(), second.system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(1, events.stream().filter(e -> e.event() instanceof Scheduler.JobCompleted).count(), "one completion");
      assertEquals(1, events.stream().filter(e -> e.event() instanceof Scheduler.JobStarted).count(), "started once");
      assertEquals(2, events.stream().filter(e -> e.event() instanceof Scheduler.CircuitsRecorded).count(),
          "each circuit recorded once");
      try (var db = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("journal"));
          var rs = db.createStatement().executeQuery("select count(*) from \"snapshot\"")) {
        rs.next();
        assertTrue(rs.getLong(1) >= 1, "with a snapshot every 3 events, recovery started from a snapshot");
      }
    } finally {
      second.shutdownTestKit();
    }

    ActorTestKit third = start("third", dir);
    try {
      TestProbe<Dispatched> idle = third.createTestProbe();
      ActorRef<Scheduler.Command> s3 = stubbed(third, idle);
      TestProbe<GatewayProtocol.ResultReply> result = third.createTestProbe();
      s3.tell(new Scheduler.GetResult(id, result.getRef()));
      assertEquals(MARKER, assertInstanceOf(GatewayProtocol.Results.class, result.receiveMessage(WAIT)).results().get(0));
      idle.expectNoMessage(Duration.ofMillis(500));
    } finally {
      third.shutdownTestKit();
    }
  }
}
