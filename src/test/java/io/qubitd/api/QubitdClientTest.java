package io.qubitd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.GatewayProtocol.Rejection;
import io.qubitd.scheduler.Jobs.BackendInfo;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JVM client against a real binding on a loopback port, with a probe answering for the gateway. */
class QubitdClientTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final long WAIT = ApiHarness.WAIT_SECONDS;

  private ApiHarness api;
  private QubitdClient client;

  @BeforeEach
  void bind() throws Exception {
    api = new ApiHarness(KIT, Fixtures.settings(Duration.ofSeconds(2)));
    client = new QubitdClient(api.base, Duration.ofSeconds(WAIT));
  }

  @AfterEach
  void unbind() throws Exception { api.close(); }

  @AfterAll
  static void stop() { KIT.shutdownTestKit(); }

  private static <T> CompletableFuture<T> async(Supplier<T> call) { return CompletableFuture.supplyAsync(call); }

  private static <T> T await(CompletableFuture<T> f) throws Exception { return f.get(WAIT, TimeUnit.SECONDS); }

  @Test
  void submitSendsEveryFieldAndReturnsTheQueuedJob() throws Exception {
    JobRequest request = new JobRequest("wukong72",
        List.of(new CircuitSpec(Fixtures.BELL, 1000, Map.of()), new CircuitSpec("OPENQASM 3.0;", 50, Map.of("theta", 0.25))),
        5, "carol", true, "carol-order-1");
    var submitted = async(() -> client.submit(request));
    var submit = api.gateway.expectMessageClass(GatewayProtocol.SubmitJob.class);
    assertEquals(request, submit.request(), "the request crosses the wire unchanged");
    submit.replyTo().tell(new GatewayProtocol.Accepted(Fixtures.job("wukong72.1", JobStatus.QUEUED)));
    JobInfo job = await(submitted);
    assertEquals(Fixtures.job("wukong72.1", JobStatus.QUEUED), job);
  }

  @Test
  void statusResultAndCancel() throws Exception {
    var status = async(() -> client.status("wukong72.2"));
    api.gateway.expectMessageClass(GatewayProtocol.GetJob.class).replyTo()
        .tell(new GatewayProtocol.JobFound(Fixtures.job("wukong72.2", JobStatus.FAILED)));
    assertEquals(Fixtures.job("wukong72.2", JobStatus.FAILED), await(status));

    List<CircuitResult> expected = List.of(Fixtures.result(600, 400), Fixtures.result(1, 999));
    var result = async(() -> client.result("wukong72.2"));
    api.gateway.expectMessageClass(GatewayProtocol.GetResult.class).replyTo()
        .tell(new GatewayProtocol.Results(Fixtures.job("wukong72.2", JobStatus.COMPLETED), expected));
    assertEquals(expected, await(result));

    var cancel = async(() -> client.cancel("wukong72.2"));
    var cancelJob = api.gateway.expectMessageClass(GatewayProtocol.CancelJob.class);
    assertEquals("wukong72.2", cancelJob.id());
    cancelJob.replyTo().tell(new GatewayProtocol.JobFound(Fixtures.job("wukong72.2", JobStatus.CANCELLED)));
    assertEquals(JobStatus.CANCELLED, await(cancel).status());
  }

  @Test
  void listBackendsAndCalibration() throws Exception {
    var list = async(() -> client.list("dave smith", JobStatus.QUEUED, 3));
    var listJobs = api.gateway.expectMessageClass(GatewayProtocol.ListJobs.class);
    assertEquals("dave smith", listJobs.client());
    assertEquals(JobStatus.QUEUED, listJobs.status());
    assertEquals(3, listJobs.limit());
    listJobs.replyTo().tell(new GatewayProtocol.JobList(List.of(Fixtures.job("x.1", JobStatus.QUEUED))));
    assertEquals(List.of(Fixtures.job("x.1", JobStatus.QUEUED)), await(list));

    List<BackendInfo> backends = List.of(new BackendInfo("ideal", "simulator", 32, 0, true));
    var listed = async(client::backends);
    api.gateway.expectMessageClass(GatewayProtocol.ListBackends.class).replyTo()
        .tell(new GatewayProtocol.BackendList(backends));
    assertEquals(backends, await(listed));

    var calibration = async(() -> client.calibration("wukong72"));
    api.gateway.expectMessageClass(GatewayProtocol.GetCalibration.class).replyTo()
        .tell(new GatewayProtocol.Calibration(Fixtures.snapshot()));
    assertEquals(Fixtures.snapshot(), await(calibration));
  }

  @Test
  void aRejectionIsAQubitdExceptionWithItsStatusAndMessage() throws Exception {
    var status = async(() -> client.status("nosuch.1"));
    api.gateway.expectMessageClass(GatewayProtocol.GetJob.class).replyTo()
        .tell(new GatewayProtocol.JobRejected(new Rejection(404, "no job nosuch.1")));
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(status));
    QubitdException q = (QubitdException) e.getCause();
    assertEquals(404, q.status());
    assertEquals("no job nosuch.1", q.getMessage());
  }

  @Test
  void waitForCompletionPollsUntilTheJobIsFinal() throws Exception {
    var done = async(() -> {
      try {
        return client.waitForCompletion("wukong72.3", Duration.ofSeconds(WAIT), Duration.ofMillis(10));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    for (JobStatus s : List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.RUNNING, JobStatus.COMPLETED)) {
      api.gateway.expectMessageClass(GatewayProtocol.GetJob.class).replyTo()
          .tell(new GatewayProtocol.JobFound(Fixtures.job("wukong72.3", s)));
    }
    assertEquals(JobStatus.COMPLETED, await(done).status());
    api.gateway.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void anUnreachableDaemonIsNamed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    QubitdClient nowhere = new QubitdClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2));
    QubitdException e = assertThrows(QubitdException.class, nowhere::backends);
    assertEquals(0, e.status());
    assertTrue(e.getMessage().contains("cannot reach qubitd at http://127.0.0.1:" + port), e.getMessage());
  }
}
