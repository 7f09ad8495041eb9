package io.qubitd.api;

import static io.qubitd.api.ApiHarness.await;
import static io.qubitd.api.ApiHarness.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.GatewayProtocol.Rejection;
import io.qubitd.scheduler.Jobs.BackendInfo;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every endpoint against a probe gateway: the command it sends, and how each reply becomes a response. */
class HttpApiTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration ASK_TIMEOUT = Duration.ofMillis(500);
  private static final Duration QUIET = Duration.ofMillis(200);

  private ApiHarness api;

  @BeforeEach
  void bind() throws Exception { api = new ApiHarness(KIT, Fixtures.settings(ASK_TIMEOUT)); }

  @AfterEach
  void unbind() throws Exception { api.close(); }

  @AfterAll
  static void stop() { KIT.shutdownTestKit(); }

  private static String submitBody() {
    return "{\"backend\": \"wukong72\", \"circuits\": [{\"qasm\": " + WireFormat.MAPPER.valueToTree(Fixtures.BELL)
        + ", \"shots\": 1000}, {\"qasm\": \"OPENQASM 3.0;\", \"parameters\": {\"theta\": 0.5}}], \"priority\": 3,"
        + " \"client\": \"alice\", \"memory\": true}";
  }

  @Test
  void submitAsksTheGatewayAndAnswers202WithIdAndStatus() throws Exception {
    var response = api.send("POST", "/v1/jobs", submitBody());
    var submit = api.gateway.expectMessageClass(GatewayProtocol.SubmitJob.class);
    var r = submit.request();
    assertEquals("wukong72", r.backend());
    assertEquals(Fixtures.BELL, r.circuits().get(0).qasm());
    assertEquals(1000, r.circuits().get(0).shots());
    assertEquals(Fixtures.settings(ASK_TIMEOUT).defaultShots(), r.circuits().get(1).shots(), "shots default");
    assertEquals(Map.of("theta", 0.5), r.circuits().get(1).parameters());
    assertEquals(3, r.priority());
    assertEquals("alice", r.client());
    assertTrue(r.memory());
    submit.replyTo().tell(new GatewayProtocol.Accepted(Fixtures.job("wukong72.42", JobStatus.QUEUED)));
    HttpResponse<String> h = await(response);
    assertEquals(202, h.statusCode(), h.body());
    assertEquals("wukong72.42", body(h).get("id").asText());
    assertEquals("queued", body(h).get("status").asText());
    assertEquals("/v1/jobs/wukong72.42", h.headers().firstValue("Location").orElseThrow());
    assertTrue(h.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
  }

  @Test
  void malformedJsonIs400AndNeverReachesTheGateway() throws Exception {
    HttpResponse<String> h = await(api.send("POST", "/v1/jobs", "{\"backend\": \"wukong72\", \"circuits\": ["));
    assertEquals(400, h.statusCode());
    assertTrue(body(h).get("error").asText().startsWith("malformed JSON at line 1"), h.body());
    api.gateway.expectNoMessage(QUIET);
  }

  @Test
  void missingAndMistypedFieldsAre400NamingTheField() throws Exception {
    Map<String, String> bodyToField = Map.of(
        "{\"circuits\": [{\"qasm\": \"x\"}]}", "'backend'",
        "{\"backend\": \"ideal\"}", "'circuits'",
        "{\"backend\": \"ideal\", \"circuits\": [{\"shots\": 10}]}", "'circuits[0].qasm'",
        "{\"backend\": \"ideal\", \"circuits\": [{\"qasm\": \"x\", \"shots\": \"many\"}]}", "'circuits[0].shots'",
        "{\"backend\": \"ideal\", \"circuits\": [{\"qasm\": \"x\"}], \"priority\": 1.5}", "'priority'",
        "{\"backend\": \"ideal\", \"circuits\": {\"qasm\": \"x\"}}", "'circuits'",
        "[1, 2]", "JSON object",
        "", "empty");
    for (var e : bodyToField.entrySet()) {
      HttpResponse<String> h = await(api.send("POST", "/v1/jobs", e.getKey()));
      assertEquals(400, h.statusCode(), e.getKey());
      String error = body(h).get("error").asText();
      assertTrue(error.contains(e.getValue()), "for " + e.getKey() + ": " + error);
    }
    api.gateway.expectNoMessage(QUIET);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 409, 413, 429})
  void aRejectionBecomesItsStatusAndError(int status) throws Exception {
    var response = api.send("POST", "/v1/jobs", submitBody());
    var submit = api.gateway.expectMessageClass(GatewayProtocol.SubmitJob.class);
    submit.replyTo().tell(new GatewayProtocol.SubmitRejected(new Rejection(status, "refused with " + status)));
    HttpResponse<String> h = await(response);
    assertEquals(status, h.statusCode());
    assertEquals("refused with " + status, body(h).get("error").asText());
  }

  @Test
  void aSubmitWhoseAnswerIsLateAnswersWhatTheSchedulerDecidedNotTryAgain() throws Exception {
    var response = api.send("POST", "/v1/jobs", submitBody());
    var submit = api.gateway.expectMessageClass(GatewayProtocol.SubmitJob.class);
    String key = submit.request().idempotencyKey();
    assertTrue(key != null && key.startsWith("auto-"), "a submission without a key gets one: " + key);
    // the gateway is too slow to answer the submission; asked after it, it knows the job was journalled
    var await = api.gateway.expectMessageClass(GatewayProtocol.AwaitSubmission.class, Duration.ofSeconds(5));
    assertEquals(List.of("wukong72", "alice", key), List.of(await.backend(), await.client(), await.key()));
    await.replyTo().tell(new GatewayProtocol.Accepted(Fixtures.job("wukong72.42", JobStatus.QUEUED)));
    HttpResponse<String> h = await(response);
    assertEquals(202, h.statusCode(), h.body());
    assertEquals("wukong72.42", body(h).get("id").asText());
    assertEquals(key, h.headers().firstValue("Idempotency-Key").orElseThrow());

    HttpResponse<String> undecided = await(api.send("POST", "/v1/jobs", submitBody()));
    api.gateway.expectMessageClass(GatewayProtocol.SubmitJob.class);
    api.gateway.expectMessageClass(GatewayProtocol.AwaitSubmission.class);
    assertEquals(503, undecided.statusCode());
    assertTrue(body(undecided).get("error").asText().contains("never makes a second job"), undecided.body());
    assertTrue(body(undecided).get("idempotency_key").asText().startsWith("auto-"), undecided.body());
  }

  @Test
  void theIdempotencyKeyComesFromTheHeaderOrTheBodyAndTheyMustAgree() throws Exception {
    String keyed = submitBody().replace("\"memory\": true}", "\"memory\": true, \"client_request_id\": \"order-7\"}");
    var fromBody = api.send("POST", "/v1/jobs", keyed);
    var s1 = api.gateway.expectMessageClass(GatewayProtocol.SubmitJob.class);
    assertEquals("order-7", s1.request().idempotencyKey());
    s1.replyTo().tell(new GatewayProtocol.Accepted(Fixtures.job("wukong72.7", JobStatus.QUEUED)));
    assertEquals(202, await(fromBody).statusCode());

    var header = api.http.sendAsync(java.net.http.HttpRequest.newBuilder(api.base.resolve("/v1/jobs"))
        .header("Idempotency-Key", "order-8").POST(java.net.http.HttpRequest.BodyPublishers.ofString(submitBody())).build(),
        HttpResponse.BodyHandlers.ofString());
    var s2 = api.gateway.expectMessageClass(GatewayProtocol.SubmitJob.class);
    assertEquals("order-8", s2.request().idempotencyKey());
    s2.replyTo().tell(new GatewayProtocol.Accepted(Fixtures.job("wukong72.8", JobStatus.QUEUED)));
    assertEquals(202, await(header).statusCode());

    HttpResponse<String> both = api.http.send(java.net.http.HttpRequest.newBuilder(api.base.resolve("/v1/jobs"))
        .header("Idempotency-Key", "order-9").POST(java.net.http.HttpRequest.BodyPublishers.ofString(keyed)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, both.statusCode());
    assertTrue(body(both).get("error").asText().contains("differ"), both.body());
    api.gateway.expectNoMessage(QUIET);
  }

  @Test
  void noAnswerWithinTheAskTimeoutIs503() throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> h = await(api.send("GET", "/v1/jobs/wukong72.1", null));
    double waited = (System.nanoTime() - t0) / 1e9;
    api.gateway.expectMessageClass(GatewayProtocol.GetJob.class);
    assertEquals(503, h.statusCode());
    assertTrue(body(h).get("error").asText().contains("did not answer within 500 ms"), h.body());
    assertTrue(waited >= ASK_TIMEOUT.toMillis() / 1e3 && waited < 5, "answered after " + waited + " s");
  }

  @Test
  void statusGivesTheJobInSnakeCase() throws Exception {
    var response = api.send("GET", "/v1/jobs/wukong72.7", null);
    var get = api.gateway.expectMessageClass(GatewayProtocol.GetJob.class);
    assertEquals("wukong72.7", get.id());
    get.replyTo().tell(new GatewayProtocol.JobFound(Fixtures.job("wukong72.7", JobStatus.COMPLETED)));
    HttpResponse<String> h = await(response);
    assertEquals(200, h.statusCode());
    JsonNode j = body(h);
    assertEquals("completed", j.get("status").asText());
    assertEquals(2, j.get("circuits_done").asInt());
    assertEquals("2025-01-02T03:04:07Z", j.get("finished").asText());
    assertEquals("alice", j.get("client").asText());
  }

  @Test
  void unknownJobIs404() throws Exception {
    var response = api.send("GET", "/v1/jobs/nosuch.1", null);
    api.gateway.expectMessageClass(GatewayProtocol.GetJob.class).replyTo()
        .tell(new GatewayProtocol.JobRejected(new Rejection(404, "no job nosuch.1")));
    HttpResponse<String> h = await(response);
    assertEquals(404, h.statusCode());
    assertEquals("no job nosuch.1", body(h).get("error").asText());
  }

  @Test
  void deleteCancels() throws Exception {
    var response = api.send("DELETE", "/v1/jobs/wukong72.8", null);
    var cancel = api.gateway.expectMessageClass(GatewayProtocol.CancelJob.class);
    assertEquals("wukong72.8", cancel.id());
    cancel.replyTo().tell(new GatewayProtocol.JobFound(Fixtures.job("wukong72.8", JobStatus.CANCELLED)));
    HttpResponse<String> h = await(response);
    assertEquals(200, h.statusCode());
    assertEquals("cancelled", body(h).get("status").asText());
  }

  @Test
  void resultListsCircuitsInOrder() throws Exception {
    var response = api.send("GET", "/v1/jobs/wukong72.9/result", null);
    var get = api.gateway.expectMessageClass(GatewayProtocol.GetResult.class);
    get.replyTo().tell(new GatewayProtocol.Results(Fixtures.job("wukong72.9", JobStatus.COMPLETED),
        List.of(Fixtures.result(510, 490), Fixtures.result(7, 993))));
    HttpResponse<String> h = await(response);
    assertEquals(200, h.statusCode());
    JsonNode results = body(h).get("results");
    assertEquals(2, results.size());
    assertEquals(510, results.get(0).get("counts").get("00").asLong());
    assertEquals(993, results.get(1).get("counts").get("11").asLong());
    assertEquals(1000, results.get(1).get("shots").asInt());
    assertEquals(7, results.get(0).get("calibration_version").asLong());
    assertEquals(5, results.get(0).get("initial_layout").get(0).asInt());
    assertNull(results.get(0).get("memory"), "memory only when kept");
  }

  @Test
  void resultOfAJobStillRunningIs409NamingItsStatus() throws Exception {
    var response = api.send("GET", "/v1/jobs/wukong72.10/result", null);
    api.gateway.expectMessageClass(GatewayProtocol.GetResult.class).replyTo()
        .tell(new GatewayProtocol.ResultNotReady(Fixtures.job("wukong72.10", JobStatus.RUNNING)));
    HttpResponse<String> h = await(response);
    assertEquals(409, h.statusCode());
    assertEquals("running", body(h).get("status").asText());
    assertTrue(body(h).get("error").asText().contains("is running"), h.body());
  }

  @Test
  void listPassesItsFilters() throws Exception {
    var response = api.send("GET", "/v1/jobs?client=bob&status=running&limit=5", null);
    var list = api.gateway.expectMessageClass(GatewayProtocol.ListJobs.class);
    assertEquals("bob", list.client());
    assertEquals(JobStatus.RUNNING, list.status());
    assertEquals(5, list.limit());
    list.replyTo().tell(new GatewayProtocol.JobList(List.of(Fixtures.job("wukong72.2", JobStatus.RUNNING))));
    HttpResponse<String> h = await(response);
    assertEquals(200, h.statusCode());
    assertEquals("wukong72.2", body(h).get("jobs").get(0).get("id").asText());

    var all = api.send("GET", "/v1/jobs", null);
    var unfiltered = api.gateway.expectMessageClass(GatewayProtocol.ListJobs.class);
    assertNull(unfiltered.client());
    assertNull(unfiltered.status());
    assertEquals(Fixtures.settings(ASK_TIMEOUT).listLimit(), unfiltered.limit());
    unfiltered.replyTo().tell(new GatewayProtocol.JobList(List.of()));
    assertEquals(0, body(await(all)).get("jobs").size());
  }

  @Test
  void badListQueryIs400NamingTheParameter() throws Exception {
    HttpResponse<String> h = await(api.send("GET", "/v1/jobs?status=done", null));
    assertEquals(400, h.statusCode());
    assertTrue(body(h).get("error").asText().contains("'status'"), h.body());
    for (String limit : List.of("0", "x", "1001")) {
      HttpResponse<String> l = await(api.send("GET", "/v1/jobs?limit=" + limit, null));
      assertEquals(400, l.statusCode());
      assertTrue(body(l).get("error").asText().contains("'limit'"), l.body());
    }
    api.gateway.expectNoMessage(QUIET);
  }

  @Test
  void backendsListedAndLookedUpByName() throws Exception {
    List<BackendInfo> known = List.of(new BackendInfo("ideal", "simulator", 32, 0, true),
        new BackendInfo("wukong72", "chip", 72, 4, true));
    var response = api.send("GET", "/v1/backends", null);
    api.gateway.expectMessageClass(GatewayProtocol.ListBackends.class).replyTo().tell(new GatewayProtocol.BackendList(known));
    JsonNode list = body(await(response)).get("backends");
    assertEquals("wukong72", list.get(1).get("name").asText());
    assertEquals(4, list.get(1).get("queue_length").asInt());

    var one = api.send("GET", "/v1/backends/wukong72", null);
    api.gateway.expectMessageClass(GatewayProtocol.ListBackends.class).replyTo().tell(new GatewayProtocol.BackendList(known));
    HttpResponse<String> h = await(one);
    assertEquals(200, h.statusCode());
    assertEquals(72, body(h).get("qubits").asInt());

    var missing = api.send("GET", "/v1/backends/zuchongzhi", null);
    api.gateway.expectMessageClass(GatewayProtocol.ListBackends.class).replyTo().tell(new GatewayProtocol.BackendList(known));
    HttpResponse<String> m = await(missing);
    assertEquals(404, m.statusCode());
    assertTrue(body(m).get("error").asText().contains("'zuchongzhi'"), m.body());
  }

  @Test
  void calibrationOfABackend() throws Exception {
    var response = api.send("GET", "/v1/backends/wukong72/calibration", null);
    var get = api.gateway.expectMessageClass(GatewayProtocol.GetCalibration.class);
    assertEquals("wukong72", get.backend());
    get.replyTo().tell(new GatewayProtocol.Calibration(Fixtures.snapshot()));
    HttpResponse<String> h = await(response);
    assertEquals(200, h.statusCode());
    JsonNode j = body(h);
    assertEquals(7, j.get("version").asLong());
    assertEquals(0.021, j.get("qubits").get(0).get("readout_p01").asDouble());
    assertTrue(!j.get("qubits").get(1).get("usable").asBoolean());
    assertEquals(0.0071, j.get("couplers").get(0).get("cz_error").asDouble());

    var unknown = api.send("GET", "/v1/backends/nosuch/calibration", null);
    api.gateway.expectMessageClass(GatewayProtocol.GetCalibration.class).replyTo()
        .tell(new GatewayProtocol.CalibrationRejected(new Rejection(404, "unknown backend 'nosuch'")));
    assertEquals(404, await(unknown).statusCode());
  }

  @Test
  void metricsInSnakeCase() throws Exception {
    var response = api.send("GET", "/v1/metrics", null);
    api.gateway.expectMessageClass(GatewayProtocol.GetMetrics.class).replyTo().tell(new GatewayProtocol.Metrics(
        Map.of("wukong72", 3), 10, 7, 4, 9, 0.5, 1.25, 0.375, Map.of("p50", 0.02, "p99", 0.4), List.of()));
    HttpResponse<String> h = await(response);
    assertEquals(200, h.statusCode());
    JsonNode j = body(h);
    assertEquals(3, j.get("queue_depth").get("wukong72").asInt());
    assertEquals(10, j.get("jobs_accepted").asLong());
    assertEquals(1.25, j.get("circuits_per_second").asDouble());
    assertEquals(0.4, j.get("latency_seconds").get("p99").asDouble());
  }

  @Test
  void healthSaysDegradedWhenAQueueCannotMoveOrTheGatewayIsSilent() throws Exception {
    var ok = api.send("GET", "/v1/health", null);
    api.gateway.expectMessageClass(GatewayProtocol.GetMetrics.class).replyTo().tell(new GatewayProtocol.Metrics(
        Map.of(), 0, 0, 0, 0, 0, 0, 0, Map.of(), List.of()));
    assertEquals("ok", body(await(ok)).get("status").asText());

    var stalled = api.send("GET", "/v1/health", null);
    api.gateway.expectMessageClass(GatewayProtocol.GetMetrics.class).replyTo().tell(new GatewayProtocol.Metrics(
        Map.of("wukong72", 4), 4, 0, 0, 0, 0, 0, 0, Map.of(), List.of("wukong72")));
    HttpResponse<String> degraded = await(stalled);
    assertEquals(200, degraded.statusCode(), "liveness: the API is up");
    assertEquals("degraded", body(degraded).get("status").asText());
    assertEquals("wukong72", body(degraded).get("stalled_backends").get(0).asText());

    HttpResponse<String> silent = await(api.send("GET", "/v1/health", null));
    api.gateway.expectMessageClass(GatewayProtocol.GetMetrics.class);
    assertEquals(200, silent.statusCode());
    assertEquals("degraded", body(silent).get("status").asText());
    assertTrue(body(silent).get("error").asText().contains("did not answer"), silent.body());
  }

  @Test
  void readinessNeedsTheGateway() throws Exception {
    var ready = api.send("GET", "/v1/ready", null);
    api.gateway.expectMessageClass(GatewayProtocol.GetMetrics.class).replyTo().tell(new GatewayProtocol.Metrics(
        Map.of(), 0, 0, 0, 0, 0, 0, 0, Map.of(), List.of()));
    assertEquals(200, await(ready).statusCode());

    HttpResponse<String> notReady = await(api.send("GET", "/v1/ready", null));
    api.gateway.expectMessageClass(GatewayProtocol.GetMetrics.class);
    assertEquals(503, notReady.statusCode());
    assertTrue(body(notReady).get("error").asText().startsWith("not ready"), notReady.body());
  }

  @Test
  void unknownPathsAndMethodsAnswerJsonErrors() throws Exception {
    HttpResponse<String> h = await(api.send("GET", "/v2/jobs", null));
    assertEquals(404, h.statusCode());
    assertTrue(body(h).has("error"));
    HttpResponse<String> m = await(api.send("PUT", "/v1/jobs", "{}"));
    assertEquals(405, m.statusCode());
    assertTrue(body(m).get("error").asText().contains("POST"), m.body());
  }
}
