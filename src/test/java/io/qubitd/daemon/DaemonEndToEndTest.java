package io.qubitd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.qubitd.api.HttpApi;
import io.qubitd.api.QubitdClient;
import io.qubitd.api.QubitdException;
import io.qubitd.api.WireFormat;
import io.qubitd.config.QubitdConfig;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobEvent;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The daemon end to end over real HTTP and WebSocket, as clients use it: submit, stream, fetch, cancel, load. */
class DaemonEndToEndTest {

  static Daemon.Running daemon;
  static URI base;
  static Path data;

  static final String BELL = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[2]; creg c[2]; h q[0]; cx q[0],q[1]; measure q -> c;";

  @BeforeAll
  static void start() throws Exception {
    data = Files.createTempDirectory("qubitd-e2e");
    QubitdConfig config = new QubitdConfig(ConfigFactory.parseString("""
        qubitd.chips = [grid2x3]
        qubitd.calibration.enabled = false
        qubitd.scheduler.max-queued-jobs = 5000
        """).withFallback(QubitdConfig.loadRoot()).resolve());
    daemon = Daemon.start(config, data);
    var binding = HttpApi.bind(daemon.system(), daemon.gateway(), daemon.trainer(), "127.0.0.1", 0).toCompletableFuture().get(30, TimeUnit.SECONDS);
    base = URI.create("http://127.0.0.1:" + binding.localAddress().getPort());
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.system().terminate();
    daemon.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static QubitdClient client() { return new QubitdClient(base, Duration.ofSeconds(30)); }

  @Test
  void aJobStreamsItsEventsInOrderAndItsResultsComeBackInCircuitOrder() throws Exception {
    LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + base.getPort() + "/v1/events"), new WebSocket.Listener() {
          final StringBuilder partial = new StringBuilder();
          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              frames.add(partial.toString());
              partial.setLength(0);
            }
            w.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    Thread.sleep(300); // the subscription reaches the gateway

    String x = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[1]; creg c[1]; x q[0]; measure q[0] -> c[0];";
    JobInfo job = client().submit(new JobRequest("grid2x3",
        List.of(new CircuitSpec(BELL, 500, Map.of()), new CircuitSpec(x, 300, Map.of())), 0, "e2e", false));
    List<String> types = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    while (!types.contains("completed")) {
      String f = frames.poll(60, TimeUnit.SECONDS);
      assertTrue(f != null, "events so far " + types);
      JobEvent e = WireFormat.readEvent(json.readTree(f));
      if (e.jobId().equals(job.id())) types.add(e.type());
    }
    ws.abort();
    assertEquals("queued", types.get(0), types.toString());
    assertTrue(types.indexOf("running") > 0, types.toString());
    assertEquals(2, Collections.frequency(types, "circuit_done"), types.toString());
    assertEquals("completed", types.get(types.size() - 1), types.toString());

    List<CircuitResult> results = client().result(job.id());
    assertEquals(2, results.size());
    assertEquals(500, results.get(0).counts().values().stream().mapToLong(Long::longValue).sum());
    assertTrue(results.get(0).counts().getOrDefault("00", 0L) + results.get(0).counts().getOrDefault("11", 0L) > 350,
        "a noisy Bell pair is mostly correlated: " + results.get(0).counts());
    assertTrue(results.get(1).counts().getOrDefault("1", 0L) > 240, "X then measure mostly reads 1: " + results.get(1).counts());
  }

  @Test
  void aQueuedJobCanBeCancelledAndThenHasNoResults() {
    QubitdClient c = client();
    // a long job first, so the second waits in the queue
    String wide = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[22]; creg c[22]; h q; measure q -> c;";
    JobInfo busy = c.submit(new JobRequest("ideal", List.of(new CircuitSpec(wide, 100000, Map.of())), 5, "hog", false));
    JobInfo victim = c.submit(new JobRequest("ideal", List.of(new CircuitSpec(BELL, 10, Map.of())), 0, "victim", false));
    JobInfo cancelled = c.cancel(victim.id());
    assertEquals(JobStatus.CANCELLED, cancelled.status());
    assertEquals(JobStatus.CANCELLED, c.status(victim.id()).status());
    QubitdException noResult = org.junit.jupiter.api.Assertions.assertThrows(QubitdException.class, () -> c.result(victim.id()));
    assertEquals(409, noResult.status());
    c.cancel(busy.id());
  }

  @Test
  void badRequestsGetA4xxNamingTheProblemAndTheDaemonKeepsServing() {
    QubitdClient c = client();
    QubitdException unknown = org.junit.jupiter.api.Assertions.assertThrows(QubitdException.class,
        () -> c.submit(new JobRequest("nochip", List.of(new CircuitSpec(BELL, 10, Map.of())), 0, "x", false)));
    assertEquals(404, unknown.status());
    assertTrue(unknown.getMessage().contains("nochip"), unknown.getMessage());
    QubitdException tooWide = org.junit.jupiter.api.Assertions.assertThrows(QubitdException.class,
        () -> c.submit(new JobRequest("grid2x3", List.of(new CircuitSpec(
            "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[7]; h q[6];", 10, Map.of())), 0, "x", false)));
    assertEquals(400, tooWide.status());
    assertTrue(tooWide.getMessage().contains("7"), tooWide.getMessage());
    assertEquals(JobStatus.QUEUED, c.submit(new JobRequest("ideal", List.of(new CircuitSpec(BELL, 10, Map.of())), 0, "x", false)).status());
  }

  @Test
  void twoThousandSmallJobsFromFiftyClientsAllCompleteNoneLostNoneDuplicated() throws Exception {
    int clients = 50, perClient = 40;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    List<Future<?>> done = new ArrayList<>();
    for (int k = 0; k < clients; k++) {
      String name = "load-" + k;
      done.add(pool.submit(() -> {
        QubitdClient c = client();
        for (int j = 0; j < perClient; j++) {
          ids.add(c.submit(new JobRequest("ideal", List.of(new CircuitSpec(BELL, 20 + j, Map.of())), 0, name, false)).id());
        }
        return null;
      }));
    }
    for (Future<?> f : done) f.get(300, TimeUnit.SECONDS);
    pool.shutdown();
    Set<String> unique = new HashSet<>(ids);
    assertEquals(clients * perClient, ids.size());
    assertEquals(ids.size(), unique.size(), "every accepted job has its own id");

    QubitdClient c = client();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    Set<String> completed = new HashSet<>();
    while (!completed.containsAll(unique)) {
      assertTrue(System.nanoTime() < deadline, (unique.size() - completed.size()) + " jobs still not completed");
      for (JobInfo j : c.list(null, JobStatus.COMPLETED, 10000)) completed.add(j.id());
      Thread.sleep(250);
    }
    int checked = 0;
    for (String id : unique) {
      if (checked++ % 20 != 0) continue;
      List<CircuitResult> r = c.result(id);
      assertEquals(1, r.size());
      long total = r.get(0).counts().values().stream().mapToLong(Long::longValue).sum();
      assertTrue(total >= 20 && total < 60, id + " shots " + total);
      assertTrue(Set.of("00", "11").containsAll(r.get(0).counts().keySet()), "ideal Bell counts " + r.get(0).counts());
    }
  }
}
