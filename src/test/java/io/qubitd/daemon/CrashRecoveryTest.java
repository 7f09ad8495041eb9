package io.qubitd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.qubitd.api.QubitdClient;
import io.qubitd.backend.ChipBench;
import io.qubitd.circuit.qasm.QasmWriter;
import io.qubitd.config.QubitdConfig;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import io.qubitd.scheduler.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing accepted is lost: a daemon in its own JVM is killed with SIGKILL while jobs are queued
 * and running, restarted on the same data directory, and every accepted job completes exactly once.
 */
class CrashRecoveryTest {

  static final String CONFIG = """
      qubitd.chips = [wukong72]
      qubitd.calibration.enabled = false
      qubitd.kernel.threads = 1
      """;

  @Test
  void everyAcceptedJobCompletesExactlyOnceAcrossAKillDashNine(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("data");
    List<JobRequest> requests = new ArrayList<>();
    String heavy = QasmWriter.write(ChipBench.layered(12, 8, 3));
    String bell = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[2]; creg c[2]; h q[0]; cx q[0],q[1]; measure q -> c;";
    for (int j = 0; j < 10; j++) {
      requests.add(new JobRequest("wukong72", List.of(new CircuitSpec(heavy, 400 + j, Map.of()),
          new CircuitSpec(bell, 300, Map.of())), 0, "client-" + (j % 3), false));
    }
    requests.add(new JobRequest("ideal", List.of(new CircuitSpec(bell, 1000, Map.of())), 0, "client-ideal", false));

    Map<String, JobRequest> accepted = new HashMap<>();
    int completedBeforeKill;
    try (DaemonProcess daemon = new DaemonProcess(data, CONFIG)) {
      daemon.start(Duration.ofSeconds(90));
      QubitdClient client = daemon.client();
      for (JobRequest r : requests) {
        JobInfo info = client.submit(r);
        assertEquals(JobStatus.QUEUED, info.status());
        accepted.put(info.id(), r);
      }
      waitUntil(Duration.ofSeconds(120), () -> accepted.keySet().stream()
          .anyMatch(id -> client.status(id).status() == JobStatus.COMPLETED && id.startsWith("wukong72")));
      completedBeforeKill = (int) accepted.keySet().stream()
          .filter(id -> client.status(id).status() == JobStatus.COMPLETED).count();
      daemon.kill();
    }
    assertTrue(completedBeforeKill < accepted.size(),
        "the kill must come while work remains; all " + accepted.size() + " jobs had completed");

    try (DaemonProcess daemon = new DaemonProcess(data, CONFIG)) {
      daemon.start(Duration.ofSeconds(90));
      QubitdClient client = daemon.client();
      for (Map.Entry<String, JobRequest> e : accepted.entrySet()) {
        JobInfo done = client.waitForCompletion(e.getKey(), Duration.ofSeconds(240), Duration.ofMillis(250));
        assertEquals(JobStatus.COMPLETED, done.status(), e.getKey() + " after restart: " + done);
        List<CircuitResult> results = client.result(e.getKey());
        assertEquals(e.getValue().circuits().size(), results.size());
        for (int i = 0; i < results.size(); i++) {
          long total = results.get(i).counts().values().stream().mapToLong(Long::longValue).sum();
          assertEquals(e.getValue().circuits().get(i).shots(), total, e.getKey() + " circuit " + i);
        }
      }
      assertEquals(0, daemon.stop(), "SIGTERM ends the daemon cleanly:\n" + daemon.log());
    }

    Map<String, Integer> completions = new HashMap<>();
    Map<String, Integer> acceptances = new HashMap<>();
    Config root = QubitdConfig.loadRoot();
    ActorTestKit kit = ActorTestKit.create("journal-reader", Daemon.withJournal(root, root.getConfig("qubitd.daemon"), data));
    try {
      JdbcReadJournal journal = PersistenceQuery.get(kit.system()).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
      for (String backend : List.of("wukong72", "ideal")) {
        List<EventEnvelope> events = journal.currentEventsByPersistenceId(Scheduler.persistenceId(backend).id(), 0, Long.MAX_VALUE)
            .runWith(Sink.seq(), kit.system()).toCompletableFuture().get();
        for (EventEnvelope env : events) {
          if (env.event() instanceof Scheduler.JobCompleted c) completions.merge(c.jobId(), 1, Integer::sum);
          if (env.event() instanceof Scheduler.JobAccepted a) acceptances.merge(a.id(), 1, Integer::sum);
        }
      }
    } finally {
      kit.shutdownTestKit();
    }
    for (String id : accepted.keySet()) {
      assertEquals(1, acceptances.getOrDefault(id, 0), id + " accepted once");
      assertEquals(1, completions.getOrDefault(id, 0), id + " completed exactly once");
    }
  }

  interface Check { boolean holds() throws Exception; }

  static void waitUntil(Duration timeout, Check c) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!c.holds()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within " + timeout);
      Thread.sleep(100);
    }
  }
}
