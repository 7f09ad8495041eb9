package io.qubitd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qubitd.api.HttpApi;
import io.qubitd.api.QubitdClient;
import io.qubitd.api.QubitdException;
import io.qubitd.config.QubitdConfig;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Circuits wider than any state vector over real HTTP: a 40-qubit GHZ (Clifford, the tableau) and
 * a 40-qubit rotation chain (the MPS) complete, and a circuit beyond every method's limit at the
 * daemon's 64 MiB is refused at submission with a 4xx naming why, never accepted and failed later.
 */
class WideCircuitsOverHttpTest {

  private static String ghz(int n) {
    StringBuilder s = new StringBuilder("OPENQASM 2.0; include \"qelib1.inc\"; qreg q[" + n + "]; creg c[" + n + "]; h q[0];");
    for (int q = 0; q + 1 < n; q++) s.append(" cx q[").append(q).append("],q[").append(q + 1).append("];");
    return s.append(" measure q -> c;").toString();
  }

  @Test
  void fortyQubitJobsCompleteAndOneBeyondEveryLimitIsRefused() throws Exception {
    QubitdConfig config = new QubitdConfig(ConfigFactory.parseString("""
        qubitd.chips = [grid2x3]
        qubitd.calibration.enabled = false
        qubitd.kernel.max-state-memory = 64m
        """).withFallback(QubitdConfig.loadRoot()).resolve());
    Daemon.Running daemon = Daemon.start(config, Files.createTempDirectory("qubitd-wide"));
    try {
      var binding = HttpApi.bind(daemon.system(), daemon.gateway(), daemon.trainer(), "127.0.0.1", 0)
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      QubitdClient client = new QubitdClient(URI.create("http://127.0.0.1:" + binding.localAddress().getPort()), Duration.ofSeconds(30));

      StringBuilder chain = new StringBuilder("OPENQASM 2.0; include \"qelib1.inc\"; qreg q[40]; creg c[40];");
      for (int q = 0; q < 40; q++) chain.append(" ry(0.3) q[").append(q).append("];");
      for (int q = 0; q + 1 < 40; q++) chain.append(" cz q[").append(q).append("],q[").append(q + 1).append("];");
      // a second RY layer: CZs followed only by Z measurements change no outcome, and the MPS never applies them
      for (int q = 0; q < 40; q++) chain.append(" ry(0.4) q[").append(q).append("];");
      chain.append(" measure q -> c;");
      // a brickwork of CZs and RX rotations entangles beyond the bond limit (64): the MPS must cut and say so
      StringBuilder brick = new StringBuilder("OPENQASM 2.0; include \"qelib1.inc\"; qreg q[40]; creg c[40];");
      for (int q = 0; q < 40; q++) brick.append(" h q[").append(q).append("];");
      for (int layer = 0; layer < 24; layer++) {
        for (int q = layer % 2; q + 1 < 40; q += 2) brick.append(" cz q[").append(q).append("],q[").append(q + 1).append("];");
        for (int q = 0; q < 40; q++) brick.append(" rx(0.7) q[").append(q).append("];");
      }
      brick.append(" measure q -> c;");
      JobInfo job = client.submit(new JobRequest("ideal", List.of(new CircuitSpec(ghz(40), 500, Map.of()),
          new CircuitSpec(chain.toString(), 100, Map.of(), "mps"), new CircuitSpec(brick.toString(), 100, Map.of(), "mps")),
          0, "wide", false));
      assertEquals(JobStatus.COMPLETED, client.waitForCompletion(job.id(), Duration.ofSeconds(60), Duration.ofMillis(100)).status());
      List<CircuitResult> results = client.result(job.id());
      CircuitResult ghz = results.get(0);
      assertEquals("stabilizer", ghz.method());
      assertEquals(Set.of("0".repeat(40), "1".repeat(40)), ghz.counts().keySet());
      CircuitResult mps = results.get(1);
      assertEquals("mps", mps.method());
      assertEquals(100, mps.counts().values().stream().mapToLong(Long::longValue).sum());
      assertTrue(mps.maxBondDimension() >= 2 && mps.maxBondDimension() <= 4, "bond " + mps.maxBondDimension());
      // bond 2 holds the chain exactly: nothing is cut, the estimate is 1
      assertEquals(1.0, mps.estimatedFidelity(), 1e-9);
      CircuitResult cut = results.get(2);
      assertEquals(64, cut.maxBondDimension());
      double eps = cut.truncationError();
      assertTrue(eps > 1e-6, "truncation error " + eps);
      // F = Π(1 − ε_i) with Σ ε_i = ε lies between 1 − ε and e^(−ε), whatever the single cuts were
      assertTrue(cut.estimatedFidelity() >= 1 - eps - 1e-12 && cut.estimatedFidelity() <= Math.exp(-eps) + 1e-12,
          "estimated fidelity " + cut.estimatedFidelity() + " for truncation error " + eps);

      String wide = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[2000]; t q[0]; h q[1]; cx q[1],q[1999];";
      QubitdException refused = assertThrows(QubitdException.class,
          () -> client.submit(new JobRequest("ideal", List.of(new CircuitSpec(wide, 10, Map.of())), 0, "wide", false)));
      assertTrue(refused.status() >= 400 && refused.status() < 500, "status " + refused.status());
      assertTrue(refused.getMessage().contains("2000 qubits") && refused.getMessage().contains("kernel.max-state-memory"),
          refused.getMessage());
    } finally {
      daemon.system().terminate();
      daemon.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }
}
