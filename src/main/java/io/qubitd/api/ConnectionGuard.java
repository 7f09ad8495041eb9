package io.qubitd.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.IncomingConnection;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Serves a route over connections it admits: at most qubitd.api.max-connections at once, one more
 * being answered 503 and closed rather than left waiting, and each new connection closed unless its
 * first request's headers arrive within qubitd.api.header-timeout (slow clients cannot hold the
 * connections that everyone else, health probes included, needs). A connection cut for its slow headers
 * gets no answer: HTTP has no response to a request that never arrived.
 */
final class ConnectionGuard {
  private ConnectionGuard() {}

  static CompletionStage<ServerBinding> bind(ActorSystem<?> system, ApiSettings settings, Route route) {
    Flow<HttpRequest, HttpResponse, NotUsed> served = route.flow(system);
    Materializer materializer = Materializer.matFromSystem(system);
    AtomicInteger open = new AtomicInteger();
    HttpResponse full = HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE)
        .withEntity(ContentTypes.APPLICATION_JSON, WireFormat.write(WireFormat.error("the daemon already serves "
            + settings.maxConnections() + " connections (qubitd.api.max-connections); retry later")).getBytes(UTF_8))
        .addHeader(Connection.create("close"));
    return Http.get(system).newServerAt(settings.host(), settings.port()).connectionSource()
        .to(Sink.foreach((IncomingConnection c) -> {
          if (open.incrementAndGet() > settings.maxConnections()) {
            open.decrementAndGet();
            c.handleWith(Flow.of(HttpRequest.class).take(1).map(r -> {
              r.discardEntityBytes(system);
              return full;
            }), materializer);
            return;
          }
          c.handleWith(Flow.of(HttpRequest.class).initialTimeout(settings.headerTimeout()).via(served)
              // a connection that sent nothing is closed, not answered with the 500 of a failed handler
              .recoverWithRetries(1, TimeoutException.class, Source::empty)
              .watchTermination((m, done) -> {
                done.whenComplete((d, err) -> open.decrementAndGet());
                return m;
              }), materializer);
        }))
        .run(system);
  }
}
