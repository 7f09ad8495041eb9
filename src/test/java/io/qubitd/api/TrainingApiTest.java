package io.qubitd.api;

import static io.qubitd.api.ApiHarness.await;
import static io.qubitd.api.ApiHarness.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qubitd.trainer.AdapterKind;
import io.qubitd.trainer.TrainerEvent;
import io.qubitd.trainer.TrainerManager;
import io.qubitd.trainer.TrainerStatus;
import io.qubitd.trainer.quantum.QuantumLayers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /v1/training endpoints against a probe trainer: the command each sends, and how each reply becomes a response. */
class TrainingApiTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration QUIET = Duration.ofMillis(200);
  private static final long WAIT = ApiHarness.WAIT_SECONDS;

  private ApiHarness api;

  @BeforeEach
  void bind() throws Exception { api = new ApiHarness(KIT, Fixtures.settings(Duration.ofSeconds(2))); }

  @AfterEach
  void unbind() throws Exception { api.close(); }

  @AfterAll
  static void stop() { KIT.shutdownTestKit(); }

  private static TrainerManager.SessionStatus status(String id, TrainerStatus.State state, int step, double loss, double accuracy) {
    return new TrainerManager.SessionStatus(id, AdapterKind.QTHA, QuantumLayers.Mode.EXACT, state, step, 50, loss, 1200,
        0.5, 2.0, 640, accuracy, null, null);
  }

  @Test
  void postAsksTheTrainerToStartAndAnswers202WithTheStatus() throws Exception {
    var response = api.send("POST", "/v1/training",
        "{\"session\": \"s1\", \"adapter\": \"qtha\", \"mode\": \"exact\", \"steps\": 50, \"seed\": 7, \"tiny\": true}");
    var start = api.trainer.expectMessageClass(TrainerManager.StartSession.class);
    TrainerManager.Request r = start.request();
    assertEquals(new TrainerManager.Request("s1", AdapterKind.QTHA, QuantumLayers.Mode.EXACT, 50, 7, true), r);
    start.replyTo().tell(new TrainerManager.Session(status("s1", TrainerStatus.State.OPENING, 0, Double.NaN, Double.NaN)));
    HttpResponse<String> h = await(response);
    assertEquals(202, h.statusCode(), h.body());
    JsonNode j = body(h);
    assertEquals("s1", j.get("session").asText());
    assertEquals("opening", j.get("state").asText());
    assertTrue(j.get("loss").isNull(), "no loss before the first step: " + h.body());
    assertTrue(j.get("accuracy").isNull(), h.body());
    assertEquals("/v1/training/s1", h.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void defaultsAreQthaExactSeedOneAndTheConfiguredSteps() throws Exception {
    var response = api.send("POST", "/v1/training", "{\"session\": \"plain\"}");
    var start = api.trainer.expectMessageClass(TrainerManager.StartSession.class);
    assertEquals(new TrainerManager.Request("plain", AdapterKind.QTHA, QuantumLayers.Mode.EXACT, null, 1, false), start.request());
    start.replyTo().tell(new TrainerManager.Session(status("plain", TrainerStatus.State.OPENING, 0, Double.NaN, Double.NaN)));
    assertEquals(202, await(response).statusCode());
  }

  @Test
  void badRequestsAre400NamingTheInputAndNeverReachTheTrainer() throws Exception {
    Map<String, String> bodyToWords = Map.of(
        "{\"session\": \"s1\", \"adapter\": \"dora\"}", "unknown adapter 'dora'",
        "{\"session\": \"s1\", \"mode\": \"analog\"}", "unknown quantum mode 'analog'",
        "{\"session\": \"../etc\"}", "session id",
        "{\"session\": \"base-1\"}", "'base-'",
        "{\"adapter\": \"lora\"}", "'session'",
        "{\"session\": \"s1\", \"steps\": 0}", "steps must be >= 1",
        "{\"session\": \"s1\", \"steps\": \"many\"}", "'steps'",
        "{\"session\": \"s1\", \"adapter\": \"none\"}", "trains nothing",
        "{\"session\": \"s1\", \"tiny\": 1}", "'tiny'");
    for (var e : bodyToWords.entrySet()) {
      HttpResponse<String> h = await(api.send("POST", "/v1/training", e.getKey()));
      assertEquals(400, h.statusCode(), e.getKey());
      String error = body(h).get("error").asText();
      assertTrue(error.contains(e.getValue()), "for " + e.getKey() + ": " + error);
    }
    api.trainer.expectNoMessage(QUIET);
  }

  @Test
  void aDuplicateRunningSessionIsTheTrainers409() throws Exception {
    var response = api.send("POST", "/v1/training", "{\"session\": \"s1\", \"tiny\": true}");
    var start = api.trainer.expectMessageClass(TrainerManager.StartSession.class);
    start.replyTo().tell(new TrainerManager.Rejected(409, "session 's1' is running (step 3); stop it first or choose another id"));
    HttpResponse<String> h = await(response);
    assertEquals(409, h.statusCode());
    assertTrue(body(h).get("error").asText().contains("'s1' is running"), h.body());
  }

  @Test
  void getListsAndShowsOneSessionWithItsAccuracyOnceFinished() throws Exception {
    var list = api.send("GET", "/v1/training", null);
    api.trainer.expectMessageClass(TrainerManager.ListSessions.class).replyTo().tell(new TrainerManager.SessionList(List.of(
        status("a", TrainerStatus.State.RUNNING, 3, 1.25, Double.NaN), status("b", TrainerStatus.State.FINISHED, 50, 0.5, 0.75))));
    JsonNode sessions = body(await(list)).get("sessions");
    assertEquals(2, sessions.size());
    assertEquals("running", sessions.get(0).get("state").asText());
    assertEquals(1.25, sessions.get(0).get("loss").asDouble());

    var one = api.send("GET", "/v1/training/b", null);
    var get = api.trainer.expectMessageClass(TrainerManager.GetSession.class);
    assertEquals("b", get.sessionId());
    get.replyTo().tell(new TrainerManager.Session(status("b", TrainerStatus.State.FINISHED, 50, 0.5, 0.75)));
    HttpResponse<String> h = await(one);
    assertEquals(200, h.statusCode());
    JsonNode j = body(h);
    assertEquals("finished", j.get("state").asText());
    assertEquals(50, j.get("step").asInt());
    assertEquals(0.75, j.get("accuracy").asDouble());
    assertEquals(1200, j.get("circuits").asLong());
    assertEquals("qtha", j.get("adapter").asText());
  }

  @Test
  void anUnknownSessionIs404AndDeleteAsksToStop() throws Exception {
    var missing = api.send("GET", "/v1/training/nope", null);
    api.trainer.expectMessageClass(TrainerManager.GetSession.class).replyTo()
        .tell(new TrainerManager.Rejected(404, "no training session 'nope'"));
    HttpResponse<String> h = await(missing);
    assertEquals(404, h.statusCode());
    assertEquals("no training session 'nope'", body(h).get("error").asText());

    var del = api.send("DELETE", "/v1/training/s1", null);
    var stop = api.trainer.expectMessageClass(TrainerManager.StopSession.class);
    assertEquals("s1", stop.sessionId());
    stop.replyTo().tell(new TrainerManager.Session(status("s1", TrainerStatus.State.STOPPING, 4, 1.0, Double.NaN)));
    HttpResponse<String> d = await(del);
    assertEquals(200, d.statusCode());
    assertEquals("stopping", body(d).get("state").asText());
  }

  @Test
  void eventsStreamOverAWebSocketInOrderUntilTheFinalOne() throws Exception {
    EventStreamTest.Collector c = new EventStreamTest.Collector();
    var ws = api.http.newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + api.base.getPort() + "/v1/training/s1/events"), c);
    api.trainer.expectMessageClass(TrainerManager.GetSession.class).replyTo()
        .tell(new TrainerManager.Session(status("s1", TrainerStatus.State.RUNNING, 0, Double.NaN, Double.NaN)));
    ws.get(WAIT, TimeUnit.SECONDS);
    var subscribe = api.trainer.expectMessageClass(TrainerManager.Subscribe.class);
    assertEquals("s1", subscribe.sessionId());
    List<TrainerEvent> sent = List.of(new TrainerEvent.Started("s1", 0, 640),
        new TrainerEvent.Progress("s1", 1, 2.5, 96, 0.25, 0.5),
        new TrainerEvent.Checkpointed("s1", 1, "/data/trainer/s1/step-1"),
        new TrainerEvent.Finished("s1", 1, 0.125, "/data/trainer/s1/step-1"));
    sent.forEach(subscribe.subscriber()::tell);
    List<String> types = List.of("started", "progress", "checkpointed", "finished");
    JsonNode progress = null;
    for (String type : types) {
      String frame = c.frames.poll(WAIT, TimeUnit.SECONDS);
      assertNotNull(frame, "no frame for " + type);
      JsonNode j = WireFormat.parseObject(frame);
      assertEquals(type, j.get("type").asText(), frame);
      assertEquals("s1", j.get("session").asText());
      if (type.equals("progress")) progress = j;
      if (type.equals("finished")) assertEquals(0.125, j.get("accuracy").asDouble());
    }
    assertEquals(1, progress.get("step").asInt());
    assertEquals(2.5, progress.get("loss").asDouble());
    assertEquals(96, progress.get("circuits").asLong());
    assertEquals(0.25, progress.get("quantum_seconds").asDouble());
    assertEquals(0.5, progress.get("wall_seconds").asDouble());
    assertEquals(1000, (int) c.closed.get(WAIT, TimeUnit.SECONDS), "normal closure after the final event");
    assertEquals(subscribe.subscriber(), api.trainer.expectMessageClass(TrainerManager.Unsubscribe.class).subscriber());
  }

  @Test
  void serverSentEventsAndA404ForAnUnknownSession() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(api.base.resolve("/v1/training/s2/events"))
        .header("Accept", "text/event-stream").build();
    var response = api.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    api.trainer.expectMessageClass(TrainerManager.GetSession.class).replyTo()
        .tell(new TrainerManager.Session(status("s2", TrainerStatus.State.RUNNING, 0, Double.NaN, Double.NaN)));
    var subscribe = api.trainer.expectMessageClass(TrainerManager.Subscribe.class);
    subscribe.subscriber().tell(new TrainerEvent.Progress("s2", 1, 2.0, 0, 0, 0.1));
    subscribe.subscriber().tell(new TrainerEvent.Failed("s2", 1, "step 2 failed: out of memory"));
    HttpResponse<String> h = response.get(WAIT, TimeUnit.SECONDS);
    assertEquals(200, h.statusCode());
    int progress = h.body().indexOf("event:progress"), failed = h.body().indexOf("event:failed");
    assertTrue(progress >= 0 && failed > progress, h.body());
    assertTrue(h.body().contains("\"message\":\"step 2 failed: out of memory\""), h.body());

    var missing = api.send("GET", "/v1/training/ghost/events", null);
    api.trainer.expectMessageClass(TrainerManager.Unsubscribe.class);
    api.trainer.expectMessageClass(TrainerManager.GetSession.class).replyTo()
        .tell(new TrainerManager.Rejected(404, "no training session 'ghost'"));
    assertEquals(404, await(missing).statusCode());
    api.trainer.expectNoMessage(QUIET);
  }
}
