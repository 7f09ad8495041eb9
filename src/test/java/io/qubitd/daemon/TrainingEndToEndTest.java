package io.qubitd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.qubitd.api.HttpApi;
import io.qubitd.api.WireFormat;
import io.qubitd.config.QubitdConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A fine-tuning session through a real daemon's HTTP API: start it, stream its events to the end, read its status. */
class TrainingEndToEndTest {
  static final int STEPS = 4;
  static final long WAIT_SECONDS = 120;

  static Daemon.Running daemon;
  static URI base;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static final QubitdConfig CONFIG = new QubitdConfig(ConfigFactory.parseString("""
      qubitd.chips = [grid2x3]
      qubitd.calibration.enabled = false
      qubitd.trainer.session.checkpoint-every = 1
      """).withFallback(QubitdConfig.loadRoot()).resolve());

  @BeforeAll
  static void start() throws Exception {
    daemon = Daemon.start(CONFIG, Files.createTempDirectory("qubitd-training-e2e"));
    base = listen(daemon);
  }

  static URI listen(Daemon.Running d) throws Exception {
    var binding = HttpApi.bind(d.system(), d.gateway(), d.trainer(), "127.0.0.1", 0).toCompletableFuture().get(30, TimeUnit.SECONDS);
    return URI.create("http://127.0.0.1:" + binding.localAddress().getPort());
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.system().terminate();
    daemon.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static HttpResponse<String> send(String method, String path, String body) throws Exception {
    return send(base, method, path, body);
  }

  static HttpResponse<String> send(URI at, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(at.resolve(path)).timeout(Duration.ofSeconds(30));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSessionStartsStreamsItsProgressAndFinishesWithAnAccuracy() throws Exception {
    String request = "{\"session\": \"e2e\", \"adapter\": \"qtha\", \"mode\": \"exact\", \"steps\": " + STEPS
        + ", \"seed\": 1, \"tiny\": true}";
    HttpResponse<String> started = send("POST", "/v1/training", request);
    assertEquals(202, started.statusCode(), started.body());
    assertEquals("e2e", WireFormat.parseObject(started.body()).get("session").asText());

    LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + base.getPort() + "/v1/training/e2e/events"),
        new WebSocket.Listener() {
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

          @Override
          public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
            closed.complete(status);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);

    HttpResponse<String> duplicate = send("POST", "/v1/training", request);
    assertEquals(409, duplicate.statusCode(), duplicate.body());
    assertTrue(WireFormat.parseObject(duplicate.body()).get("error").asText().contains("'e2e'"), duplicate.body());

    List<JsonNode> progress = new ArrayList<>();
    JsonNode finished = null;
    while (finished == null) {
      String f = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(f, "no event within " + WAIT_SECONDS + " s; progress so far " + progress);
      JsonNode e = WireFormat.parseObject(f);
      switch (e.get("type").asText()) {
        case "progress" -> progress.add(e);
        case "finished" -> finished = e;
        case "failed" -> throw new AssertionError("the session failed: " + f);
        default -> { }
      }
    }
    assertEquals(1000, (int) closed.get(10, TimeUnit.SECONDS), "the stream closes normally after the final event");
    // events are of the time after subscribing: whatever came before, the rest arrive in order, one per step
    assertTrue(!progress.isEmpty(), "progress events arrived");
    int first = STEPS - progress.size() + 1;
    for (int i = 0; i < progress.size(); i++) {
      JsonNode p = progress.get(i);
      assertEquals(first + i, p.get("step").asInt(), "in order, none missing: " + progress);
      assertTrue(p.get("loss").asDouble() > 0, "cross-entropy is positive: " + p);
      assertTrue(p.get("circuits").asLong() > 0, "a qtha step evaluates circuits: " + p);
      assertTrue(p.get("wall_seconds").asDouble() > 0, p.toString());
    }
    assertEquals(STEPS, finished.get("step").asInt());
    double accuracy = finished.get("accuracy").asDouble();
    assertTrue(accuracy >= 0 && accuracy <= 1, finished.toString());

    HttpResponse<String> status = send("GET", "/v1/training/e2e", null);
    assertEquals(200, status.statusCode(), status.body());
    JsonNode s = WireFormat.parseObject(status.body());
    assertEquals("finished", s.get("state").asText());
    assertEquals(STEPS, s.get("step").asInt());
    assertEquals(accuracy, s.get("accuracy").asDouble());
    assertEquals(progress.get(STEPS - 1).get("loss").asDouble(), s.get("loss").asDouble());
    long circuits = progress.stream().mapToLong(p -> p.get("circuits").asLong()).sum();
    if (first == 1) assertEquals(circuits, s.get("circuits").asLong(), "the status counts every step's circuits");
    else assertTrue(s.get("circuits").asLong() > circuits, "the status counts the steps before subscribing too");

    JsonNode listed = WireFormat.parseObject(send("GET", "/v1/training", null).body()).get("sessions");
    assertEquals(1, listed.size());
    assertEquals("e2e", listed.get(0).get("session").asText());
    assertEquals(404, send("GET", "/v1/training/other", null).statusCode());
  }

  /** Polls the session's status until {@code done} holds of it; fails after {@link #WAIT_SECONDS}. */
  static JsonNode awaitStatus(URI at, String session, java.util.function.Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (true) {
      JsonNode s = WireFormat.parseObject(send(at, "GET", "/v1/training/" + session, null).body());
      if (done.test(s)) return s;
      assertTrue(!s.get("state").asText().equals("failed"), "the session failed: " + s);
      assertTrue(System.nanoTime() < deadline, "still " + s);
      Thread.sleep(50);
    }
  }

  @Test
  void aSessionRunningWhenTheDaemonStopsResumesFromItsCheckpointWhenItStartsAgain() throws Exception {
    Path data = Files.createTempDirectory("qubitd-training-restart");
    int steps = 40;
    Daemon.Running first = Daemon.start(CONFIG, data);
    URI at = listen(first);
    HttpResponse<String> started = send(at, "POST", "/v1/training",
        "{\"session\": \"long\", \"adapter\": \"lora\", \"steps\": " + steps + ", \"tiny\": true}");
    assertEquals(202, started.statusCode(), started.body());
    JsonNode before = awaitStatus(at, "long", s -> s.get("step").asInt() >= 2 && !s.get("checkpoint").isNull());
    first.system().terminate();
    first.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);

    Daemon.Running second = Daemon.start(CONFIG, data);
    try {
      URI again = listen(second);
      JsonNode resumed = WireFormat.parseObject(send(again, "GET", "/v1/training/long", null).body());
      assertTrue(!resumed.get("state").asText().equals("finished") && resumed.get("step").asInt() >= before.get("step").asInt(),
          "known to the new daemon from its record, not yet done: " + resumed);
      JsonNode done = awaitStatus(again, "long", s -> s.get("state").asText().equals("finished"));
      assertEquals(steps, done.get("step").asInt());
      assertEquals("lora", done.get("adapter").asText());
      assertTrue(done.get("accuracy").asDouble() >= 0 && done.get("accuracy").asDouble() <= 1, done.toString());
    } finally {
      second.system().terminate();
      second.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }
}
