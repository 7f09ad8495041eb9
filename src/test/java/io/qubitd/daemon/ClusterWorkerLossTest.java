package io.qubitd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.api.QubitdClient;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work-pulling on three nodes: the node with the most simulation workers, hosting none of the chips
 * the jobs go to, is killed with SIGKILL while the chips' runs have regions on its workers. The
 * regions go to the surviving workers, and every accepted job completes exactly once.
 */
class ClusterWorkerLossTest {

  private static final int VICTIM = 2;
  private static final int[] WORKERS = {1, 1, 3};
  // the chips stay where they first start, so the victim hosts none of those the jobs go to
  private static final String NO_REBALANCING = "pekko.cluster.sharding.rebalance-interval = 1h";

  @Test
  void regionsOfAKilledWorkerNodeGoToOtherWorkersAndEveryJobCompletesOnce(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tmp)
      throws Exception {
    Assumptions.assumeTrue(ClusterNodes.available(), ClusterNodes.SKIP);
    Map<String, JobRequest> accepted = new LinkedHashMap<>();
    try (ClusterNodes cluster = new ClusterNodes(tmp, true, WORKERS, NO_REBALANCING)) {
      cluster.startAll();
      QubitdClient front = cluster.node(0).client();
      CrashRecoveryTest.waitUntil(Duration.ofSeconds(60), () -> front.backends().stream().allMatch(BackendInfo::online));
      List<String> chips = new ArrayList<>();
      CrashRecoveryTest.waitUntil(Duration.ofSeconds(30), () -> {
        chips.clear();
        for (String chip : List.of("wukong72", "grid2x3", "line20")) {
          int h = cluster.host(chip);
          if (h < 0) return false;
          if (h != VICTIM) chips.add(chip);
        }
        return !chips.isEmpty();
      });

      String wide = QasmWriter.write(ChipBench.layered(10, 8, 5));
      String narrow = QasmWriter.write(ChipBench.layered(5, 8, 5));
      for (int j = 0; j < 5; j++) {
        for (String chip : chips) {
          String qasm = chip.equals("grid2x3") ? narrow : wide;
          JobRequest r = new JobRequest(chip, List.of(new CircuitSpec(qasm, 300 + j, Map.of()),
              new CircuitSpec(qasm, 200 + j, Map.of())), 0, "client-" + (j % 2), false);
          accepted.put(front.submit(r).id(), r);
        }
      }
      CrashRecoveryTest.waitUntil(Duration.ofSeconds(60),
          () -> accepted.keySet().stream().anyMatch(id -> front.status(id).status() != JobStatus.QUEUED));
      Thread.sleep(500);
      long unfinished = accepted.keySet().stream().filter(id -> !front.status(id).status().isFinal()).count();
      System.out.println("killing node " + VICTIM + " (" + WORKERS[VICTIM] + " workers) while " + chips
          + " run; logs in " + tmp);
      cluster.node(VICTIM).kill();
      cluster.killed(VICTIM);
      assertTrue(unfinished > 0, "the kill must come while jobs are in flight");

      for (Map.Entry<String, JobRequest> e : accepted.entrySet()) {
        JobInfo done = ClusterFailoverTest.waitForCompletion(front, e.getKey(), Duration.ofSeconds(60));
        assertEquals(JobStatus.COMPLETED, done.status(), e.getKey() + ": " + done);
        List<CircuitResult> results = front.result(e.getKey());
        for (int i = 0; i < results.size(); i++) {
          long total = results.get(i).counts().values().stream().mapToLong(Long::longValue).sum();
          assertEquals(e.getValue().circuits().get(i).shots(), total, e.getKey() + " circuit " + i);
        }
      }
      StringBuilder logs = new StringBuilder();
      for (int i : cluster.live()) logs.append(cluster.node(i).log());
      assertTrue(logs.toString().contains("handed on: its worker"),
          "a region was on the killed node's workers and was handed on (logs in " + tmp + ")");

      for (int i : cluster.live()) assertEquals(0, cluster.node(i).stop(), "node " + i + " stops cleanly:\n" + cluster.node(i).log());
      cluster.live().forEach(cluster::killed);
    }
    Map<String, int[]> journal = ClusterNodes.journalCounts();
    assertEquals(accepted.keySet(), journal.keySet(), "the journal holds exactly the accepted jobs");
    for (Map.Entry<String, int[]> e : journal.entrySet()) {
      assertEquals(1, e.getValue()[0], e.getKey() + " accepted once");
      assertEquals(1, e.getValue()[1], e.getKey() + " completed exactly once");
    }
  }
}
