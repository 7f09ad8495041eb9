package io.qubitd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.api.QubitdClient;
import io.qubitd.api.QubitdException;
import io.qubitd.backend.ChipBench;
import io.qubitd.circuit.qasm.QasmWriter;
import io.qubitd.scheduler.Jobs.BackendInfo;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes, one PostgreSQL journal: jobs submitted to node 1 for chips hosted on the other nodes;
 * the node hosting a chip is killed with SIGKILL while that chip's jobs are queued and running; the
 * chip comes back on a surviving node and every accepted job completes exactly once.
 */
class ClusterFailoverTest {

  static final String BELL = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[2]; creg c[2]; h q[0]; cx q[0],q[1]; measure q -> c;";

  /**
   * Polls until the job is final; while its chip moves (failure detection, downing, restart elsewhere)
   * the daemon answers 503 for it, which is no failure.
   */
  static JobInfo waitForCompletion(QubitdClient client, String id, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        JobInfo job = client.status(id);
        if (job.status().isFinal()) return job;
      } catch (QubitdException moving) {
        if (System.nanoTime() > deadline) throw moving;
      }
      if (System.nanoTime() > deadline) throw new AssertionError(id + " not finished within " + timeout);
      Thread.sleep(250);
    }
  }

  @Test
  void aChipOnAKilledNodeComesBackElsewhereAndEveryJobCompletesOnce(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tmp) throws Exception {
    Assumptions.assumeTrue(ClusterNodes.available(), ClusterNodes.SKIP);
    try (ClusterNodes cluster = new ClusterNodes(tmp)) {
      cluster.startAll();
      QubitdClient front = cluster.node(0).client();
      CrashRecoveryTest.waitUntil(Duration.ofSeconds(60), () -> front.backends().stream().allMatch(BackendInfo::online));
      // a chip on node 2 or 3: sharding spreads the four backends over the three nodes (rebalancing
      // moves some off the node that came up first)
      String[] victimChip = new String[1];
      int[] hostOf = {-1};
      CrashRecoveryTest.waitUntil(Duration.ofSeconds(90), () -> {
        for (String chip : List.of("wukong72", "line20")) {
          int h = cluster.host(chip);
          if (h > 0) {
            victimChip[0] = chip;
            hostOf[0] = h;
            return true;
          }
        }
        return false;
      });
      int victim = hostOf[0];

      Map<String, JobRequest> accepted = new LinkedHashMap<>();
      String heavy = QasmWriter.write(ChipBench.layered(12, 8, 3));
      String small = QasmWriter.write(ChipBench.layered(5, 6, 3));
      for (int j = 0; j < 6; j++) {
        for (String backend : ClusterNodes.BACKENDS) {
          JobRequest r = new JobRequest(backend, List.of(new CircuitSpec(backend.equals("grid2x3") ? small : heavy, 400 + j, Map.of()),
              new CircuitSpec(BELL, 200, Map.of())), 0, "client-" + (j % 2), false);
          JobInfo info = front.submit(r);
          accepted.put(info.id(), r);
        }
      }
      String chip = victimChip[0];
      CrashRecoveryTest.waitUntil(Duration.ofSeconds(60), () -> accepted.keySet().stream()
          .filter(id -> id.startsWith(chip + "."))
          .anyMatch(id -> front.status(id).status() != JobStatus.QUEUED));
      long unfinished = accepted.keySet().stream().filter(id -> id.startsWith(chip + "."))
          .filter(id -> !front.status(id).status().isFinal()).count();
      System.out.println("killing node " + victim + " hosting " + chip + "; logs in " + tmp);
      cluster.node(victim).kill();
      cluster.killed(victim);
      assertTrue(unfinished > 0, "the kill must come while " + chip + " has work left");

      for (Map.Entry<String, JobRequest> e : accepted.entrySet()) {
        JobInfo done = waitForCompletion(front, e.getKey(), Duration.ofSeconds(150));
        assertEquals(JobStatus.COMPLETED, done.status(), e.getKey() + ": " + done);
        List<CircuitResult> results = front.result(e.getKey());
        for (int i = 0; i < results.size(); i++) {
          long total = results.get(i).counts().values().stream().mapToLong(Long::longValue).sum();
          assertEquals(e.getValue().circuits().get(i).shots(), total, e.getKey() + " circuit " + i);
        }
      }
      int newHost = cluster.host(chip);
      assertTrue(newHost >= 0 && newHost != victim, chip + " lives on a surviving node, not " + newHost);
      assertNotEquals(0, cluster.starts(newHost, chip));

      for (int i : cluster.live()) assertEquals(0, cluster.node(i).stop(), "node " + i + " stops cleanly:\n" + cluster.node(i).log());
      cluster.live().forEach(cluster::killed);
    }
    Map<String, int[]> journal = ClusterNodes.journalCounts();
    assertEquals(24, journal.size(), "24 jobs in the journal");
    for (Map.Entry<String, int[]> e : journal.entrySet()) {
      assertEquals(1, e.getValue()[0], e.getKey() + " accepted once");
      assertEquals(1, e.getValue()[1], e.getKey() + " completed exactly once");
    }
  }
}
