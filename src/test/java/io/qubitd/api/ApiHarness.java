package io.qubitd.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.trainer.TrainerManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.http.javadsl.ServerBinding;

/** A real binding of {@link HttpApi} on a free loopback port, in front of probes standing in for the gateway and the trainer. */
final class ApiHarness {
  static final long WAIT_SECONDS = 10;

  final TestProbe<GatewayProtocol.Command> gateway;
  final TestProbe<TrainerManager.Command> trainer;
  final ServerBinding binding;
  final URI base;
  final HttpClient http = HttpClient.newHttpClient();

  ApiHarness(ActorTestKit kit, ApiSettings settings) throws Exception {
    gateway = kit.createTestProbe(GatewayProtocol.Command.class);
    trainer = kit.createTestProbe(TrainerManager.Command.class);
    binding = HttpApi.bind(kit.system(), gateway.getRef(), trainer.getRef(), settings).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    base = URI.create("http://127.0.0.1:" + binding.localAddress().getPort());
  }

  /** Sends without waiting, so that the probe can answer the gateway command the request causes. */
  CompletableFuture<HttpResponse<String>> send(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(WAIT_SECONDS));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> await(CompletableFuture<HttpResponse<String>> f) throws Exception {
    return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  static JsonNode body(HttpResponse<String> r) {
    return WireFormat.parseObject(r.body());
  }

  void close() throws Exception {
    binding.unbind().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
