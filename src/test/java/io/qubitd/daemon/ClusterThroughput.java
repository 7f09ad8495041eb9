package io.qubitd.daemon;

import io.qubitd.api.QubitdClient;
import io.qubitd.backend.ChipBench;
import io.qubitd.circuit.qasm.QasmWriter;
import io.qubitd.scheduler.Jobs.BackendInfo;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Circuits per second of one chip under work-pulling, on a cluster of 1 or 3 nodes (2 simulation
 * workers each): {@code jobs} equal jobs of one noisy layered circuit, from the first submission to
 * the last completion, and the CPU time each node's JVM spent meanwhile (where the regions ran).
 * Needs the QUBITD_TEST_PG_* variables, as the multi-node tests; a measurement, not a test.
 * Arguments: nodes (1 or 3), jobs, qubits.
 */
final class ClusterThroughput {
  private ClusterThroughput() {}

  public static void main(String[] args) throws Exception {
    int nodes = Integer.parseInt(args[0]);
    int jobs = Integer.parseInt(args[1]);
    int qubits = Integer.parseInt(args[2]);
    Path tmp = Files.createTempDirectory("qubitd-throughput");
    try (ClusterNodes cluster = new ClusterNodes(tmp, true, new int[] {2, 2, 2},
        "qubitd.scheduler { max-circuits-per-run = 6, run-timeout = 5m }")) {
      for (int i = 0; i < nodes; i++) cluster.start(i);
      QubitdClient client = cluster.node(0).client();
      CrashRecoveryTest.waitUntil(Duration.ofSeconds(90), () -> client.backends().stream().allMatch(BackendInfo::online));
      Thread.sleep(5000);  // every node's workers listed in every pool
      String qasm = QasmWriter.write(ChipBench.layered(qubits, 8, 11));
      Duration[] cpu = new Duration[nodes];
      for (int i = 0; i < nodes; i++) cpu[i] = cluster.node(i).cpuTime();
      long start = System.nanoTime();
      List<String> ids = new ArrayList<>();
      for (int j = 0; j < jobs; j++) {
        ids.add(client.submit(new JobRequest("wukong72", List.of(new CircuitSpec(qasm, 200, Map.of())), 0, "bench", false)).id());
      }
      for (String id : ids) {
        if (ClusterFailoverTest.waitForCompletion(client, id, Duration.ofMinutes(3)).status() != JobStatus.COMPLETED) {
          throw new IllegalStateException(id + " did not complete");
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      StringBuilder perNode = new StringBuilder();
      for (int i = 0; i < nodes; i++) {
        perNode.append(String.format(" node%d %.1f", i, (cluster.node(i).cpuTime().minus(cpu[i]).toMillis()) / 1e3));
      }
      System.out.printf("nodes=%d jobs=%d qubits=%d: %.1f s, %.2f circuits/s; CPU s per node:%s; chip on node %d%n", nodes, jobs,
          qubits, seconds, jobs / seconds, perNode, cluster.host("wukong72"));
      for (int i : cluster.live()) cluster.node(i).stop();
      cluster.live().forEach(cluster::killed);
    }
  }
}
