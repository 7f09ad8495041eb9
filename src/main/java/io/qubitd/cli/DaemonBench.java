package io.qubitd.cli;

import com.typesafe.config.ConfigFactory;
import io.qubitd.config.QubitdConfig;
import io.qubitd.daemon.Daemon;
import io.qubitd.progress.Progress;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The daemon's benchmark: one job of 200 parameterised 6-qubit circuits on a chip, with and
 * without packing, and job latency under a steady load of small jobs. In-process daemons on a
 * temporary data directory, talking to the gateway by message (the HTTP layer is not timed).
 */
final class DaemonBench {
  private DaemonBench() {}

  /** A 6-qubit hardware-efficient ansatz with two input angles: the kind of circuit variational jobs send by the hundred. */
  static final String ANSATZ = """
      OPENQASM 3;
      include "stdgates.inc";
      input float a;
      input float b;
      qubit[6] q;
      bit[6] c;
      for int i in [0:5] { ry(a) q[i]; }
      for int i in [0:4] { cx q[i], q[i+1]; }
      for int i in [0:5] { rz(b) q[i]; }
      for int i in [0:4] { cz q[i], q[i+1]; }
      for int i in [0:5] { ry(a + b) q[i]; }
      c = measure q;
      """;

  static Map<String, Object> run(String chip, int circuits, int shots, int loadClients, int loadJobs, Progress progress)
      throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("chip", chip);
    progress.start("daemon benchmark", 3);
    for (boolean packing : new boolean[] {true, false}) {
      progress.update(packing ? 0 : 1, circuits + "-circuit job " + (packing ? "with" : "without") + " packing");
      out.put(packing ? "with_packing" : "without_packing", batch(chip, packing, circuits, shots));
    }
    progress.update(2, "latency under load");
    out.put("latency_under_load", latency(chip, loadClients, loadJobs));
    progress.update(3, "");
    progress.finish();
    return out;
  }

  private static Daemon.Running start(String chip, boolean packing) throws Exception {
    Path dir = Files.createTempDirectory("qubitd-bench");
    QubitdConfig config = new QubitdConfig(ConfigFactory.parseString(
            "qubitd.chips = [" + chip + "]\nqubitd.calibration.enabled = false\nqubitd.scheduler.packing = " + packing
                + "\nqubitd.scheduler.max-queued-jobs = 100000")
        .withFallback(QubitdConfig.loadRoot()).resolve());
    return Daemon.start(config, dir);
  }

  private static Map<String, Object> batch(String chip, boolean packing, int circuits, int shots) throws Exception {
    Daemon.Running d = start(chip, packing);
    try {
      List<CircuitSpec> specs = new ArrayList<>();
      for (int i = 0; i < circuits; i++) specs.add(new CircuitSpec(ANSATZ, shots, Map.of("a", 0.01 * i, "b", 0.3 - 0.002 * i)));
      // warm-up: the JIT, the journal and the compiler's first circuits
      await(d, submit(d, new JobRequest(chip, specs.subList(0, Math.min(12, circuits)), 0, "warmup", false)));
      long runsBefore = metrics(d).chipRuns();
      long t0 = System.nanoTime();
      JobInfo job = submit(d, new JobRequest(chip, specs, 0, "bench", false));
      JobInfo done = await(d, job.id());
      double seconds = (System.nanoTime() - t0) / 1e9;
      GatewayProtocol.Metrics m = metrics(d);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("status", done.status().wire());
      r.put("circuits", circuits);
      r.put("shots", shots);
      r.put("wall_seconds", seconds);
      r.put("chip_runs", m.chipRuns() - runsBefore);
      r.put("circuits_per_second", circuits / seconds);
      r.put("utilisation", m.utilisation());
      return r;
    } finally {
      stop(d);
    }
  }

  private static Map<String, Object> latency(String chip, int clients, int jobs) throws Exception {
    Daemon.Running d = start(chip, true);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicBoolean loading = new AtomicBoolean(true);
    try {
      String bell = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[2]; creg c[2]; h q[0]; cx q[0],q[1]; measure q -> c;";
      await(d, submit(d, new JobRequest(chip, List.of(new CircuitSpec(bell, 100, Map.of())), 0, "warmup", false)).id());
      for (int k = 0; k < clients; k++) {
        String client = "load-" + k;
        pool.submit(() -> {
          while (loading.get()) {
            await(d, submit(d, new JobRequest(chip, List.of(new CircuitSpec(bell, 100, Map.of())), 0, client, false)).id());
          }
          return null;
        });
      }
      List<Double> latencies = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        long t0 = System.nanoTime();
        await(d, submit(d, new JobRequest(chip, List.of(new CircuitSpec(bell, 1000, Map.of())), 0, "probe", false)).id());
        latencies.add((System.nanoTime() - t0) / 1e9);
      }
      loading.set(false);
      latencies.sort(Double::compare);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("background_clients", clients);
      r.put("probe_jobs", jobs);
      r.put("p50_seconds", latencies.get(latencies.size() / 2));
      r.put("p99_seconds", latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.99) - 1)));
      r.put("server_latency_seconds", metrics(d).latencySeconds());
      return r;
    } finally {
      loading.set(false);
      pool.shutdown();
      pool.awaitTermination(60, TimeUnit.SECONDS);
      stop(d);
    }
  }

  private static JobInfo submit(Daemon.Running d, JobRequest r) {
    GatewayProtocol.SubmitReply reply = AskPattern.<GatewayProtocol.Command, GatewayProtocol.SubmitReply>ask(
            d.gateway(), to -> new GatewayProtocol.SubmitJob(r, to), Duration.ofSeconds(60), d.system().scheduler())
        .toCompletableFuture().join();
    if (reply instanceof GatewayProtocol.SubmitRejected rej) throw new IllegalStateException(rej.rejection().message());
    return ((GatewayProtocol.Accepted) reply).job();
  }

  private static JobInfo await(Daemon.Running d, JobInfo job) throws InterruptedException { return await(d, job.id()); }

  private static JobInfo await(Daemon.Running d, String id) throws InterruptedException {
    while (true) {
      GatewayProtocol.JobReply reply = AskPattern.<GatewayProtocol.Command, GatewayProtocol.JobReply>ask(
              d.gateway(), to -> new GatewayProtocol.GetJob(id, to), Duration.ofSeconds(60), d.system().scheduler())
          .toCompletableFuture().join();
      if (!(reply instanceof GatewayProtocol.JobFound f)) throw new IllegalStateException("job " + id + " vanished");
      if (f.job().status().isFinal()) {
        if (f.job().status() != JobStatus.COMPLETED) throw new IllegalStateException("job " + id + " ended " + f.job());
        return f.job();
      }
      Thread.sleep(2);
    }
  }

  private static GatewayProtocol.Metrics metrics(Daemon.Running d) {
    ActorRef<GatewayProtocol.Command> g = d.gateway();
    return AskPattern.<GatewayProtocol.Command, GatewayProtocol.Metrics>ask(
            g, GatewayProtocol.GetMetrics::new, Duration.ofSeconds(30), d.system().scheduler())
        .toCompletableFuture().join();
  }

  private static void stop(Daemon.Running d) throws Exception {
    d.system().terminate();
    d.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
