package io.qubitd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qubitd.api.ApiSettings;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import io.qubitd.trainer.TrainerManager;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's binding and submit end to end, against a gateway that runs each circuit "perfectly": all shots on one bitstring. */
class ServeSubmitTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final ApiSettings API = new ApiSettings("127.0.0.1", 0, Duration.ofSeconds(5), Duration.ofSeconds(1),
      16, 100, 1000, 1024, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), 64);

  @AfterAll
  static void stop() { KIT.shutdownTestKit(); }

  /**
   * Accepts any job on "ideal"; its circuit i comes back with all shots on the bitstring "i" in binary,
   * so the output's order shows the circuits' order. The first GetJob answers running, then completed.
   */
  static Behavior<GatewayProtocol.Command> gateway(List<JobRequest> received) {
    return Behaviors.setup(ctx -> {
      int[] polls = {0};
      return Behaviors.receive(GatewayProtocol.Command.class)
          .onMessage(GatewayProtocol.SubmitJob.class, m -> {
            if (!m.request().backend().equals("ideal")) {
              m.replyTo().tell(new GatewayProtocol.SubmitRejected(
                  new GatewayProtocol.Rejection(404, "unknown backend '" + m.request().backend() + "'")));
            } else {
              received.add(m.request());
              m.replyTo().tell(new GatewayProtocol.Accepted(job(m.request(), JobStatus.QUEUED)));
            }
            return Behaviors.same();
          })
          .onMessage(GatewayProtocol.GetJob.class, m -> {
            JobRequest r = received.get(received.size() - 1);
            m.replyTo().tell(new GatewayProtocol.JobFound(job(r, polls[0]++ == 0 ? JobStatus.RUNNING : JobStatus.COMPLETED)));
            return Behaviors.same();
          })
          .onMessage(GatewayProtocol.GetResult.class, m -> {
            JobRequest r = received.get(received.size() - 1);
            List<CircuitResult> results = new ArrayList<>();
            for (int i = 0; i < r.circuits().size(); i++) {
              int shots = r.circuits().get(i).shots();
              results.add(new CircuitResult(Map.of(Integer.toBinaryString(i), (long) shots), shots, null, List.of(),
                  List.of(), 0, "statevector", -1));
            }
            m.replyTo().tell(new GatewayProtocol.Results(job(r, JobStatus.COMPLETED), results));
            return Behaviors.same();
          })
          .build();
    });
  }

  static JobInfo job(JobRequest r, JobStatus s) {
    return new JobInfo("ideal.1", r.backend(), s, r.priority(), r.client(), Instant.EPOCH, null, null,
        r.circuits().size(), 0, null);
  }

  private ServerBinding listen(List<JobRequest> received) {
    ActorRef<GatewayProtocol.Command> gw = KIT.spawn(gateway(received));
    return ServeCommand.listen(KIT.system(), gw, KIT.createTestProbe(TrainerManager.Command.class).getRef(), API);
  }

  @Test
  void submitPrintsTheJsonOfRunForOneFileAndAResultsListForSeveral(@TempDir Path dir) throws Exception {
    List<JobRequest> received = new ArrayList<>();
    ServerBinding binding = listen(received);
    String url = "http://127.0.0.1:" + binding.localAddress().getPort();
    try {
      Path bell = Path.of("examples/bell.qasm");
      RunCommandTest.Outcome one = RunCommandTest.run("submit", bell.toString(), "--backend", "ideal", "--shots", "300",
          "--url", url, "--poll", "10", "--json");
      assertEquals(0, one.exit(), one.err());
      JsonNode j = RunCommandTest.json(one.out());
      assertEquals(300, j.get("shots").asInt());
      assertEquals(300, j.get("counts").get("0").asLong());
      assertEquals("bell", j.get("circuit").asText());
      assertEquals("ideal.1", j.get("job_id").asText());
      assertEquals(Files.readString(bell), received.get(0).circuits().get(0).qasm());

      Path teleport = Path.of("examples/teleport.qasm");
      RunCommandTest.Outcome two = RunCommandTest.run("submit", bell.toString(), teleport.toString(),
          "--url", url, "--priority", "2", "--poll", "10", "--json", "--method", "mps");
      assertEquals(0, two.exit(), two.err());
      JsonNode results = RunCommandTest.json(two.out()).get("results");
      assertEquals(2, results.size());
      assertEquals("bell", results.get(0).get("circuit").asText());
      assertEquals(1024, results.get(0).get("counts").get("0").asLong(), "default shots");
      assertEquals("teleport", results.get(1).get("circuit").asText());
      assertEquals(1024, results.get(1).get("counts").get("1").asLong());
      assertEquals(2, received.get(1).priority());
      assertEquals("auto", received.get(0).circuits().get(0).method(), "no --method: the daemon chooses");
      assertEquals(List.of("mps", "mps"), received.get(1).circuits().stream().map(c -> c.method()).toList(),
          "--method reaches the daemon for every circuit");
    } finally {
      binding.unbind().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void submitRefusedByTheDaemonIsOneLineAndExit1() throws Exception {
    ServerBinding binding = listen(new ArrayList<>());
    try {
      RunCommandTest.Outcome o = RunCommandTest.run("submit", "examples/bell.qasm", "--backend", "zuchongzhi",
          "--url", "http://127.0.0.1:" + binding.localAddress().getPort());
      assertEquals(1, o.exit());
      assertEquals("qubitd submit: unknown backend 'zuchongzhi'", o.err().strip());
    } finally {
      binding.unbind().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void submitWithAnUnknownMethodIsOneLineAndExit1() throws Exception {
    RunCommandTest.Outcome o = RunCommandTest.run("submit", "examples/bell.qasm", "--method", "tensor-network");
    assertEquals(1, o.exit());
    assertEquals("qubitd submit: unknown --method 'tensor-network'; use one of " + String.join(", ", io.qubitd.kernel.MethodChooser.NAMES),
        o.err().strip());
  }

  @Test
  void submitWithoutADaemonSaysSo() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RunCommandTest.Outcome o = RunCommandTest.run("submit", "examples/bell.qasm", "--url", "http://127.0.0.1:" + port);
    assertEquals(1, o.exit());
    assertTrue(o.err().contains("cannot reach qubitd at http://127.0.0.1:" + port), o.err());
  }

  @Test
  void aPortInUseIsAnErrorNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      var system = org.apache.pekko.actor.typed.ActorSystem.create(Behaviors.ignore(), "taken");
      ActorRef<GatewayProtocol.Command> gw = system.unsafeUpcast();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ServeCommand.listen(system, gw, system.unsafeUpcast(), API.withAddress("127.0.0.1", taken.getLocalPort())));
      assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
