package io.qubitd.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qubitd.console.ConsoleRoutes;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.GatewayProtocol.Accepted;
import io.qubitd.scheduler.GatewayProtocol.BackendList;
import io.qubitd.scheduler.GatewayProtocol.Calibration;
import io.qubitd.scheduler.GatewayProtocol.CalibrationRejected;
import io.qubitd.scheduler.GatewayProtocol.CalibrationReply;
import io.qubitd.scheduler.GatewayProtocol.JobFound;
import io.qubitd.scheduler.GatewayProtocol.JobList;
import io.qubitd.scheduler.GatewayProtocol.JobRejected;
import io.qubitd.scheduler.GatewayProtocol.JobReply;
import io.qubitd.scheduler.GatewayProtocol.Metrics;
import io.qubitd.scheduler.GatewayProtocol.Rejection;
import io.qubitd.scheduler.GatewayProtocol.ResultNotReady;
import io.qubitd.scheduler.GatewayProtocol.ResultRejected;
import io.qubitd.scheduler.GatewayProtocol.ResultReply;
import io.qubitd.scheduler.GatewayProtocol.Results;
import io.qubitd.scheduler.GatewayProtocol.SubmitRejected;
import io.qubitd.scheduler.GatewayProtocol.SubmitReply;
import io.qubitd.scheduler.Jobs.BackendInfo;
import io.qubitd.scheduler.Jobs.JobEvent;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import io.qubitd.trainer.TrainerEvent;
import io.qubitd.trainer.TrainerManager;
import io.qubitd.trainer.TrainerStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;

/**
 * qubitd's HTTP/JSON and WebSocket API under {@code /v1}: each request becomes one
 * {@link GatewayProtocol} command asked of the gateway (or, under {@code /v1/training}, one
 * {@link TrainerManager} command asked of the trainer) with a timeout; the reply, a
 * {@link Rejection} (its status and {@code {"error": ...}}) or a timeout (503) becomes the response.
 * JSON on the wire is {@link WireFormat}'s.
 */
public final class HttpApi extends AllDirectives {
  private final ActorSystem<?> system;
  private final ActorRef<GatewayProtocol.Command> gateway;
  private final ActorRef<TrainerManager.Command> trainer;
  private final ApiSettings settings;
  private final Tenants tenants;
  private final TenantUsage usage;

  /** Jobs, backends and metrics go to {@code gateway}; {@code /v1/training} to {@code trainer}. */
  public HttpApi(ActorSystem<?> system, ActorRef<GatewayProtocol.Command> gateway, ActorRef<TrainerManager.Command> trainer,
                 ApiSettings settings) {
    this(system, gateway, trainer, settings, Tenants.fromConfig(system.settings().config()));
  }

  /** As above, serving {@code tenants}. */
  public HttpApi(ActorSystem<?> system, ActorRef<GatewayProtocol.Command> gateway, ActorRef<TrainerManager.Command> trainer,
                 ApiSettings settings, Tenants tenants) {
    this.system = system;
    this.gateway = gateway;
    this.trainer = trainer;
    this.settings = settings;
    this.tenants = tenants;
    this.usage = new TenantUsage(java.time.Clock.systemUTC(), JdbcTenantUsageStore.forSystem(system));
  }

  /**
   * Serves the API on {@code host:port} (port 0 picks a free one) with the other settings from
   * {@code qubitd.api}; the binding is unbound by the system's CoordinatedShutdown.
   */
  public static CompletionStage<ServerBinding> bind(ActorSystem<?> system, ActorRef<GatewayProtocol.Command> gateway,
      ActorRef<TrainerManager.Command> trainer, String host, int port) {
    return bind(system, gateway, trainer, ApiSettings.fromConfig(system.settings().config()).withAddress(host, port));
  }

  /** Serves the API on {@code settings.host():settings.port()}; unbound by CoordinatedShutdown. */
  public static CompletionStage<ServerBinding> bind(ActorSystem<?> system, ActorRef<GatewayProtocol.Command> gateway,
      ActorRef<TrainerManager.Command> trainer, ApiSettings settings) {
    Tenants tenants;
    try {
      tenants = Tenants.fromConfig(system.settings().config());
      tenants.requireTokensUnlessLoopback(settings.host());
    } catch (RuntimeException e) {
      return CompletableFuture.failedStage(e);
    }
    Route route = new HttpApi(system, gateway, trainer, settings, tenants).route();
    return ConnectionGuard.bind(system, settings, route)
        .thenApply(b -> b.addToCoordinatedShutdown(settings.unbindDeadline(), system));
  }

  /** Every endpoint and the web console, with errors and unmatched requests answered as {@code {"error": ...}}. */
  public Route route() {
    return handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> concat(
        new ConsoleRoutes().route(),
        pathPrefix("v1", () -> concat(
            path("health", () -> get(this::health)),
            path("ready", () -> get(this::ready)),
            authenticated(tenant -> concat(
            pathPrefix("jobs", () -> concat(
                pathEndOrSingleSlash(() -> concat(post(() -> submit(tenant)), get(() -> listJobs(tenant)))),
                pathPrefix(segment(), id -> concat(
                    pathEndOrSingleSlash(() -> concat(get(() -> status(tenant, id)), delete(() -> cancel(tenant, id)))),
                    path("result", () -> get(() -> result(tenant, id))),
                    path("events", () -> get(() -> jobEvents(tenant, id))))))),
            path("events", () -> get(() -> tenant.admin() ? events(null)
                : complete(error(StatusCodes.FORBIDDEN, "the all-jobs event stream is for admins; tenant '"
                    + tenant.name() + "' can follow its own jobs at /v1/jobs/{id}/events")))),
            pathPrefix("training", () -> concat(
                pathEndOrSingleSlash(() -> concat(post(() -> startTraining(tenant)), get(() -> listTraining(tenant)))),
                pathPrefix(segment(), session -> concat(
                    pathEndOrSingleSlash(() -> concat(get(() -> trainingStatus(tenant, session)),
                        delete(() -> stopTraining(tenant, session)))),
                    path("events", () -> get(() -> trainingEvents(tenant, session))))))),
            pathPrefix("backends", () -> concat(
                pathEndOrSingleSlash(() -> get(this::backends)),
                pathPrefix(segment(), name -> concat(
                    pathEndOrSingleSlash(() -> get(() -> backend(name))),
                    path("calibration", () -> get(() -> calibration(name))))))),
            path("metrics", () -> get(this::metrics)))))),
        authenticated(tenant -> new ChipInspectionRoutes(system, gateway, settings).route()))));
  }

  /** The tenant the request's token names (the local tenant without tokens); 401 otherwise. */
  private Route authenticated(Function<Tenants.Tenant, Route> inner) {
    return optionalHeaderValueByName("Authorization", auth -> tenants.authenticate(auth).map(inner).orElseGet(() ->
        complete(error(StatusCodes.UNAUTHORIZED, auth.isEmpty()
            ? "this daemon needs an API token: send Authorization: Bearer <token>"
            : "the API token is not known to this daemon (qubitd.api.tenants.tokens-file)"))));
  }

  /** Whether {@code tenant} may see {@code job}: its own, or any for an admin. */
  private static boolean visible(Tenants.Tenant tenant, JobInfo job) {
    return tenant.admin() || tenant.name().equals(job.client());
  }

  private static HttpResponse notFound(String id) {
    return error(StatusCodes.NOT_FOUND, "no job with id '" + id + "'");
  }

  // ---- jobs ----

  /**
   * Every submission carries an idempotency key (the client's Idempotency-Key header or client_request_id,
   * else one made here), so that a submission whose answer is late can be asked after instead of guessed.
   */
  private Route submit(Tenants.Tenant tenant) {
    return optionalHeaderValueByName(IDEMPOTENCY_KEY, header -> strictBody(body -> {
      JobRequest request;
      try {
        request = withKey(WireFormat.readJobRequest(WireFormat.parseObject(body), settings.defaultShots()), header);
      } catch (WireFormatException e) {
        return complete(error(StatusCodes.BAD_REQUEST, e.getMessage()));
      }
      if (!tenant.admin()) return submitWithinQuotas(tenant, request);
      return completeWithFuture(decide(request));
    }));
  }

  /**
   * A tenant's submission: its jobs carry its name as client (fair share is between clients), and its
   * quotas (priority, queued jobs, circuits per minute, shots per day) are checked first.
   */
  private Route submitWithinQuotas(Tenants.Tenant tenant, JobRequest asked) {
    Tenants.Quotas q = tenant.quotas();
    JobRequest request = new JobRequest(asked.backend(), asked.circuits(), asked.priority(), tenant.name(), asked.memory(),
        asked.idempotencyKey(), new io.qubitd.scheduler.Jobs.Budget(tenant.name(), q.operationShotsPerJob(), q.circuitMemory()));
    if (request.priority() > q.maxPriority()) {
      return complete(error(StatusCodes.FORBIDDEN, "priority " + request.priority() + " is above tenant '" + tenant.name()
          + "' quota max-priority = " + q.maxPriority()));
    }
    CompletionStage<JobList> queued = this.<JobList>ask(r -> new GatewayProtocol.ListJobs(tenant.name(), JobStatus.QUEUED,
        q.maxQueuedJobs(), r));
    return completeWithFuture(queued.thenCompose(list -> {
      if (list.jobs().size() >= q.maxQueuedJobs()) {
        return CompletableFuture.completedStage(error(StatusCodes.TOO_MANY_REQUESTS, "tenant '" + tenant.name()
            + "' already has " + list.jobs().size() + " queued jobs, its quota max-queued-jobs; retry when some have run"));
      }
      int circuits = request.circuits().size();
      long shots = request.circuits().stream().mapToLong(c -> c.shots()).sum();
      String over = usage.charge(tenant, circuits, shots);
      if (over != null) return CompletableFuture.completedStage(error(StatusCodes.TOO_MANY_REQUESTS, over));
      return decide(request).thenApply(response -> {
        if (response.status().intValue() >= 400 && response.status().intValue() < 500) usage.refund(tenant, circuits, shots);
        return response;
      });
    }).exceptionally(this::failure));
  }

  /** Submits and answers what the scheduler decided, asking again by idempotency key when the first answer is late. */
  private CompletionStage<HttpResponse> decide(JobRequest request) {
      CompletionStage<SubmitReply> decided = this.<SubmitReply>ask(r -> new GatewayProtocol.SubmitJob(request, r))
          .exceptionallyCompose(err -> isTimeout(err)
              ? this.<SubmitReply>ask(r -> new GatewayProtocol.AwaitSubmission(request.backend(), request.client(),
                  request.idempotencyKey(), r))
              : CompletableFuture.failedStage(err));
      return decided.handle((reply, err) -> {
        if (err != null) {
          if (!isTimeout(err)) return failure(err);
          ObjectNode undecided = WireFormat.error("the daemon did not decide on the job within twice "
              + seconds(settings.askTimeout()) + " (qubitd.api.ask-timeout); submit it again with Idempotency-Key '"
              + request.idempotencyKey() + "': a retry under the same key never makes a second job");
          undecided.put("idempotency_key", request.idempotencyKey());
          return json(StatusCodes.SERVICE_UNAVAILABLE, undecided);
        }
        if (reply instanceof SubmitRejected rejected) return rejection(rejected.rejection());
        JobInfo job = ((Accepted) reply).job();
        return json(StatusCodes.ACCEPTED, WireFormat.job(job)).addHeader(Location.create("/v1/jobs/" + job.id()))
            .addHeader(RawHeader.create(IDEMPOTENCY_KEY, request.idempotencyKey()));
      });
  }

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** The request body as text once it has all arrived, within qubitd.api.entity-timeout (else 408). */
  private Route strictBody(Function<String, Route> inner) {
    return toStrictEntity(settings.entityTimeout(), () -> entity(Unmarshaller.entityToString(), inner));
  }

  private static JobRequest withKey(JobRequest request, Optional<String> header) {
    if (header.isEmpty()) {
      return request.idempotencyKey() != null ? request : request.withIdempotencyKey("auto-" + UUID.randomUUID());
    }
    WireFormat.checkIdempotencyKey(header.get(), "header " + IDEMPOTENCY_KEY);
    if (request.idempotencyKey() != null && !request.idempotencyKey().equals(header.get())) {
      throw new WireFormatException("client_request_id", "header " + IDEMPOTENCY_KEY + " '" + header.get()
          + "' and field 'client_request_id' '" + request.idempotencyKey() + "' differ; send one, or the same in both");
    }
    return request.withIdempotencyKey(header.get());
  }

  private static boolean isTimeout(Throwable err) {
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    return cause instanceof TimeoutException;
  }

  private Route status(Tenants.Tenant tenant, String id) {
    return answer(this.<JobReply>ask(r -> new GatewayProtocol.GetJob(id, r)), reply ->
        reply instanceof JobFound found && !visible(tenant, found.job()) ? notFound(id) : jobReply(reply));
  }

  private Route cancel(Tenants.Tenant tenant, String id) {
    if (tenant.admin()) return answer(this.<JobReply>ask(r -> new GatewayProtocol.CancelJob(id, r)), this::jobReply);
    // another tenant's job is as unknown to this one as a job that never existed
    CompletionStage<HttpResponse> cancelled = this.<JobReply>ask(r -> new GatewayProtocol.GetJob(id, r))
        .thenCompose(found -> found instanceof JobFound f && visible(tenant, f.job())
            ? this.<JobReply>ask(r -> new GatewayProtocol.CancelJob(id, r)).thenApply(this::jobReply)
            : CompletableFuture.completedStage(found instanceof JobFound ? notFound(id) : jobReply(found)));
    return completeWithFuture(cancelled.exceptionally(this::failure));
  }

  private HttpResponse jobReply(JobReply reply) {
    if (reply instanceof JobRejected rejected) return rejection(rejected.rejection());
    return json(StatusCodes.OK, WireFormat.job(((JobFound) reply).job()));
  }

  private Route result(Tenants.Tenant tenant, String id) {
    return answer(this.<ResultReply>ask(r -> new GatewayProtocol.GetResult(id, r)), reply -> {
      if (reply instanceof Results results && !visible(tenant, results.job())
          || reply instanceof ResultNotReady waiting && !visible(tenant, waiting.job())) {
        return notFound(id);
      }
      if (reply instanceof Results results) {
        return json(StatusCodes.OK, WireFormat.results(results.job(), results.results()));
      }
      if (reply instanceof ResultRejected rejected) return rejection(rejected.rejection());
      JobInfo job = ((ResultNotReady) reply).job();
      String why = job.status() == JobStatus.FAILED ? "failed" + (job.error() == null ? "" : ": " + job.error())
          : job.status() == JobStatus.CANCELLED ? "was cancelled" : "is " + job.status().wire();
      ObjectNode body = WireFormat.error("job " + job.id() + " " + why + "; it has no result"
          + (job.status().isFinal() ? "" : " yet"));
      body.put("id", job.id()).put("status", job.status().wire());
      return json(StatusCodes.CONFLICT, body);
    });
  }

  private Route listJobs(Tenants.Tenant tenant) {
    return parameterOptional("client", asked -> parameterOptional("status", status ->
        parameterOptional("limit", limitText -> {
          if (!tenant.admin() && asked.isPresent() && !asked.get().equals(tenant.name())) {
            return complete(error(StatusCodes.FORBIDDEN, "tenant '" + tenant.name() + "' may list only its own jobs"));
          }
          Optional<String> client = tenant.admin() ? asked : Optional.of(tenant.name());
          JobStatus wanted;
          int limit;
          try {
            wanted = status.map(s -> WireFormat.status(s, "status")).orElse(null);
            limit = limitText.map(this::limit).orElse(settings.listLimit());
          } catch (WireFormatException e) {
            return complete(error(StatusCodes.BAD_REQUEST, e.getMessage()));
          }
          return answer(this.<JobList>ask(r -> new GatewayProtocol.ListJobs(client.orElse(null), wanted, limit, r)),
              list -> json(StatusCodes.OK, WireFormat.jobList(list.jobs())));
        })));
  }

  private int limit(String text) {
    String rule = "query parameter 'limit' must be an integer within 1.." + settings.listMaxLimit() + ", got '" + text + "'";
    int n;
    try {
      n = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new WireFormatException("limit", rule);
    }
    if (n < 1 || n > settings.listMaxLimit()) throw new WireFormatException("limit", rule);
    return n;
  }

  // ---- backends, metrics, readiness ----

  private Route backends() {
    return answer(this.<BackendList>ask(GatewayProtocol.ListBackends::new),
        list -> json(StatusCodes.OK, WireFormat.backendList(list.backends())));
  }

  private Route backend(String name) {
    return answer(this.<BackendList>ask(GatewayProtocol.ListBackends::new), list -> list.backends().stream()
        .filter(b -> b.name().equals(name)).findFirst()
        .map(b -> json(StatusCodes.OK, WireFormat.backend(b)))
        .orElseGet(() -> error(StatusCodes.NOT_FOUND, "unknown backend '" + name + "'; known: "
            + list.backends().stream().map(BackendInfo::name).collect(Collectors.joining(", ")))));
  }

  private Route calibration(String name) {
    return answer(this.<CalibrationReply>ask(r -> new GatewayProtocol.GetCalibration(name, r)), reply -> {
      if (reply instanceof CalibrationRejected rejected) return rejection(rejected.rejection());
      return json(StatusCodes.OK, WireFormat.calibration(((Calibration) reply).snapshot()));
    });
  }

  private Route metrics() {
    return answer(this.<Metrics>ask(GatewayProtocol.GetMetrics::new), m -> json(StatusCodes.OK, WireFormat.metrics(m)));
  }

  /**
   * Liveness, always 200 while the API is up: status ok, or degraded while a backend's queue cannot move or
   * the gateway does not answer (a restart then fails any job the daemon keeps dying on, see max-crashes).
   */
  private Route health() {
    CompletionStage<Metrics> probe =
        AskPattern.ask(gateway, GatewayProtocol.GetMetrics::new, settings.readyTimeout(), system.scheduler());
    return completeWithFuture(probe.handle((m, err) -> {
      if (err != null) {
        return json(StatusCodes.OK, ok("degraded").put("error",
            "the daemon's gateway did not answer within " + seconds(settings.readyTimeout())));
      }
      if (m.stalled().isEmpty()) return json(StatusCodes.OK, ok("ok"));
      ObjectNode body = ok("degraded");
      body.put("error", "the queue of " + String.join(", ", m.stalled())
          + " has not moved for longer than qubitd.scheduler.stall-after");
      m.stalled().forEach(body.putArray("stalled_backends")::add);
      return json(StatusCodes.OK, body);
    }));
  }

  private Route ready() {
    CompletionStage<Metrics> probe =
        AskPattern.ask(gateway, GatewayProtocol.GetMetrics::new, settings.readyTimeout(), system.scheduler());
    return completeWithFuture(probe.handle((m, err) -> err == null
        ? json(StatusCodes.OK, ok("ready"))
        : error(StatusCodes.SERVICE_UNAVAILABLE, "not ready: the daemon's gateway did not answer within "
            + seconds(settings.readyTimeout()))));
  }

  // ---- events ----

  /** A known job's events; an unknown job is a 404 before any stream opens. */
  private Route jobEvents(Tenants.Tenant tenant, String jobId) {
    return onComplete(this.<JobReply>ask(r -> new GatewayProtocol.GetJob(jobId, r)), attempt -> {
      if (attempt.isFailure()) return complete(failure(attempt.failed().get()));
      if (attempt.get() instanceof JobRejected rejected) return complete(rejection(rejected.rejection()));
      if (!visible(tenant, ((JobFound) attempt.get()).job())) return complete(notFound(jobId));
      return events(jobId);
    });
  }

  /** A WebSocket of JSON text frames, or server-sent events for {@code Accept: text/event-stream}. */
  private Route events(String jobId) {
    return concat(
        handleWebSocketMessages(webSocket(jobId)),
        extractRequest(request -> wantsEventStream(request)
            ? completeOK(eventSource(jobId).map(e -> ServerSentEvent.create(WireFormat.write(WireFormat.event(e)), e.type())),
                EventStreamMarshalling.toEventStream())
            : complete(error(StatusCodes.BAD_REQUEST,
                "events are streamed: open a WebSocket, or send Accept: text/event-stream"))));
  }

  private static boolean wantsEventStream(HttpRequest request) {
    return request.getHeader("Accept").map(h -> h.value().contains("text/event-stream")).orElse(false);
  }

  private Flow<Message, Message, NotUsed> webSocket(String jobId) {
    // Whatever the client sends is read and dropped; when it closes, the coupled source stops too.
    Sink<Message, ?> drain = Sink.foreach(this::discard);
    Source<Message, NotUsed> out =
        eventSource(jobId).map(e -> (Message) TextMessage.create(WireFormat.write(WireFormat.event(e))));
    return Flow.fromSinkAndSourceCoupled(drain, out);
  }

  private void discard(Message m) {
    if (m.isText()) m.asTextMessage().getStreamedText().runWith(Sink.ignore(), system);
    else m.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), system);
  }

  /**
   * Events of one job (ending after its final event) or of all jobs: subscribed when the stream
   * starts, unsubscribed when it ends for any reason. A client that lets more than
   * {@code event-buffer} events pile up has its stream failed rather than silently missing events.
   */
  Source<JobEvent, NotUsed> eventSource(String jobId) {
    Source<JobEvent, ActorRef<JobEvent>> events = ActorSource.actorRef(
        e -> false, e -> Optional.empty(), settings.eventBuffer(), OverflowStrategy.fail());
    Source<JobEvent, NotUsed> subscribed = events.watchTermination((ref, done) -> {
      gateway.tell(new GatewayProtocol.Subscribe(jobId, ref));
      done.whenComplete((d, err) -> gateway.tell(new GatewayProtocol.Unsubscribe(ref)));
      return NotUsed.getInstance();
    });
    return jobId == null ? subscribed : subscribed.takeWhile(e -> !WireFormat.isFinalEvent(e.type()), true);
  }

  // ---- training ----

  // A user tenant's sessions are named "<tenant>.<session>" inside the trainer, so that no tenant can
  // name, see or stop another's; an admin uses the trainer's names as they are.

  private static String sessionOf(Tenants.Tenant tenant, String session) {
    return tenant.admin() ? session : tenant.name() + "." + session;
  }

  private static boolean ownSession(Tenants.Tenant tenant, String internal) {
    return tenant.admin() || internal.startsWith(tenant.name() + ".");
  }

  /** {@code node}'s session as {@code tenant} named it. */
  private static ObjectNode asNamedBy(Tenants.Tenant tenant, ObjectNode node) {
    if (!tenant.admin()) node.put("session", node.get("session").asText().substring(tenant.name().length() + 1));
    return node;
  }

  private Route startTraining(Tenants.Tenant tenant) {
    return strictBody(body -> {
      TrainerManager.Request asked;
      TrainerManager.Request request;
      try {
        asked = WireFormat.readTrainingRequest(WireFormat.parseObject(body));
        request = new TrainerManager.Request(sessionOf(tenant, asked.sessionId()), asked.adapter(), asked.mode(),
            asked.steps(), asked.seed(), asked.tiny());
      } catch (IllegalArgumentException e) {
        return complete(error(StatusCodes.BAD_REQUEST, e.getMessage()));
      }
      CompletionStage<TrainerManager.Reply> started = tenant.admin()
          ? this.<TrainerManager.Reply>askTrainer(r -> new TrainerManager.StartSession(request, r))
          : this.<TrainerManager.SessionList>askTrainer(TrainerManager.ListSessions::new).thenCompose(list -> {
            long held = list.sessions().stream().filter(s -> ownSession(tenant, s.sessionId())
                && !s.sessionId().equals(request.sessionId()) && !isOver(s.state())).count();
            if (held >= tenant.quotas().trainingSessions()) {
              return CompletableFuture.completedStage(new TrainerManager.Rejected(429, "tenant '" + tenant.name()
                  + "' holds " + held + " training sessions, its quota training-sessions = "
                  + tenant.quotas().trainingSessions() + "; stop one first"));
            }
            return this.<TrainerManager.Reply>askTrainer(r -> new TrainerManager.StartSession(request, r));
          });
      return answer(started, reply -> {
        if (!(reply instanceof TrainerManager.Session session)) return trainingReply(tenant, reply);
        return json(StatusCodes.ACCEPTED, asNamedBy(tenant, WireFormat.trainingStatus(session.status())))
            .addHeader(Location.create("/v1/training/" + asked.sessionId()));
      });
    });
  }

  private static boolean isOver(TrainerStatus.State state) {
    return state == TrainerStatus.State.FINISHED || state == TrainerStatus.State.STOPPED || state == TrainerStatus.State.FAILED;
  }

  private Route listTraining(Tenants.Tenant tenant) {
    return answer(this.<TrainerManager.SessionList>askTrainer(TrainerManager.ListSessions::new), list -> {
      ObjectNode all = WireFormat.trainingList(list.sessions().stream().filter(s -> ownSession(tenant, s.sessionId())).toList());
      all.get("sessions").forEach(s -> asNamedBy(tenant, (ObjectNode) s));
      return json(StatusCodes.OK, all);
    });
  }

  private Route trainingStatus(Tenants.Tenant tenant, String session) {
    return answer(this.<TrainerManager.Reply>askTrainer(r -> new TrainerManager.GetSession(sessionOf(tenant, session), r)),
        reply -> trainingReply(tenant, reply));
  }

  private Route stopTraining(Tenants.Tenant tenant, String session) {
    return answer(this.<TrainerManager.Reply>askTrainer(r -> new TrainerManager.StopSession(sessionOf(tenant, session), r)),
        reply -> trainingReply(tenant, reply));
  }

  private HttpResponse trainingReply(Tenants.Tenant tenant, TrainerManager.Reply reply) {
    if (reply instanceof TrainerManager.Rejected rejected) return rejection(new Rejection(rejected.status(), rejected.message()));
    return json(StatusCodes.OK, asNamedBy(tenant, WireFormat.trainingStatus(((TrainerManager.Session) reply).status())));
  }

  /** A known session's events as a WebSocket of JSON text frames or server-sent events, ending after its final event. */
  private Route trainingEvents(Tenants.Tenant tenant, String named) {
    String session = sessionOf(tenant, named);
    CompletionStage<TrainerManager.Reply> known = this.<TrainerManager.Reply>askTrainer(r -> new TrainerManager.GetSession(session, r));
    return onComplete(known, attempt -> {
      if (attempt.isFailure()) return complete(failure(attempt.failed().get()));
      if (attempt.get() instanceof TrainerManager.Rejected) return complete(trainingReply(tenant, attempt.get()));
      return concat(
          handleWebSocketMessages(Flow.fromSinkAndSourceCoupled(Sink.foreach(this::discard),
              trainingEventSource(session).map(e -> (Message) TextMessage.create(
                  WireFormat.write(asNamedBy(tenant, WireFormat.trainingEvent(e))))))),
          extractRequest(request -> wantsEventStream(request)
              ? completeOK(trainingEventSource(session).map(e -> ServerSentEvent.create(
                  WireFormat.write(asNamedBy(tenant, WireFormat.trainingEvent(e))), WireFormat.trainingEventType(e))),
                  EventStreamMarshalling.toEventStream())
              : complete(error(StatusCodes.BAD_REQUEST,
                  "training events are streamed: open a WebSocket, or send Accept: text/event-stream"))));
    });
  }

  /** Subscribed when the stream starts, unsubscribed when it ends; over-full buffers fail the stream, as for jobs. */
  Source<TrainerEvent, NotUsed> trainingEventSource(String session) {
    Source<TrainerEvent, ActorRef<TrainerEvent>> events = ActorSource.actorRef(
        e -> false, e -> Optional.empty(), settings.eventBuffer(), OverflowStrategy.fail());
    return events.watchTermination((ref, done) -> {
      trainer.tell(new TrainerManager.Subscribe(session, ref));
      done.whenComplete((d, err) -> trainer.tell(new TrainerManager.Unsubscribe(ref)));
      return NotUsed.getInstance();
    }).takeWhile(e -> !TrainerManager.isFinal(e), true);
  }

  private <R> CompletionStage<R> askTrainer(Function<ActorRef<R>, TrainerManager.Command> command) {
    return AskPattern.ask(trainer, command::apply, settings.askTimeout(), system.scheduler());
  }

  // ---- asking and answering ----

  private <R> CompletionStage<R> ask(Function<ActorRef<R>, GatewayProtocol.Command> command) {
    return AskPattern.ask(gateway, command::apply, settings.askTimeout(), system.scheduler());
  }

  private <R> Route answer(CompletionStage<R> reply, Function<R, HttpResponse> toResponse) {
    return completeWithFuture(reply.handle((r, err) -> err == null ? toResponse.apply(r) : failure(err)));
  }

  private HttpResponse failure(Throwable err) {
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (cause instanceof TimeoutException) {
      return error(StatusCodes.SERVICE_UNAVAILABLE, "the daemon did not answer within " + seconds(settings.askTimeout())
          + " (qubitd.api.ask-timeout); it may be overloaded or starting, try again");
    }
    system.log().error("request to the gateway failed", cause);
    return error(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + cause.getClass().getSimpleName());
  }

  private static HttpResponse rejection(Rejection r) {
    Optional<StatusCode> code = StatusCodes.lookup(r.status());
    boolean usable = code.isPresent() && r.status() >= 400 && r.status() <= 599;
    return error(usable ? code.get() : StatusCodes.BAD_REQUEST, r.message());
  }

  private static HttpResponse error(StatusCode status, String message) {
    return json(status, WireFormat.error(message));
  }

  private static HttpResponse json(StatusCode status, JsonNode body) {
    return HttpResponse.create().withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, WireFormat.write(body).getBytes(UTF_8));
  }

  private static ObjectNode ok(String status) {
    return WireFormat.MAPPER.createObjectNode().put("status", status);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(EntityStreamSizeException.class, e -> complete(error(StatusCodes.CONTENT_TOO_LARGE,
            "request body too large: at most " + e.limit() + " bytes (pekko.http.server.parsing.max-content-length)")))
        // toStrictEntity's timeout: the body did not arrive in time
        .match(IllegalRequestException.class, e -> e.status().intValue() == StatusCodes.REQUEST_TIMEOUT.intValue(),
            e -> complete(error(StatusCodes.REQUEST_TIMEOUT, "the request body did not arrive within "
                + seconds(settings.entityTimeout()) + " (qubitd.api.entity-timeout)")
            .addHeader(org.apache.pekko.http.javadsl.model.headers.Connection.create("close"))))
        .match(Exception.class, e -> {
          system.log().error("request failed", e);
          return complete(error(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + e.getClass().getSimpleName()));
        })
        .build();
  }

  /** Pekko's default rejection answers (404, 405, ...) with their text moved into {@code {"error": ...}}. */
  private static RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      if (!(response.entity() instanceof HttpEntity.Strict strict)) return response;
      return response.withEntity(ContentTypes.APPLICATION_JSON,
          WireFormat.write(WireFormat.error(strict.getData().utf8String())).getBytes(UTF_8));
    });
  }
}
