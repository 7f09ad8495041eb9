package io.qubitd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.api.QubitdClient;
import io.qubitd.api.QubitdException;
import io.qubitd.scheduler.Jobs.BackendInfo;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart: each of three nodes in turn stopped with SIGTERM (its chips hand off, finishing
 * the run on them) and started again, under a steady stream of jobs sent to whichever nodes are up.
 * No accepted job is lost, none fails, and each completes exactly once.
 */
class ClusterRollingRestartTest {

  static final String BELL = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[2]; creg c[2]; h q[0]; cx q[0],q[1]; measure q -> c;";

  @Test
  void noJobIsLostOrFailedWhileEveryNodeRestartsInTurn(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tmp) throws Exception {
    Assumptions.assumeTrue(ClusterNodes.available(), ClusterNodes.SKIP);
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    try (ClusterNodes cluster = new ClusterNodes(tmp)) {
      cluster.startAll();
      QubitdClient first = cluster.node(0).client();
      CrashRecoveryTest.waitUntil(Duration.ofSeconds(60), () -> first.backends().stream().allMatch(BackendInfo::online));

      AtomicBoolean streaming = new AtomicBoolean(true);
      Thread submitter = new Thread(() -> {
        int n = 0;
        while (streaming.get()) {
          String backend = ClusterNodes.BACKENDS.get(n % ClusterNodes.BACKENDS.size());
          List<DaemonProcess> live = cluster.liveNodes();
          QubitdClient client = live.get(n % live.size()).client();
          n++;
          try {
            JobInfo job = client.submit(new JobRequest(backend, List.of(new CircuitSpec(BELL, 100 + n % 7, Map.of())), 0,
                "stream", false));
            accepted.add(job.id());
          } catch (QubitdException nodeGoingDown) {
            // a node on its way down or up refuses; the stream goes on to the next one
          }
          try {
            Thread.sleep(150);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "job-stream");
      submitter.start();
      for (int i = 0; i < 3; i++) {
        Thread.sleep(3000);
        DaemonProcess leaving = cluster.node(i);
        cluster.killed(i);  // out of the stream's rotation before it stops answering
        assertEquals(0, leaving.stop(), "node " + i + " stops cleanly:\n" + leaving.log());
        cluster.start(i);
        int n = i;
        CrashRecoveryTest.waitUntil(Duration.ofSeconds(60),
            () -> cluster.node(n).client().backends().stream().allMatch(BackendInfo::online));
      }
      Thread.sleep(2000);
      streaming.set(false);
      submitter.join();
      assertTrue(accepted.size() >= 30, "a steady stream: " + accepted.size() + " jobs accepted");

      QubitdClient client = cluster.node(0).client();
      for (String id : accepted) {
        JobInfo done = ClusterFailoverTest.waitForCompletion(client, id, Duration.ofSeconds(90));
        assertEquals(JobStatus.COMPLETED, done.status(), id + ": " + done);
      }
      for (int i : cluster.live()) assertEquals(0, cluster.node(i).stop(), "node " + i + " stops cleanly");
      cluster.live().forEach(cluster::killed);
    }
    Map<String, int[]> journal = ClusterNodes.journalCounts();
    for (String id : accepted) {
      int[] c = journal.get(id);
      assertTrue(c != null && c[0] == 1 && c[1] == 1, id + " accepted and completed exactly once in the journal");
    }
  }
}
