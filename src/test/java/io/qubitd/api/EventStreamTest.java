package io.qubitd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.Jobs.JobEvent;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Job events over WebSocket and server-sent events: subscribed on connect, in order, unsubscribed on close. */
class EventStreamTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final long WAIT = ApiHarness.WAIT_SECONDS;

  private ApiHarness api;

  @BeforeEach
  void bind() throws Exception { api = new ApiHarness(KIT, Fixtures.settings(Duration.ofSeconds(2))); }

  @AfterEach
  void unbind() throws Exception { api.close(); }

  @AfterAll
  static void stop() { KIT.shutdownTestKit(); }

  /** Collects text frames and the close; acknowledges each frame so more arrive. */
  static final class Collector implements WebSocket.Listener {
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      closed.complete(status);
      return null;
    }
  }

  private WebSocket connect(String path, Collector c) throws Exception {
    return connectAsync(path, c).get(WAIT, TimeUnit.SECONDS);
  }

  private CompletableFuture<WebSocket> connectAsync(String path, Collector c) {
    URI uri = URI.create("ws://127.0.0.1:" + api.base.getPort() + path);
    return api.http.newWebSocketBuilder().buildAsync(uri, c);
  }

  private static JobEvent event(String job, String type, Integer circuit) {
    return new JobEvent(job, type, Fixtures.T0.plusSeconds(circuit == null ? 0 : circuit), circuit, null);
  }

  @Test
  void eventsOfOneJobArriveInOrderAndTheStreamEndsAfterTheFinalOne() throws Exception {
    Collector c = new Collector();
    var socket = connectAsync("/v1/jobs/wukong72.5/events", c);
    var known = api.gateway.expectMessageClass(GatewayProtocol.GetJob.class);
    assertEquals("wukong72.5", known.id());
    known.replyTo().tell(new GatewayProtocol.JobFound(Fixtures.job("wukong72.5", JobStatus.RUNNING)));
    socket.get(WAIT, TimeUnit.SECONDS);
    var subscribe = api.gateway.expectMessageClass(GatewayProtocol.Subscribe.class);
    assertEquals("wukong72.5", subscribe.jobId());
    List<JobEvent> sent = List.of(event("wukong72.5", "running", null), event("wukong72.5", "circuit_done", 0),
        event("wukong72.5", "circuit_done", 1), event("wukong72.5", "completed", null));
    sent.forEach(subscribe.subscriber()::tell);
    for (JobEvent e : sent) {
      String frame = c.frames.poll(WAIT, TimeUnit.SECONDS);
      assertNotNull(frame, "no frame for " + e);
      JsonNode j = WireFormat.parseObject(frame);
      assertEquals(e.type(), j.get("type").asText());
      assertEquals(e.time().toString(), j.get("time").asText());
      assertEquals(e.circuit() == null ? null : e.circuit().toString(), j.has("circuit") ? j.get("circuit").asText() : null);
    }
    assertEquals(1000, (int) c.closed.get(WAIT, TimeUnit.SECONDS), "normal closure after the final event");
    var unsubscribe = api.gateway.expectMessageClass(GatewayProtocol.Unsubscribe.class);
    assertEquals(subscribe.subscriber(), unsubscribe.subscriber());
  }

  @Test
  void closingTheSocketUnsubscribes() throws Exception {
    Collector c = new Collector();
    WebSocket ws = connect("/v1/events", c);
    var subscribe = api.gateway.expectMessageClass(GatewayProtocol.Subscribe.class);
    assertEquals(null, subscribe.jobId(), "all jobs");
    ActorRef<JobEvent> subscriber = subscribe.subscriber();
    subscriber.tell(event("a.1", "queued", null));
    subscriber.tell(event("b.2", "completed", null));
    subscriber.tell(event("a.1", "running", null));
    assertEquals("a.1", WireFormat.parseObject(c.frames.poll(WAIT, TimeUnit.SECONDS)).get("job_id").asText());
    assertEquals("b.2", WireFormat.parseObject(c.frames.poll(WAIT, TimeUnit.SECONDS)).get("job_id").asText());
    assertEquals("running", WireFormat.parseObject(c.frames.poll(WAIT, TimeUnit.SECONDS)).get("type").asText(),
        "the all-jobs stream goes on past one job's final event");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT, TimeUnit.SECONDS);
    var unsubscribe = api.gateway.expectMessageClass(GatewayProtocol.Unsubscribe.class);
    assertEquals(subscriber, unsubscribe.subscriber());
  }

  @Test
  void serverSentEventsForClientsAskingForThem() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(api.base.resolve("/v1/jobs/wukong72.6/events"))
        .header("Accept", "text/event-stream").build();
    var response = api.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    api.gateway.expectMessageClass(GatewayProtocol.GetJob.class).replyTo()
        .tell(new GatewayProtocol.JobFound(Fixtures.job("wukong72.6", JobStatus.RUNNING)));
    var subscribe = api.gateway.expectMessageClass(GatewayProtocol.Subscribe.class);
    subscribe.subscriber().tell(event("wukong72.6", "running", null));
    subscribe.subscriber().tell(new JobEvent("wukong72.6", "failed", Fixtures.T0, null, "no qubits left"));
    HttpResponse<String> h = response.get(WAIT, TimeUnit.SECONDS);
    assertEquals(200, h.statusCode());
    assertTrue(h.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
    String body = h.body();
    int running = body.indexOf("event:running"), failed = body.indexOf("event:failed");
    assertTrue(running >= 0 && failed > running, body);
    assertTrue(body.contains("\"message\":\"no qubits left\""), body);
    api.gateway.expectMessageClass(GatewayProtocol.Unsubscribe.class);
  }

  @Test
  void eventsOfAnUnknownJobAre404OverWebSocketAndServerSentEvents() throws Exception {
    var sse = api.http.sendAsync(HttpRequest.newBuilder(api.base.resolve("/v1/jobs/wukong72.404/events"))
        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
    api.gateway.expectMessageClass(GatewayProtocol.GetJob.class).replyTo()
        .tell(new GatewayProtocol.JobRejected(new GatewayProtocol.Rejection(404, "no job with id 'wukong72.404'")));
    HttpResponse<String> h = sse.get(WAIT, TimeUnit.SECONDS);
    assertEquals(404, h.statusCode());
    assertTrue(ApiHarness.body(h).get("error").asText().contains("wukong72.404"), h.body());

    var ws = connectAsync("/v1/jobs/wukong72.405/events", new Collector());
    api.gateway.expectMessageClass(GatewayProtocol.GetJob.class).replyTo()
        .tell(new GatewayProtocol.JobRejected(new GatewayProtocol.Rejection(404, "no job with id 'wukong72.405'")));
    var refused = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
        () -> ws.get(WAIT, TimeUnit.SECONDS));
    assertTrue(refused.getCause() instanceof java.net.http.WebSocketHandshakeException hs
        && hs.getResponse().statusCode() == 404, String.valueOf(refused.getCause()));
    api.gateway.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void plainGetOfAnEventStreamIs400() throws Exception {
    HttpResponse<String> h = ApiHarness.await(api.send("GET", "/v1/events", null));
    assertEquals(400, h.statusCode());
    assertTrue(ApiHarness.body(h).get("error").asText().contains("WebSocket"), h.body());
  }
}
