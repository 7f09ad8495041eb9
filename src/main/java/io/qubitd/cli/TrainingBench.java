package io.qubitd.cli;

import com.typesafe.config.ConfigFactory;
import io.qubitd.config.QubitdConfig;
import io.qubitd.daemon.Daemon;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.trainer.quantum.ChipBatchEvaluator;
import io.qubitd.trainer.quantum.FamilyLayer;
import io.qubitd.trainer.quantum.LayerAnsatz;
import io.qubitd.trainer.quantum.QuantumSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Chip-mode throughput of the QTHA layer: forward rows of the default ansatz (r and L from
 * qubitd.trainer) sent as parameter sets to an in-process daemon on a chip, the way a training step
 * sends them (batches of at most 200 bindings, jobs-in-flight at once), timed end to end.
 */
final class TrainingBench {
  private TrainingBench() {}

  static Map<String, Object> run(String chip, int rows, int shots, long seed) throws Exception {
    Path dir = Files.createTempDirectory("qubitd-bench-training");
    QubitdConfig config = new QubitdConfig(ConfigFactory.parseString(
            "qubitd.chips = [" + chip + "]\nqubitd.calibration.enabled = false")
        .withFallback(QubitdConfig.loadRoot()).resolve());
    int r = config.root().getInt("qubitd.trainer.adapter.rank");
    int layers = config.root().getInt("qubitd.trainer.adapter.quantum-layers");
    LayerAnsatz ansatz = new LayerAnsatz(r, layers);
    QuantumSettings qs = QuantumSettings.fromConfig(config.root().getConfig("qubitd.trainer.quantum")).withBackend(chip).withShots(shots);
    Daemon.Running d = Daemon.start(config, dir);
    try {
      FamilyLayer layer = new FamilyLayer(ansatz, new ChipBatchEvaluator(d.system(), d.gateway(), qs, ansatz),
          FamilyLayer.Gradient.CHIP_FORWARD, seed);
      SplittableRandom rng = new SplittableRandom(seed);
      // token rows: the adapter's down-projection squashed to angles, spread over (−π, π); θ near its small initial values
      double[] theta = rng.doubles(ansatz.numParameters(), -0.1, 0.1).toArray();
      // one pass of as many rows first: regions placed, programs built and the kernel compiled by the JIT,
      // as in every step of a training session but its first
      double[][] warm = new double[rows][];
      for (int b = 0; b < warm.length; b++) warm[b] = rng.doubles(r, -Math.PI, Math.PI).toArray();
      layer.forward(warm, theta);
      double[][] u = new double[rows][];
      for (int b = 0; b < rows; b++) u[b] = rng.doubles(r, -Math.PI, Math.PI).toArray();
      GatewayProtocol.Metrics before = metrics(d);
      long sent0 = layer.circuitsEvaluated();
      double chip0 = layer.chipSeconds();
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      layer.forward(u, theta);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
      GatewayProtocol.Metrics after = metrics(d);
      long sent = layer.circuitsEvaluated() - sent0;
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("chip", chip);
      out.put("qubits", r);
      out.put("layers", layers);
      out.put("circuits", sent);
      out.put("shots", shots);
      out.put("expectations", shots == 0 ? "exact" : "sampled");
      out.put("wall_seconds", seconds);
      out.put("circuits_per_second", sent / seconds);
      // CPU time of the whole daemon over the pass: on a shared machine, circuits per CPU second is the figure load does not skew
      out.put("cpu_seconds", cpuSeconds);
      out.put("circuits_per_cpu_second", sent / cpuSeconds);
      out.put("chip_runs", after.chipRuns() - before.chipRuns());
      out.put("chip_seconds", layer.chipSeconds() - chip0);
      out.put("packing_utilisation", layer.utilisation());
      out.put("calibration", "truth at start (calibration off in the bench daemon)");
      return out;
    } finally {
      d.system().terminate();
      d.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static GatewayProtocol.Metrics metrics(Daemon.Running d) throws Exception {
    return AskPattern.<GatewayProtocol.Command, GatewayProtocol.Metrics>ask(d.gateway(), GatewayProtocol.GetMetrics::new,
        Duration.ofSeconds(30), d.system().scheduler()).toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
