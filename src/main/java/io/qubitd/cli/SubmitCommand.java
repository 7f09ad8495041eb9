package io.qubitd.cli;

import io.qubitd.api.ApiSettings;
import io.qubitd.api.QubitdClient;
import io.qubitd.api.QubitdException;
import io.qubitd.config.QubitdConfig;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qubitd submit FILE.qasm...}: sends circuits to a running daemon as one job, waits, prints the results. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Submit OpenQASM files to a running qubitd (see serve) as one job, wait, and print counts"
        + " (the JSON of run; several files give one object with a results list).")
final class SubmitCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE.qasm", description = "Circuits of the job, in order.")
  List<Path> files;

  @Option(names = "--backend", defaultValue = "ideal", description = "ideal (the default) or a chip such as wukong72.")
  String backend;

  @Option(names = "--shots", defaultValue = "1024", description = "Shots per circuit (default ${DEFAULT-VALUE}).")
  int shots;

  @Option(names = "--priority", defaultValue = "0", description = "Higher runs first (default ${DEFAULT-VALUE}).")
  int priority;

  @Option(names = "--client", description = "Who submits, for fair share between clients (default anonymous).")
  String client;

  @Option(names = {"-i", "--input"}, paramLabel = "NAME=VALUE",
      description = "Bind an OpenQASM 3 'input float' parameter in every circuit. Repeatable.")
  Map<String, Double> inputs = new LinkedHashMap<>();

  @Option(names = "--url", description = "The daemon (default http://qubitd.api.host:qubitd.api.port).")
  URI url;

  @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait for the job (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--poll", defaultValue = "200", description = "Milliseconds between status checks (default ${DEFAULT-VALUE}).")
  long pollMillis;

  @Option(names = "--method", defaultValue = "auto",
      description = "Simulation method of every circuit: auto, statevector, density-matrix, trajectories, mps or stabilizer (default ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (shots < 1) throw new IllegalArgumentException("--shots must be at least 1, got " + shots);
    if (!io.qubitd.kernel.MethodChooser.NAMES.contains(method)) {
      throw new IllegalArgumentException("unknown --method '" + method + "'; use one of " + String.join(", ", io.qubitd.kernel.MethodChooser.NAMES));
    }
    List<CircuitSpec> circuits = new ArrayList<>();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) throw new IllegalArgumentException("no such file: " + f);
      circuits.add(new CircuitSpec(Files.readString(f), shots, inputs, method));
    }
    QubitdClient daemon = new QubitdClient(url != null ? url : defaultUrl());
    long t0 = System.nanoTime();
    JobInfo job = daemon.submit(new JobRequest(backend, circuits, priority, client, false));
    try {
      job = daemon.waitForCompletion(job.id(), Duration.ofSeconds(timeoutSeconds), Duration.ofMillis(pollMillis));
    } catch (TimeoutException e) {
      throw new QubitdException(0, e.getMessage() + "; it keeps running on the daemon (GET /v1/jobs/" + job.id() + ")");
    }
    if (job.status() != JobStatus.COMPLETED) {
      throw new QubitdException(0, "job " + job.id() + " " + job.status().wire() + (job.error() == null ? "" : ": " + job.error()));
    }
    List<CircuitResult> results = daemon.result(job.id());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("backend", backend);
    out.put("job_id", job.id());
    if (files.size() == 1) {
      out.putAll(circuitJson(files.get(0), results.get(0)));
    } else {
      List<Map<String, Object>> list = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) list.add(circuitJson(files.get(i), results.get(i)));
      out.put("results", list);
    }
    out.put("time_taken", (System.nanoTime() - t0) / 1e9);
    System.out.println(json ? Json.write(out) : Text.table(out));
    return 0;
  }

  /** One circuit's result with run's keys (counts, shots, layout, swaps, method, calibration_version). */
  private static Map<String, Object> circuitJson(Path file, CircuitResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("circuit", circuitName(file));
    m.put("counts", new TreeMap<>(r.counts()));
    m.put("shots", r.shots());
    if (!r.initialLayout().isEmpty()) {
      Map<String, Object> layout = new LinkedHashMap<>();
      layout.put("initial", r.initialLayout());
      layout.put("final", r.finalLayout());
      m.put("layout", layout);
      m.put("swaps", r.swaps());
    }
    m.put("method", r.method());
    m.put("calibration_version", r.calibrationVersion());
    return m;
  }

  private static String circuitName(Path file) {
    String base = file.getFileName().toString();
    int dot = base.lastIndexOf('.');
    return dot > 0 ? base.substring(0, dot) : base;
  }

  private static URI defaultUrl() {
    ApiSettings api = ApiSettings.fromConfig(QubitdConfig.load().root());
    return URI.create("http://" + api.host() + ":" + api.port());
  }
}
