package io.qubitd.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qubitd.chip.ChipActor;
import io.qubitd.config.QubitdConfig;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.QubitTruth;
import io.qubitd.device.Topology;
import io.qubitd.scheduler.GatewayProtocol;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Read-only views of a chip that the web console draws, under {@code /v1/backends/{name}}:
 * {@code topology} (lattice positions and couplers, from the chip file), {@code truth} (the true
 * parameters now, in the calibration's keys) and {@code calibration/history} (published snapshots,
 * each beside the truth when it was published).
 */
public final class ChipInspectionRoutes extends AllDirectives {
  private final ActorSystem<?> system;
  private final ActorRef<GatewayProtocol.Command> gateway;
  private final ApiSettings settings;
  private final QubitdConfig config;
  private final Map<String, ChipSpec> specs = new ConcurrentHashMap<>();

  public ChipInspectionRoutes(ActorSystem<?> system, ActorRef<GatewayProtocol.Command> gateway, ApiSettings settings) {
    this.system = system;
    this.gateway = gateway;
    this.settings = settings;
    this.config = new QubitdConfig(system.settings().config());
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("backends", () -> pathPrefix(segment(), name -> concat(
        path("topology", () -> get(() -> complete(topology(name)))),
        path("truth", () -> get(() -> truth(name))),
        pathPrefix("calibration", () -> path("history", () -> get(() -> history(name))))))));
  }

  private HttpResponse topology(String name) {
    if (!config.chips().contains(name)) {
      return error(StatusCodes.NOT_FOUND, "backend '" + name + "' has no lattice; chips served: " + String.join(", ", config.chips()));
    }
    return json(StatusCodes.OK, topologyJson(name, specs.computeIfAbsent(name, config::chip).topology()));
  }

  /** Positions and couplers; rows and cols are the lattice's extent. */
  static ObjectNode topologyJson(String backend, Topology t) {
    ObjectNode o = WireFormat.MAPPER.createObjectNode();
    o.put("backend", backend);
    int rows = 0, cols = 0;
    ArrayNode qs = WireFormat.MAPPER.createArrayNode();
    for (int q = 0; q < t.numQubits(); q++) {
      Topology.Position p = t.position(q);
      rows = Math.max(rows, p.row() + 1);
      cols = Math.max(cols, p.col() + 1);
      qs.addObject().put("qubit", q).put("row", p.row()).put("col", p.col());
    }
    o.put("rows", rows).put("cols", cols);
    o.set("qubits", qs);
    ArrayNode cs = o.putArray("couplers");
    for (Topology.Edge e : t.edges()) cs.addObject().put("a", e.a()).put("b", e.b());
    return o;
  }

  private Route truth(String name) {
    return answer(this.<GatewayProtocol.TruthReply>ask(r -> new GatewayProtocol.GetTruth(name, r)), reply -> {
      if (reply instanceof GatewayProtocol.TruthRejected rejected) return rejection(rejected.rejection());
      GatewayProtocol.Truth t = (GatewayProtocol.Truth) reply;
      return json(StatusCodes.OK, truthJson(t.backend(), t.truth()));
    });
  }

  private Route history(String name) {
    return answer(this.<GatewayProtocol.HistoryReply>ask(r -> new GatewayProtocol.GetCalibrationHistory(name, r)), reply -> {
      if (reply instanceof GatewayProtocol.HistoryRejected rejected) return rejection(rejected.rejection());
      GatewayProtocol.CalibrationHistory h = (GatewayProtocol.CalibrationHistory) reply;
      ObjectNode o = WireFormat.MAPPER.createObjectNode();
      o.put("backend", h.backend());
      ArrayNode a = o.putArray("snapshots");
      for (ChipActor.Published p : h.entries()) {
        ObjectNode s = WireFormat.calibration(p.snapshot());
        s.set("truth", p.truth() == null ? null : truthJson(h.backend(), p.truth()));
        a.add(s);
      }
      return json(StatusCodes.OK, o);
    });
  }

  /**
   * The truth with the calibration snapshot's keys (seconds, Hz, probabilities; {@code usable} is
   * "not in a TLS dip", {@code enabled} is "alive"), plus the TLS dip's T1 factor and time left.
   */
  static ObjectNode truthJson(String backend, ChipTruth t) {
    ObjectNode o = WireFormat.MAPPER.createObjectNode();
    o.put("backend", backend);
    o.put("time", Instant.EPOCH.plusNanos(Math.round(t.time() * 1e9)).toString());
    o.put("time_seconds", t.time());
    ArrayNode qs = o.putArray("qubits");
    for (QubitTruth q : t.qubits()) {
      qs.addObject().put("qubit", q.qubit()).put("t1", q.t1()).put("t2", q.t2()).put("frequency", q.frequency())
          .put("readout_p01", q.readoutP01()).put("readout_p10", q.readoutP10()).put("gate_error", q.gateError1q())
          .put("usable", !q.inTlsDip()).put("tls_dip", q.inTlsDip()).put("tls_t1_factor", q.tls().t1Factor())
          .put("tls_remaining_seconds", q.tls().remaining());
    }
    ArrayNode cs = o.putArray("couplers");
    for (CouplerTruth c : t.couplers()) {
      cs.addObject().put("a", c.a()).put("b", c.b()).put("cz_error", c.czError()).put("residual_zz", c.residualZzHz())
          .put("enabled", c.alive());
    }
    return o;
  }

  private <R> CompletionStage<R> ask(Function<ActorRef<R>, GatewayProtocol.Command> command) {
    return AskPattern.ask(gateway, command::apply, settings.askTimeout(), system.scheduler());
  }

  private <R> Route answer(CompletionStage<R> reply, Function<R, HttpResponse> toResponse) {
    return completeWithFuture(reply.handle((r, err) -> {
      if (err == null) return toResponse.apply(r);
      Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
      if (cause instanceof TimeoutException) {
        return error(StatusCodes.SERVICE_UNAVAILABLE, "the daemon did not answer within "
            + settings.askTimeout().toMillis() + " ms (qubitd.api.ask-timeout); try again");
      }
      system.log().error("chip inspection request failed", cause);
      return error(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + cause.getClass().getSimpleName());
    }));
  }

  private static HttpResponse rejection(GatewayProtocol.Rejection r) {
    return error(StatusCodes.lookup(r.status()).orElse(StatusCodes.BAD_REQUEST), r.message());
  }

  private static HttpResponse error(StatusCode status, String message) {
    return json(status, WireFormat.error(message));
  }

  private static HttpResponse json(StatusCode status, JsonNode body) {
    return HttpResponse.create().withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, WireFormat.write(body).getBytes(UTF_8));
  }
}
