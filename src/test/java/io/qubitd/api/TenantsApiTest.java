package io.qubitd.api;

import static io.qubitd.api.ApiHarness.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobStatus;
import io.qubitd.trainer.AdapterKind;
import io.qubitd.trainer.TrainerManager;
import io.qubitd.trainer.TrainerStatus;
import io.qubitd.trainer.quantum.QuantumLayers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens, tenants and their quotas in front of a probe gateway: who may see, cancel and submit what. */
class TenantsApiTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration QUIET = Duration.ofMillis(200);
  private static final long WAIT = 10;

  static final String ALICE = "alice-token-1", BOB = "bob-token-2", OPS = "ops-token-3";

  TestProbe<GatewayProtocol.Command> gateway;
  TestProbe<TrainerManager.Command> trainer;
  ServerBinding binding;
  URI base;
  final HttpClient http = HttpClient.newHttpClient();

  static Tenants tenants(Path dir) throws Exception {
    Path file = dir.resolve("tokens.conf");
    // the file holds hashes only: sha256 of each token, as sha256sum prints it
    Files.writeString(file, "tenants = [\n"
        + "{name = alice, token-sha256 = \"" + Tenants.sha256(ALICE) + "\", quotas {max-queued-jobs = 2, circuits-per-minute = 3, max-priority = 5, operation-shots-per-job = 5000, circuit-memory = 1M}}\n"
        + "{name = bob, token-sha256 = \"" + Tenants.sha256(BOB) + "\"}\n"
        + "{name = ops, token-sha256 = \"" + Tenants.sha256(OPS) + "\", role = admin}\n]\n");
    assertTrue(!Files.readString(file).contains(ALICE), "no token in clear");
    return Tenants.fromConfig(ConfigFactory.parseString("qubitd.api.tenants.tokens-file = \"" + file + "\"")
        .withFallback(io.qubitd.config.QubitdConfig.loadRoot()).resolve());
  }

  @BeforeEach
  void bind(@TempDir Path dir) throws Exception {
    gateway = KIT.createTestProbe(GatewayProtocol.Command.class);
    trainer = KIT.createTestProbe(TrainerManager.Command.class);
    HttpApi api = new HttpApi(KIT.system(), gateway.getRef(), trainer.getRef(), Fixtures.settings(Duration.ofSeconds(2)),
        tenants(dir));
    binding = Http.get(KIT.system()).newServerAt("127.0.0.1", 0).bind(api.route()).toCompletableFuture()
        .get(WAIT, TimeUnit.SECONDS);
    base = URI.create("http://127.0.0.1:" + binding.localAddress().getPort());
  }

  @AfterEach
  void unbind() throws Exception { binding.unbind().toCompletableFuture().get(WAIT, TimeUnit.SECONDS); }

  @AfterAll
  static void stop() { KIT.shutdownTestKit(); }

  CompletableFuture<HttpResponse<String>> send(String token, String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(WAIT));
    if (token != null) b.header("Authorization", "Bearer " + token);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> await(CompletableFuture<HttpResponse<String>> f) throws Exception {
    return f.get(WAIT, TimeUnit.SECONDS);
  }

  static JobInfo jobOf(String id, String client) {
    JobInfo j = Fixtures.job(id, JobStatus.RUNNING);
    return new JobInfo(j.id(), j.backend(), j.status(), j.priority(), client, j.submitted(), j.started(), j.finished(),
        j.circuits(), j.circuitsDone(), j.error());
  }

  static String submitBody(int priority, int circuits) {
    StringBuilder cs = new StringBuilder();
    for (int i = 0; i < circuits; i++) {
      cs.append(i == 0 ? "" : ", ").append("{\"qasm\": ").append(WireFormat.MAPPER.valueToTree(Fixtures.BELL).toString()).append("}");
    }
    return "{\"backend\": \"ideal\", \"circuits\": [" + cs + "], \"priority\": " + priority + ", \"client\": \"bob\"}";
  }

  @Test
  void withoutAKnownTokenOnlyHealthAnswers() throws Exception {
    HttpResponse<String> none = await(send(null, "GET", "/v1/jobs", null));
    assertEquals(401, none.statusCode());
    assertTrue(body(none).get("error").asText().contains("Bearer"), none.body());
    assertEquals(401, await(send("guess", "GET", "/v1/jobs", null)).statusCode());
    gateway.expectNoMessage(QUIET);
    var health = send(null, "GET", "/v1/health", null);
    gateway.expectMessageClass(GatewayProtocol.GetMetrics.class).replyTo().tell(new GatewayProtocol.Metrics(
        java.util.Map.of(), 0, 0, 0, 0, 0, 0, 0, java.util.Map.of(), List.of()));
    assertEquals(200, await(health).statusCode());
  }

  @Test
  void aTenantCannotReadListOrCancelAnotherTenantsJobsButAnAdminCan() throws Exception {
    var read = send(ALICE, "GET", "/v1/jobs/ideal.b1", null);
    gateway.expectMessageClass(GatewayProtocol.GetJob.class).replyTo().tell(new GatewayProtocol.JobFound(jobOf("ideal.b1", "bob")));
    HttpResponse<String> hidden = await(read);
    assertEquals(404, hidden.statusCode(), "another tenant's job is as unknown as one that never existed");
    assertTrue(body(hidden).get("error").asText().contains("no job with id 'ideal.b1'"), hidden.body());

    var result = send(ALICE, "GET", "/v1/jobs/ideal.b1/result", null);
    gateway.expectMessageClass(GatewayProtocol.GetResult.class).replyTo()
        .tell(new GatewayProtocol.Results(jobOf("ideal.b1", "bob"), List.of(Fixtures.result(50, 50))));
    assertEquals(404, await(result).statusCode());

    var cancel = send(ALICE, "DELETE", "/v1/jobs/ideal.b1", null);
    gateway.expectMessageClass(GatewayProtocol.GetJob.class).replyTo().tell(new GatewayProtocol.JobFound(jobOf("ideal.b1", "bob")));
    assertEquals(404, await(cancel).statusCode());
    gateway.expectNoMessage(QUIET);  // no CancelJob reached the gateway

    var list = send(ALICE, "GET", "/v1/jobs", null);
    var listed = gateway.expectMessageClass(GatewayProtocol.ListJobs.class);
    assertEquals("alice", listed.client(), "a tenant lists its own jobs");
    listed.replyTo().tell(new GatewayProtocol.JobList(List.of()));
    assertEquals(200, await(list).statusCode());
    assertEquals(403, await(send(ALICE, "GET", "/v1/jobs?client=bob", null)).statusCode());
    assertEquals(403, await(send(ALICE, "GET", "/v1/events", null)).statusCode());

    var own = send(BOB, "DELETE", "/v1/jobs/ideal.b1", null);
    gateway.expectMessageClass(GatewayProtocol.GetJob.class).replyTo().tell(new GatewayProtocol.JobFound(jobOf("ideal.b1", "bob")));
    gateway.expectMessageClass(GatewayProtocol.CancelJob.class).replyTo().tell(new GatewayProtocol.JobFound(jobOf("ideal.b1", "bob")));
    assertEquals(200, await(own).statusCode());

    var admin = send(OPS, "GET", "/v1/jobs/ideal.b1", null);
    gateway.expectMessageClass(GatewayProtocol.GetJob.class).replyTo().tell(new GatewayProtocol.JobFound(jobOf("ideal.b1", "bob")));
    assertEquals(200, await(admin).statusCode());
  }

  @Test
  void aTenantSubmitsUnderItsOwnNameWithinItsQuotas() throws Exception {
    HttpResponse<String> urgent = await(send(ALICE, "POST", "/v1/jobs", submitBody(2147483647, 1)));
    assertEquals(403, urgent.statusCode());
    assertTrue(body(urgent).get("error").asText().contains("max-priority = 5"), urgent.body());

    var first = send(ALICE, "POST", "/v1/jobs", submitBody(5, 2));
    var queued = gateway.expectMessageClass(GatewayProtocol.ListJobs.class);
    assertEquals(List.of("alice", "queued", "2"), List.of(queued.client(), queued.status().wire(), "" + queued.limit()));
    queued.replyTo().tell(new GatewayProtocol.JobList(List.of()));
    var submit = gateway.expectMessageClass(GatewayProtocol.SubmitJob.class);
    assertEquals("alice", submit.request().client(), "the body's client 'bob' is not alice's to claim");
    assertEquals(new io.qubitd.scheduler.Jobs.Budget("alice", 5000, 1L << 20), submit.request().budget(),
        "the scheduler holds the job to alice's own budgets");
    submit.replyTo().tell(new GatewayProtocol.Accepted(jobOf("ideal.a1", "alice")));
    assertEquals(202, await(first).statusCode());

    var tooFast = send(ALICE, "POST", "/v1/jobs", submitBody(0, 2));
    gateway.expectMessageClass(GatewayProtocol.ListJobs.class).replyTo().tell(new GatewayProtocol.JobList(List.of()));
    HttpResponse<String> rate = await(tooFast);
    assertEquals(429, rate.statusCode(), "2 + 2 circuits pass circuits-per-minute = 3");
    assertTrue(body(rate).get("error").asText().contains("circuits-per-minute = 3"), rate.body());

    var full = send(ALICE, "POST", "/v1/jobs", submitBody(0, 1));
    gateway.expectMessageClass(GatewayProtocol.ListJobs.class).replyTo()
        .tell(new GatewayProtocol.JobList(List.of(jobOf("ideal.a1", "alice"), jobOf("ideal.a2", "alice"))));
    HttpResponse<String> queue = await(full);
    assertEquals(429, queue.statusCode());
    assertTrue(body(queue).get("error").asText().contains("max-queued-jobs"), queue.body());
    gateway.expectNoMessage(QUIET);
  }

  static TrainerManager.SessionStatus session(String id, TrainerStatus.State state) {
    return new TrainerManager.SessionStatus(id, AdapterKind.QTHA, QuantumLayers.Mode.EXACT, state, 0, 50, Double.NaN, 0, 0,
        0, 1184, Double.NaN, null, null);
  }

  @Test
  void trainingSessionsAreEachTenantsOwnAndCountedAgainstItsQuota() throws Exception {
    var start = send(ALICE, "POST", "/v1/training", "{\"session\": \"s1\", \"tiny\": true}");
    trainer.expectMessageClass(TrainerManager.ListSessions.class).replyTo().tell(new TrainerManager.SessionList(
        List.of(session("bob.s1", TrainerStatus.State.RUNNING), session("alice.old", TrainerStatus.State.FINISHED))));
    var started = trainer.expectMessageClass(TrainerManager.StartSession.class);
    assertEquals("alice.s1", started.request().sessionId(), "alice's s1 is not bob's s1");
    started.replyTo().tell(new TrainerManager.Session(session("alice.s1", TrainerStatus.State.OPENING)));
    HttpResponse<String> h = await(start);
    assertEquals(202, h.statusCode(), h.body());
    assertEquals("s1", body(h).get("session").asText());
    assertEquals("/v1/training/s1", h.headers().firstValue("Location").orElseThrow());

    var peek = send(BOB, "DELETE", "/v1/training/s1", null);
    var stop = trainer.expectMessageClass(TrainerManager.StopSession.class);
    assertEquals("bob.s1", stop.sessionId(), "bob can only name his own sessions");
    stop.replyTo().tell(new TrainerManager.Rejected(404, "no training session 'bob.s1'"));
    assertEquals(404, await(peek).statusCode());

    var list = send(ALICE, "GET", "/v1/training", null);
    trainer.expectMessageClass(TrainerManager.ListSessions.class).replyTo().tell(new TrainerManager.SessionList(
        List.of(session("bob.s1", TrainerStatus.State.RUNNING), session("alice.s1", TrainerStatus.State.RUNNING))));
    var sessions = body(await(list)).get("sessions");
    assertEquals(1, sessions.size());
    assertEquals("s1", sessions.get(0).get("session").asText());

    var third = send(ALICE, "POST", "/v1/training", "{\"session\": \"s3\", \"tiny\": true}");
    trainer.expectMessageClass(TrainerManager.ListSessions.class).replyTo().tell(new TrainerManager.SessionList(
        List.of(session("alice.s1", TrainerStatus.State.RUNNING), session("alice.s2", TrainerStatus.State.PAUSED))));
    HttpResponse<String> over = await(third);
    assertEquals(429, over.statusCode());
    assertTrue(body(over).get("error").asText().contains("training-sessions = 2"), over.body());
    trainer.expectNoMessage(QUIET);
  }

  @Test
  void aNonLoopbackBindWithoutTokensIsRefusedWithTheWayToConfigureThem(@TempDir Path dir) throws Exception {
    Tenants none = Tenants.fromConfig(io.qubitd.config.QubitdConfig.loadRoot());
    none.requireTokensUnlessLoopback("127.0.0.1");
    none.requireTokensUnlessLoopback("localhost");
    var refused = assertThrows(IllegalStateException.class, () -> none.requireTokensUnlessLoopback("0.0.0.0"));
    assertTrue(refused.getMessage().contains("qubitd.api.tenants.tokens-file") && refused.getMessage().contains("QUBITD_TOKENS_FILE"),
        refused.getMessage());
    tenants(dir).requireTokensUnlessLoopback("0.0.0.0");
  }
}
