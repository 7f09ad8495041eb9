package io.qubitd.scheduler;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.qubitd.backend.ChipExecutor;
import io.qubitd.chip.ChipActor;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.backend.IdealExecutor;
import io.qubitd.scheduler.GatewayProtocol.Rejection;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.JobEvent;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import io.qubitd.serialization.JsonSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.HdrHistogram.Histogram;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One backend's queue, event-sourced: a job is answered only once its acceptance is in the journal,
 * and every step after (started, circuit results, completed, failed, cancelled) is journalled too,
 * so after a crash the scheduler re-runs each unfinished job from its first circuit without a
 * result and persists its completion exactly once. Runs one {@link BatchRun} at a time (a chip is
 * one device); several circuits share a run on disjoint regions.
 */
public final class Scheduler extends EventSourcedBehavior<Scheduler.Command, Scheduler.Event, JobLedger> {

  // ---- protocol ----
  // The public requests and their replies cross the cluster (the gateway on one node, the chip's
  // entity on another), so they are JsonSerializable; the private ones stay inside this actor.

  public sealed interface Command permits Submit, AwaitSubmission, GetJob, GetResult, Cancel, ListJobs, Subscribe, Unsubscribe, GetStats,
      Drain, Validated, RunFinished, Kick, CalibrationFetched, RefreshCalibration, SubscriberGone, FailPoisoned,
      ExpireFinished, Archived, RunBatch {}

  /** Validate, persist, queue; the reply comes once the acceptance is durable. */
  public record Submit(JobRequest request, ActorRef<GatewayProtocol.SubmitReply> replyTo) implements Command, JsonSerializable {}

  /**
   * Answers once the submission {@code client} made under idempotency key {@code key} is decided: the
   * job if it is journalled, the rejection if it was refused, or a 503 saying it was not accepted (and
   * will not run) when no such submission is known or under validation.
   */
  public record AwaitSubmission(String client, String key, ActorRef<GatewayProtocol.SubmitReply> replyTo)
      implements Command, JsonSerializable {}

  public record GetJob(String id, ActorRef<GatewayProtocol.JobReply> replyTo) implements Command, JsonSerializable {}

  public record GetResult(String id, ActorRef<GatewayProtocol.ResultReply> replyTo) implements Command, JsonSerializable {}

  /**
   * Cancels a queued or running job at once; circuits of it already on the chip finish their run and
   * their results are discarded.
   */
  public record Cancel(String id, ActorRef<GatewayProtocol.JobReply> replyTo) implements Command, JsonSerializable {}

  /** Newest first; null filters mean any. */
  public record ListJobs(String client, JobStatus status, int limit, ActorRef<GatewayProtocol.JobList> replyTo)
      implements Command, JsonSerializable {}

  /** Events of one job, or of every job when {@code jobId} is null. */
  public record Subscribe(String jobId, ActorRef<JobEvent> subscriber) implements Command, JsonSerializable {}

  public record Unsubscribe(ActorRef<JobEvent> subscriber) implements Command, JsonSerializable {}

  public record GetStats(ActorRef<Stats> replyTo) implements Command, JsonSerializable {}

  /**
   * Many bindings of one circuit, queued in memory and never journaled: training traffic, which its
   * session resends from its checkpoint after a restart. Batch runs alternate with runs of journaled jobs.
   */
  public record RunBatch(Jobs.BatchRequest request, ActorRef<GatewayProtocol.BatchReply> replyTo)
      implements Command, JsonSerializable {}

  /** Stop starting runs; reply when none is on the chip (for CoordinatedShutdown). */
  public record Drain(ActorRef<Done> replyTo) implements Command, JsonSerializable {}

  private record Validated(JobRequest request, Rejection rejection, ActorRef<GatewayProtocol.SubmitReply> replyTo)
      implements Command {}

  private record RunFinished(BatchRun.Outcome outcome) implements Command {}

  private enum Kick implements Command { INSTANCE }

  private enum FailPoisoned implements Command { INSTANCE }

  private enum ExpireFinished implements Command { INSTANCE }

  /** The jobs {@code ids} are in the result archive (unless {@code failure}): they may leave memory. */
  private record Archived(List<String> ids, Throwable failure) implements Command {}

  private record CalibrationFetched(CalibrationSnapshot snapshot, String problem) implements Command {}

  private enum RefreshCalibration implements Command { INSTANCE }

  private record SubscriberGone(ActorRef<JobEvent> subscriber) implements Command {}

  /**
   * A backend's figures for the gateway's metrics and backend list.
   *
   * @param busyFractionSum sum over chip runs of busy qubits / chip qubits (0 on the ideal backend)
   * @param latencyMillis   submission-to-completion latencies (a copy the receiver may keep)
   * @param stalled         the backend holds unfinished jobs but has finished no run for longer than stall-after
   */
  public record Stats(String backend, String kind, int qubits, int queueDepth, long accepted, long completed, long runs,
      long circuits, double runsPerSecond, double circuitsPerSecond, double busyFractionSum,
      @JsonSerialize(using = HistogramJson.Writer.class) @JsonDeserialize(using = HistogramJson.Reader.class)
      Histogram latencyMillis, boolean stalled) implements JsonSerializable {}

  // ---- journal ----

  /** What the journal holds; {@code jobId} names the job each event is about. */
  public sealed interface Event extends JsonSerializable
      permits JobAccepted, JobStarted, JobRunStarted, JobRunEnded, CircuitsRecorded, JobCompleted, JobFailed, JobCancelled,
          JobExpired {
    String jobId();
  }

  public record JobAccepted(String id, JobRequest request, Instant submitted) implements Event {
    @Override public String jobId() { return id; }
  }

  /** The job's first run started. */
  public record JobStarted(String jobId, Instant time) implements Event {}

  /**
   * A later run holding the job started. With {@link JobStarted} it opens a run that the job's next
   * result or {@link JobRunEnded} closes; a run still open at recovery is one the daemon died during.
   */
  public record JobRunStarted(String jobId, Instant time) implements Event {}

  /** A run holding the job ended without a result for it (deferred, abandoned, or stopped). */
  public record JobRunEnded(String jobId, Instant time) implements Event {}

  public record RecordedCircuit(int index, CircuitResult result) implements JsonSerializable {}

  public record CircuitsRecorded(String jobId, List<RecordedCircuit> results) implements Event {}

  public record JobCompleted(String jobId, Instant time) implements Event {}

  public record JobFailed(String jobId, Instant time, String error) implements Event {}

  public record JobCancelled(String jobId, Instant time) implements Event {}

  /** A finished job left memory: it is in the result archive, which answers for it from now on. */
  public record JobExpired(String jobId, Instant time) implements Event {}

  // ---- backends ----

  /** What a scheduler runs on. */
  public sealed interface Backend permits Chip, Ideal {}

  public record Chip(ChipSpec spec, ActorRef<ChipActor.Command> chip, ChipExecutor executor) implements Backend {}

  public record Ideal(IdealExecutor executor) implements Backend {
    /** The ideal backend with every method at the default settings around {@code simulator}'s kernel settings. */
    public Ideal(IdealSimulator simulator) { this(IdealExecutor.withDefaults(simulator.settings())); }
  }

  /** Makes the child that carries out one run; tests pass probes in its place. */
  @FunctionalInterface
  public interface RunFactory {
    Behavior<BatchRun.Command> create(List<BatchRun.Task> tasks, ActorRef<BatchRun.Outcome> replyTo);
  }

  /** The persistence id of a backend's scheduler. */
  public static PersistenceId persistenceId(String backend) { return PersistenceId.of("scheduler", backend, "|"); }

  /**
   * @param simulation where validation and simulations run (never the actors' default dispatcher)
   */
  public static Behavior<Command> create(String name, Backend backend, SchedulerSettings settings, Executor simulation) {
    return create(name, backend, settings, simulation, defaultRuns(backend, settings, simulation));
  }

  /** As {@link #create(String, Backend, SchedulerSettings, Executor)} with runs made by {@code runs}. */
  public static Behavior<Command> create(String name, Backend backend, SchedulerSettings settings, Executor simulation,
      RunFactory runs) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new Scheduler(ctx, timers, name, backend, settings, simulation, runs)));
  }

  static RunFactory defaultRuns(Backend backend, SchedulerSettings settings, Executor simulation) {
    if (backend instanceof Chip c) {
      var target = new BatchRun.ChipTarget(c.chip(), c.executor(), c.spec().topology(),
          settings.packing() ? settings.maxCircuitsPerRun() : 1, settings.packingMargin());
      return (tasks, replyTo) -> BatchRun.onChip(target, tasks, BatchRun.Limits.of(settings), simulation, replyTo);
    }
    IdealExecutor sim = ((Ideal) backend).executor();
    return (tasks, replyTo) -> BatchRun.onIdeal(sim, tasks, BatchRun.Limits.of(settings), simulation, replyTo);
  }

  // ---- runtime state (not journalled) ----

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final String name;
  private final Backend backend;
  private final SchedulerSettings settings;
  private final Executor simulation;
  private final RunFactory runs;
  private final FairShare fairShare = new FairShare();
  private final RunMetrics metrics;
  private final Map<String, Set<Integer>> inFlight = new HashMap<>();
  private final Map<ActorRef<JobEvent>, Set<String>> subscribers = new HashMap<>();
  private final Set<ActorRef<JobEvent>> allEvents = new HashSet<>();
  private final List<ActorRef<Done>> drainWaiters = new ArrayList<>();
  /** Submissions under validation per client and idempotency key, and who waits for their decision. */
  private final Map<String, Integer> validatingKeys = new HashMap<>();
  private final Map<String, List<ActorRef<GatewayProtocol.SubmitReply>>> awaitingKeys = new HashMap<>();
  private final ActorRef<BatchRun.Outcome> runReplies;
  private final ResultArchive archive;
  /** Where the archive's blocking calls run. */
  private final Executor archiveIo;
  /** Finished jobs are being written to the archive (one batch at a time). */
  private boolean archiving;
  private ActorRef<BatchRun.Command> currentRun;
  /** When the queue last moved (a run finished circuits, or work arrived at an idle backend). */
  private long lastProgressNanos = System.nanoTime();
  private final TrainingBatches batches = new TrainingBatches();
  private boolean preferBatch;
  private long batchCount;
  private CalibrationSnapshot snapshot;
  private boolean running;
  private boolean draining;
  private long runCount;
  private int validating;

  private Scheduler(ActorContext<Command> ctx, TimerScheduler<Command> timers, String name, Backend backend,
      SchedulerSettings settings, Executor simulation, RunFactory runs) {
    super(persistenceId(name), SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.ctx = ctx;
    this.timers = timers;
    this.name = name;
    this.backend = backend;
    this.settings = settings;
    this.simulation = simulation;
    this.runs = runs;
    this.metrics = new RunMetrics(settings.metricsWindow(), System.nanoTime());
    this.runReplies = ctx.messageAdapter(BatchRun.Outcome.class, RunFinished::new);
    this.archive = ResultArchives.get(ctx.getSystem());
    this.archiveIo = ctx.getSystem().dispatchers().lookup(org.apache.pekko.actor.typed.DispatcherSelector.blocking());
    if (backend instanceof Chip) {
      fetchCalibration();
      timers.startTimerWithFixedDelay(RefreshCalibration.INSTANCE, settings.calibrationRefresh());
    }
    timers.startTimerWithFixedDelay(ExpireFinished.INSTANCE, shortest(EXPIRY_CHECK, shortest(settings.finishedRetention(),
        settings.finishedInMemory())));
  }

  private static Duration shortest(Duration a, Duration b) { return a.compareTo(b) < 0 ? a : b; }

  /** How often finished jobs are checked against their retention. */
  private static final Duration EXPIRY_CHECK = Duration.ofSeconds(30);

  @Override
  public JobLedger emptyState() { return new JobLedger(); }

  @Override
  public RetentionCriteria retentionCriteria() {
    // events older than the snapshots are deleted: the journal holds the live jobs, not the history
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2).withDeleteEventsOnSnapshot();
  }

  @Override
  public SnapshotAdapter<JobLedger> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override public Object toJournal(JobLedger state) { return state.toSnapshot(); }

      @Override public JobLedger fromJournal(Object from) { return JobLedger.fromSnapshot((JobLedger.Snapshot) from); }
    };
  }

  @Override
  public EventHandler<JobLedger, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(JobLedger::apply);
  }

  @Override
  public SignalHandler<JobLedger> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          // after a restart nothing is on the chip for us: unfinished circuits are offered again
          running = false;
          inFlight.clear();
          ctx.getSelf().tell(FailPoisoned.INSTANCE);
          ctx.getSelf().tell(Kick.INSTANCE);
        })
        .build();
  }

  @Override
  public CommandHandler<Command, Event, JobLedger> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(AwaitSubmission.class, this::onAwaitSubmission)
        .onCommand(Validated.class, this::onValidated)
        .onCommand(GetJob.class, this::onGetJob)
        .onCommand(GetResult.class, this::onGetResult)
        .onCommand(Cancel.class, this::onCancel)
        .onCommand(ListJobs.class, this::onListJobs)
        .onCommand(Subscribe.class, this::onSubscribe)
        .onCommand(Unsubscribe.class, this::onUnsubscribe)
        .onCommand(SubscriberGone.class, (state, g) -> onUnsubscribe(state, new Unsubscribe(g.subscriber())))
        .onCommand(GetStats.class, this::onGetStats)
        .onCommand(Drain.class, this::onDrain)
        .onCommand(Kick.class, (state, k) -> onKick(state))
        .onCommand(FailPoisoned.class, (state, f) -> onFailPoisoned(state))
        .onCommand(ExpireFinished.class, (state, x) -> onExpireFinished(state))
        .onCommand(Archived.class, this::onArchived)
        .onCommand(RunBatch.class, this::onRunBatch)
        .onCommand(RunFinished.class, this::onRunFinished)
        .onCommand(CalibrationFetched.class, this::onCalibrationFetched)
        .onCommand(RefreshCalibration.class, (state, r) -> {
          fetchCalibration();
          return Effect().none();
        })
        .build();
  }

  // ---- submission ----

  private Effect<Event, JobLedger> onSubmit(JobLedger state, Submit s) {
    JobRequest r = s.request();
    GatewayProtocol.SubmitReply known = byKey(state, r);
    if (known != null) return Effect().reply(s.replyTo(), known);
    Rejection limits = Submission.checkLimits(r, settings, backend instanceof Chip);
    if (limits == null) limits = queueFull(state);
    if (limits != null) return Effect().reply(s.replyTo(), new GatewayProtocol.SubmitRejected(limits));
    if (backend instanceof Chip && snapshot == null) return Effect().stash();
    ChipExecutor executor = backend instanceof Chip c ? c.executor() : null;
    IdealExecutor ideal = backend instanceof Ideal i ? i.executor() : null;
    CalibrationSnapshot against = snapshot;
    validating++;
    if (r.idempotencyKey() != null) validatingKeys.merge(pendingKey(r.client(), r.idempotencyKey()), 1, Integer::sum);
    ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> Submission.checkCircuits(r, settings, ideal, executor, against), simulation),
        (rejection, failure) -> new Validated(r, failure != null
            ? new Rejection(400, "could not check the circuits: " + failure.getMessage()) : rejection, s.replyTo()));
    return Effect().none();
  }

  private Rejection queueFull(JobLedger state) {
    int queued = state.unfinished().size() + validating;
    if (queued < settings.maxQueuedJobs()) return null;
    return new Rejection(429, "backend '" + name + "' already holds " + queued + " unfinished jobs (limit "
        + settings.maxQueuedJobs() + "); retry later");
  }

  private Effect<Event, JobLedger> onValidated(JobLedger state, Validated v) {
    validating--;
    JobRequest r = v.request();
    String pending = r.idempotencyKey() == null ? null : pendingKey(r.client(), r.idempotencyKey());
    if (pending != null) validatingKeys.computeIfPresent(pending, (k, n) -> n > 1 ? n - 1 : null);
    // a concurrent submission under the same key was journalled first: this one is that job
    GatewayProtocol.SubmitReply known = byKey(state, r);
    if (known != null) return Effect().reply(v.replyTo(), known);
    Rejection rejection = v.rejection() != null ? v.rejection() : queueFull(state);
    if (rejection != null) {
      GatewayProtocol.SubmitReply refused = new GatewayProtocol.SubmitRejected(rejection);
      if (pending != null) answerAwaiting(pending, refused);
      return Effect().reply(v.replyTo(), refused);
    }
    String id = name + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    if (state.unfinished().isEmpty()) lastProgressNanos = System.nanoTime();
    return Effect().persist(new JobAccepted(id, v.request(), Instant.now()))
        .thenRun(st -> {
          publish(new JobEvent(id, "queued", Instant.now(), null, null));
          // a chip job's circuits were compiled on the current snapshot to validate it
          if (backend instanceof Chip) publish(new JobEvent(id, "compiled", Instant.now(), null, null));
          if (pending != null) answerAwaiting(pending, new GatewayProtocol.Accepted(st.job(id).info()));
          ctx.getSelf().tell(Kick.INSTANCE);
        })
        .thenReply(v.replyTo(), st -> new GatewayProtocol.Accepted(st.job(id).info()));
  }

  private static String pendingKey(String client, String key) { return client + '\n' + key; }

  /** The job already submitted under the request's key, or a 409 when that key named a different request. */
  private static GatewayProtocol.SubmitReply byKey(JobLedger state, JobRequest r) {
    JobLedger.Job j = state.byIdempotencyKey(r.client(), r.idempotencyKey());
    if (j == null) return null;
    if (j.request().equals(r)) return new GatewayProtocol.Accepted(j.info());
    return new GatewayProtocol.SubmitRejected(new Rejection(409, "idempotency key '" + r.idempotencyKey()
        + "' of client '" + r.client() + "' already named job " + j.id() + ", a different request; use a new key"));
  }

  private void answerAwaiting(String pending, GatewayProtocol.SubmitReply reply) {
    if (validatingKeys.containsKey(pending)) return;
    List<ActorRef<GatewayProtocol.SubmitReply>> waiting = awaitingKeys.remove(pending);
    if (waiting != null) waiting.forEach(w -> w.tell(reply));
  }

  private Effect<Event, JobLedger> onAwaitSubmission(JobLedger state, AwaitSubmission a) {
    // a submission stashed for the first calibration is not decided yet: keep the order
    if (backend instanceof Chip && snapshot == null) return Effect().stash();
    JobLedger.Job j = state.byIdempotencyKey(a.client(), a.key());
    if (j != null) return Effect().reply(a.replyTo(), new GatewayProtocol.Accepted(j.info()));
    String pending = pendingKey(a.client(), a.key());
    if (validatingKeys.containsKey(pending)) {
      awaitingKeys.computeIfAbsent(pending, k -> new ArrayList<>()).add(a.replyTo());
      return Effect().none();
    }
    return Effect().reply(a.replyTo(), new GatewayProtocol.SubmitRejected(new Rejection(503, "no job was accepted under"
        + " idempotency key '" + a.key() + "' of client '" + a.client() + "', and none will run; submit it again")));
  }

  // ---- queries ----

  private Effect<Event, JobLedger> onGetJob(JobLedger state, GetJob g) {
    JobLedger.Job j = state.job(g.id());
    if (j == null) {
      return fromArchive(state, g.id(), g.replyTo(), a -> new GatewayProtocol.JobFound(a.job()), GatewayProtocol.JobRejected::new);
    }
    return Effect().reply(g.replyTo(), new GatewayProtocol.JobFound(j.info()));
  }

  private Effect<Event, JobLedger> onGetResult(JobLedger state, GetResult g) {
    JobLedger.Job j = state.job(g.id());
    if (j == null) {
      return fromArchive(state, g.id(), g.replyTo(), a -> result(a.job(), a.results()), GatewayProtocol.ResultRejected::new);
    }
    return Effect().reply(g.replyTo(), result(j.info(), j.status() == JobStatus.COMPLETED ? j.results() : null));
  }

  private static GatewayProtocol.ResultReply result(JobInfo job, List<CircuitResult> results) {
    if (job.status() == JobStatus.COMPLETED) return new GatewayProtocol.Results(job, results);
    if (job.status().isFinal()) {
      return new GatewayProtocol.ResultRejected(new Rejection(409, "job " + job.id() + " is " + job.status().wire()
          + (job.error() != null ? " (" + job.error() + ")" : "") + "; it has no results"));
    }
    return new GatewayProtocol.ResultNotReady(job);
  }

  /**
   * Answers for a job not in memory from the result archive, off the actor's thread (the answer reads
   * no state): {@code found} for an archived job, {@code rejected} with 410 for a tombstone, 404 otherwise.
   */
  private <R> Effect<Event, JobLedger> fromArchive(JobLedger state, String id, ActorRef<R> replyTo,
      java.util.function.Function<ResultArchive.Archived, R> found, java.util.function.Function<Rejection, R> rejected) {
    boolean leftMemory = state.isExpired(id);
    CompletableFuture.supplyAsync(() -> archive.find(name, id), archiveIo).whenComplete((lookup, failure) -> {
      if (failure != null) {
        ctx.getSystem().log().warn("backend {}: the result archive could not be read for job {}: {}", name, id, failure.toString());
        replyTo.tell(rejected.apply(new Rejection(503, "job " + id + " left memory and the result archive cannot be read"
            + " now (" + failure.getMessage() + "); retry later")));
      } else if (lookup.found() != null) {
        replyTo.tell(found.apply(lookup.found()));
      } else {
        replyTo.tell(rejected.apply(unknownJob(id, lookup.gone() || leftMemory)));
      }
    });
    return Effect().none();
  }

  private Effect<Event, JobLedger> onListJobs(JobLedger state, ListJobs l) {
    return Effect().reply(l.replyTo(), new GatewayProtocol.JobList(state.list(l.client(), l.status(), Math.max(0, l.limit()))));
  }

  private Effect<Event, JobLedger> onGetStats(JobLedger state, GetStats g) {
    long now = System.nanoTime();
    boolean chip = backend instanceof Chip;
    int qubits = backend instanceof Chip c ? c.executor().maxQubits() : ((Ideal) backend).executor().maxQubits();
    boolean stalled = !state.unfinished().isEmpty() && !draining && now - lastProgressNanos > settings.stallAfter().toNanos();
    return Effect().reply(g.replyTo(), new Stats(name, chip ? "chip" : "simulator", qubits, state.unfinished().size(),
        state.size(), state.count(JobStatus.COMPLETED), metrics.runs(), metrics.circuits(), metrics.runsPerSecond(now),
        metrics.circuitsPerSecond(now), metrics.busyFractionSum(), metrics.latencyCopy(), stalled));
  }

  private Rejection unknownJob(String id, boolean gone) {
    if (gone) {
      return new Rejection(410, "job " + id + " finished more than its retention ago and its results were removed"
          + " (qubitd.scheduler.finished-retention = " + settings.finishedRetention() + ")");
    }
    return new Rejection(404, "no job with id '" + id + "'");
  }

  // ---- retention ----

  /**
   * Moves finished jobs past {@code finished-in-memory} (or beyond {@code max-finished-jobs}) to the
   * result archive, and only once they are there out of memory; drops archived results past
   * {@code finished-retention}.
   */
  private Effect<Event, JobLedger> onExpireFinished(JobLedger state) {
    if (archiving) return Effect().none();
    Instant now = Instant.now();
    List<String> ids = state.expirable(now, shortest(settings.finishedInMemory(), settings.finishedRetention()),
        settings.maxFinishedJobs());
    List<ResultArchive.Archived> leaving = new ArrayList<>(ids.size());
    for (String id : ids) {
      JobLedger.Job j = state.job(id);
      leaving.add(new ResultArchive.Archived(j.info(), j.status() == JobStatus.COMPLETED ? j.results() : null));
    }
    Instant retained = now.minus(settings.finishedRetention());
    Instant remembered = now.minus(settings.goneIdsRetention());
    archiving = true;
    ctx.pipeToSelf(CompletableFuture.runAsync(() -> {
      archive.store(name, leaving, retained);
      archive.purge(name, retained, remembered);
    }, archiveIo), (ok, failure) -> new Archived(ids, failure));
    return Effect().none();
  }

  private Effect<Event, JobLedger> onArchived(JobLedger state, Archived a) {
    archiving = false;
    if (a.failure() != null) {
      // they stay in memory and are offered to the archive again at the next check
      ctx.getLog().warn("backend {}: finished jobs could not be moved to the result archive: {}", name, a.failure().toString());
      return Effect().none();
    }
    Instant now = Instant.now();
    List<Event> left = new ArrayList<>();
    for (String id : a.ids()) left.add(new JobExpired(id, now));
    return left.isEmpty() ? Effect().none() : Effect().persist(left);
  }

  // ---- cancel ----

  private Effect<Event, JobLedger> onCancel(JobLedger state, Cancel c) {
    JobLedger.Job j = state.job(c.id());
    if (j == null) {
      // a job in the archive is finished: cancelling it is a 409, as in memory
      return fromArchive(state, c.id(), c.replyTo(), a -> new GatewayProtocol.JobRejected(alreadyFinished(a.job())),
          GatewayProtocol.JobRejected::new);
    }
    if (j.status().isFinal()) return Effect().reply(c.replyTo(), new GatewayProtocol.JobRejected(alreadyFinished(j.info())));
    return Effect().persist(new JobCancelled(c.id(), Instant.now()))
        .thenRun(st -> {
          publish(new JobEvent(c.id(), "cancelled", Instant.now(), null, null));
          // its simulations stop now rather than when the run would have ended
          if (currentRun != null && inFlight.containsKey(c.id())) {
            currentRun.tell(new BatchRun.StopJob(c.id(), "job " + c.id() + " was cancelled"));
          }
        })
        .thenReply(c.replyTo(), st -> new GatewayProtocol.JobFound(st.job(c.id()).info()));
  }

  private static Rejection alreadyFinished(JobInfo job) {
    return new Rejection(409, "job " + job.id() + " is already " + job.status().wire()
        + "; only queued or running jobs can be cancelled");
  }

  // ---- runs ----

  private Effect<Event, JobLedger> onKick(JobLedger state) {
    if (running || draining) return Effect().none();
    if (batches.hasQueued() && (preferBatch || state.unfinished().isEmpty())) return startBatchRun();
    preferBatch = true;
    List<FairShare.Pick> picks = fairShare.next(state.unfinished(), inFlight, settings.maxCircuitsPerRun());
    if (picks.isEmpty()) return batches.hasQueued() ? startBatchRun() : Effect().none();
    List<BatchRun.Task> tasks = new ArrayList<>();
    List<Event> started = new ArrayList<>();
    Instant now = Instant.now();
    for (FairShare.Pick p : picks) {
      JobLedger.Job j = state.job(p.jobId());
      tasks.add(new BatchRun.Task(p.jobId(), p.index(), j.request().circuits().get(p.index()), j.request().memory(),
          seed(p.jobId(), p.index())));
      if (started.stream().noneMatch(e -> e.jobId().equals(p.jobId()))) {
        // journalled before the run, so that a job the daemon keeps dying on is recognised at the next start
        started.add(j.status() == JobStatus.QUEUED ? new JobStarted(p.jobId(), now) : new JobRunStarted(p.jobId(), now));
      }
    }
    running = true;
    for (BatchRun.Task t : tasks) inFlight.computeIfAbsent(t.jobId(), k -> new HashSet<>()).add(t.index());
    return Effect().persist(started).thenRun(st -> {
      for (Event e : started) if (e instanceof JobStarted) publish(new JobEvent(e.jobId(), "running", now, null, null));
      currentRun = ctx.spawn(runs.create(tasks, runReplies), "run-" + (++runCount));
    });
  }

  /** The same circuit of the same job always samples with the same seed, so a re-run after a crash repeats it. */
  private static long seed(String jobId, int index) {
    long h = jobId.hashCode() * 0x9E3779B97F4A7C15L + index;
    return h ^ (h >>> 31);
  }

  private Effect<Event, JobLedger> onRunFinished(JobLedger state, RunFinished f) {
    if (batches.running()) return onBatchRunFinished(f.outcome());
    running = false;
    currentRun = null;
    Set<String> ranJobs = new HashSet<>(inFlight.keySet());
    inFlight.clear();
    if (f.outcome() instanceof BatchRun.Abandoned a) {
      ctx.getLog().warn("backend {}: a run was abandoned, its circuits go back to the queue: {}", name, a.reason());
      timers.startSingleTimer(Kick.INSTANCE, settings.retryDelay());
      List<Event> ended = runEnded(state, ranJobs, Set.of(), Instant.now());
      if (ended.isEmpty()) {
        answerDrainWaiters();
        return Effect().none();
      }
      return Effect().persist(ended).thenRun(st -> answerDrainWaiters());
    }
    BatchRun.Completed c = (BatchRun.Completed) f.outcome();
    if (c.snapshot() != null) snapshot = c.snapshot();
    Map<String, List<RecordedCircuit>> recorded = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    for (BatchRun.Done d : c.done()) {
      recorded.computeIfAbsent(d.task().jobId(), k -> new ArrayList<>()).add(new RecordedCircuit(d.task().index(), d.result()));
    }
    for (BatchRun.Failure x : c.failed()) {
      failures.putIfAbsent(x.task().jobId(), "circuit " + x.task().index() + ": " + x.reason());
    }
    Instant now = Instant.now();
    List<Event> events = new ArrayList<>();
    List<JobEvent> published = new ArrayList<>();
    for (Map.Entry<String, String> e : failures.entrySet()) {
      JobLedger.Job j = state.job(e.getKey());
      if (j == null || j.status().isFinal()) continue;
      events.add(new JobFailed(e.getKey(), now, e.getValue()));
      published.add(new JobEvent(e.getKey(), "failed", now, null, e.getValue()));
    }
    for (Map.Entry<String, List<RecordedCircuit>> e : recorded.entrySet()) {
      JobLedger.Job j = state.job(e.getKey());
      // results of cancelled or failed jobs are discarded
      if (j == null || j.status().isFinal() || failures.containsKey(e.getKey())) continue;
      events.add(new CircuitsRecorded(e.getKey(), e.getValue()));
      for (RecordedCircuit rc : e.getValue()) published.add(new JobEvent(e.getKey(), "circuit_done", now, rc.index(), null));
      int newlyDone = 0;
      for (RecordedCircuit rc : e.getValue()) if (!j.isDone(rc.index())) newlyDone++;
      if (j.done() + newlyDone == j.circuits()) {
        events.add(new JobCompleted(e.getKey(), now));
        published.add(new JobEvent(e.getKey(), "completed", now, null, null));
      }
    }
    Set<String> closed = new HashSet<>();
    for (Event e : events) closed.add(e.jobId());
    events.addAll(runEnded(state, ranJobs, closed, now));
    if (ran(c) > 0) lastProgressNanos = System.nanoTime();
    int ran = c.done().size();
    double busy = backend instanceof Chip chip ? (double) c.busyQubits() / chip.spec().topology().numQubits() : 0;
    Runnable after = () -> {
      if (ran > 0) metrics.recordRun(System.nanoTime(), ran, busy);
      published.forEach(this::publish);
      answerDrainWaiters();
      ctx.getSelf().tell(Kick.INSTANCE);
    };
    if (events.isEmpty()) {
      after.run();
      return Effect().none();
    }
    return Effect().persist(events).thenRun(st -> {
      for (Event e : events) {
        if (e instanceof JobCompleted done) metrics.recordLatency(Duration.between(st.job(done.jobId()).submitted(), done.time()));
      }
      after.run();
    });
  }

  private static int ran(BatchRun.Completed c) { return c.done().size() + c.failed().size(); }

  /** Closes the runs of unfinished jobs that were in the run but got no other event from it. */
  private static List<Event> runEnded(JobLedger state, Set<String> ranJobs, Set<String> closed, Instant now) {
    List<Event> out = new ArrayList<>();
    for (String id : ranJobs) {
      JobLedger.Job j = state.job(id);
      if (j != null && !j.status().isFinal() && !closed.contains(id)) out.add(new JobRunEnded(id, now));
    }
    return out;
  }

  // ---- poisoned jobs ----

  /** After recovery: a job the daemon died during max-crashes runs of is failed rather than run again. */
  private Effect<Event, JobLedger> onFailPoisoned(JobLedger state) {
    List<Event> failed = new ArrayList<>();
    Instant now = Instant.now();
    for (JobLedger.Job j : state.unfinished()) {
      if (j.crashes() < settings.maxCrashes()) continue;
      ctx.getLog().warn("backend {}: job {} failed as poisoned after {} crashes", name, j.id(), j.crashes());
      failed.add(new JobFailed(j.id(), now, "poisoned: the daemon stopped during " + j.crashes()
          + " runs of this job (qubitd.scheduler.max-crashes = " + settings.maxCrashes() + "); it is not run again"));
    }
    if (failed.isEmpty()) return Effect().none();
    return Effect().persist(failed).thenRun(st -> {
      for (Event e : failed) publish(new JobEvent(e.jobId(), "failed", now, null, ((JobFailed) e).error()));
    });
  }

  // ---- batches (not journaled) ----
  // ---- training batches (not journaled; the queue itself is TrainingBatches) ----
  private Effect<Event, JobLedger> onRunBatch(JobLedger state, RunBatch b) {
    Rejection r = Submission.checkBatch(b.request(), settings, backend instanceof Chip, batches.waiting());
    if (r != null) {
      b.replyTo().tell(new GatewayProtocol.BatchRejected(r));
      return Effect().none();
    }
    String id = name + ".batch-" + (++batchCount);
    List<Map<String, Double>> bindings = b.request().bindings();
    List<BatchRun.Task> tasks = new ArrayList<>(bindings.size());
    for (int i = 0; i < bindings.size(); i++) {
      tasks.add(new BatchRun.Task(id, i, new Jobs.CircuitSpec(b.request().qasm(), b.request().shots(), bindings.get(i)), false,
          seed(id, i)));
    }
    batches.add(id, tasks, b.replyTo());
    ctx.getSelf().tell(Kick.INSTANCE);
    return Effect().none();
  }

  /** Bindings of the circuit at the head of the batch queue, up to the family run size. */
  private Effect<Event, JobLedger> startBatchRun() {
    preferBatch = false;
    int limit = ((Chip) backend).executor().families().settings().maxBindingsPerRun();
    List<BatchRun.Task> tasks = batches.nextRun(limit);
    running = true;
    ctx.spawn(runs.create(tasks, runReplies), "run-" + (++runCount));
    return Effect().none();
  }

  private Effect<Event, JobLedger> onBatchRunFinished(BatchRun.Outcome outcome) {
    running = false;
    if (outcome instanceof BatchRun.Abandoned a) {
      ctx.getLog().warn("backend {}: a batch run was abandoned, its bindings go back to the queue: {}", name, a.reason());
      batches.abandoned();
      timers.startSingleTimer(Kick.INSTANCE, settings.retryDelay());
      answerDrainWaiters();
      return Effect().none();
    }
    BatchRun.Completed c = (BatchRun.Completed) outcome;
    if (c.snapshot() != null) snapshot = c.snapshot();
    double busy = (double) c.busyQubits() / ((Chip) backend).spec().topology().numQubits();
    int done = batches.completed(c, busy);
    if (done > 0) {
      metrics.recordRun(System.nanoTime(), done, busy);
      lastProgressNanos = System.nanoTime();
    }
    answerDrainWaiters();
    ctx.getSelf().tell(Kick.INSTANCE);
    return Effect().none();
  }

  // ---- calibration ----

  private void fetchCalibration() {
    Chip chip = (Chip) backend;
    ctx.ask(ChipActor.CalibrationReply.class, chip.chip(), settings.chipTimeout(), ChipActor.GetCalibration::new,
        (reply, failure) -> {
          if (reply instanceof ChipActor.CurrentCalibration cc) return new CalibrationFetched(cc.snapshot(), null);
          if (reply instanceof ChipActor.CalibrationUnavailable u) return new CalibrationFetched(null, u.reason());
          return new CalibrationFetched(null, "no answer: " + failure.getMessage());
        });
  }

  private Effect<Event, JobLedger> onCalibrationFetched(JobLedger state, CalibrationFetched f) {
    if (f.snapshot() == null) {
      ctx.getLog().warn("backend {}: no calibration snapshot yet ({}); retrying", name, f.problem());
      if (snapshot == null) timers.startSingleTimer(RefreshCalibration.INSTANCE, settings.retryDelay());
      return Effect().none();
    }
    if (snapshot == null || f.snapshot().version() >= snapshot.version()) snapshot = f.snapshot();
    return Effect().unstashAll();
  }

  // ---- subscribers ----

  private Effect<Event, JobLedger> onSubscribe(JobLedger state, Subscribe s) {
    ActorRef<JobEvent> sub = s.subscriber();
    if (!subscribers.containsKey(sub) && !allEvents.contains(sub)) ctx.watchWith(sub, new SubscriberGone(sub));
    if (s.jobId() == null) {
      allEvents.add(sub);
      return Effect().none();
    }
    subscribers.computeIfAbsent(sub, k -> new HashSet<>()).add(s.jobId());
    JobLedger.Job j = state.job(s.jobId());
    // a job that already finished will send nothing more: tell its end now
    if (j != null && j.status().isFinal()) {
      sub.tell(new JobEvent(j.id(), j.status().wire(), j.finished(), null, j.info().error()));
    }
    return Effect().none();
  }

  private Effect<Event, JobLedger> onUnsubscribe(JobLedger state, Unsubscribe u) {
    boolean known = subscribers.remove(u.subscriber()) != null;
    known |= allEvents.remove(u.subscriber());
    if (known) ctx.unwatch(u.subscriber());
    return Effect().none();
  }

  private void publish(JobEvent e) {
    for (ActorRef<JobEvent> s : allEvents) s.tell(e);
    for (Map.Entry<ActorRef<JobEvent>, Set<String>> s : subscribers.entrySet()) {
      if (s.getValue().contains(e.jobId()) && !allEvents.contains(s.getKey())) s.getKey().tell(e);
    }
  }

  // ---- shutdown ----

  private Effect<Event, JobLedger> onDrain(JobLedger state, Drain d) {
    draining = true;
    drainWaiters.add(d.replyTo());
    answerDrainWaiters();
    return Effect().none();
  }

  private void answerDrainWaiters() {
    if (running || !draining) return;
    drainWaiters.forEach(w -> w.tell(Done.getInstance()));
    drainWaiters.clear();
  }
}
