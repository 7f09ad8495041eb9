package io.qubitd.scheduler;

import io.qubitd.chip.ChipActor;
import io.qubitd.scheduler.GatewayProtocol.Rejection;
import io.qubitd.scheduler.Jobs.BackendInfo;
import io.qubitd.scheduler.Jobs.JobInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The daemon's front door: routes each request to the scheduler of the backend it names (a job id
 * starts with its backend's name and a dot), and answers questions about every backend by asking
 * each scheduler through a short-lived {@link Gather}. Registers under {@link GatewayProtocol#KEY}.
 */
public final class Gateway extends AbstractBehavior<GatewayProtocol.Command> {

  /** A backend the gateway serves; {@code chip} is null for the ideal simulator. */
  public record Backend(String name, ActorRef<Scheduler.Command> scheduler, ActorRef<ChipActor.Command> chip) {}

  /** @param askTimeout how long a question to every scheduler (or a chip) may take */
  public static Behavior<GatewayProtocol.Command> create(List<Backend> backends, Duration askTimeout) {
    return Behaviors.setup(ctx -> new Gateway(ctx, backends, askTimeout));
  }

  private final Map<String, Backend> backends = new LinkedHashMap<>();
  private final Duration askTimeout;
  private long queries;

  private Gateway(ActorContext<GatewayProtocol.Command> ctx, List<Backend> backends, Duration askTimeout) {
    super(ctx);
    for (Backend b : backends) this.backends.put(b.name(), b);
    this.askTimeout = askTimeout;
    ctx.getSystem().receptionist().tell(Receptionist.register(GatewayProtocol.KEY, ctx.getSelf()));
  }

  @Override
  public Receive<GatewayProtocol.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(GatewayProtocol.SubmitJob.class, this::onSubmit)
        .onMessage(GatewayProtocol.AwaitSubmission.class, this::onAwaitSubmission)
        .onMessage(GatewayProtocol.GetJob.class, this::onGetJob)
        .onMessage(GatewayProtocol.GetResult.class, this::onGetResult)
        .onMessage(GatewayProtocol.CancelJob.class, this::onCancel)
        .onMessage(GatewayProtocol.ListJobs.class, this::onListJobs)
        .onMessage(GatewayProtocol.ListBackends.class, this::onListBackends)
        .onMessage(GatewayProtocol.GetCalibration.class, this::onGetCalibration)
        .onMessage(GatewayProtocol.Subscribe.class, this::onSubscribe)
        .onMessage(GatewayProtocol.Unsubscribe.class, this::onUnsubscribe)
        .onMessage(GatewayProtocol.GetMetrics.class, this::onGetMetrics)
        .onMessage(GatewayProtocol.GetTruth.class, this::onGetTruth)
        .onMessage(GatewayProtocol.GetCalibrationHistory.class, this::onGetCalibrationHistory)
        .onMessage(GatewayProtocol.RunBatch.class, this::onRunBatch)
        .build();
  }

  private Behavior<GatewayProtocol.Command> onSubmit(GatewayProtocol.SubmitJob s) {
    String name = s.request().backend();
    Backend b = name == null ? null : backends.get(name);
    if (b == null) {
      s.replyTo().tell(new GatewayProtocol.SubmitRejected(name == null || name.isBlank()
          ? new Rejection(400, "'backend' is required; known backends: " + String.join(", ", backends.keySet()))
          : unknownBackend(name)));
    } else {
      b.scheduler().tell(new Scheduler.Submit(s.request(), s.replyTo()));
    }
    return this;
  }

  private Behavior<GatewayProtocol.Command> onAwaitSubmission(GatewayProtocol.AwaitSubmission a) {
    Backend b = a.backend() == null ? null : backends.get(a.backend());
    if (b == null) a.replyTo().tell(new GatewayProtocol.SubmitRejected(unknownBackend(a.backend())));
    else b.scheduler().tell(new Scheduler.AwaitSubmission(a.client(), a.key(), a.replyTo()));
    return this;
  }

  private Behavior<GatewayProtocol.Command> onRunBatch(GatewayProtocol.RunBatch r) {
    Backend b = r.request().backend() == null ? null : backends.get(r.request().backend());
    if (b == null) r.replyTo().tell(new GatewayProtocol.BatchRejected(unknownBackend(String.valueOf(r.request().backend()))));
    else b.scheduler().tell(new Scheduler.RunBatch(r.request(), r.replyTo()));
    return this;
  }

  private Behavior<GatewayProtocol.Command> onGetJob(GatewayProtocol.GetJob g) {
    Backend b = backendOfJob(g.id());
    if (b == null) g.replyTo().tell(new GatewayProtocol.JobRejected(unknownJob(g.id())));
    else b.scheduler().tell(new Scheduler.GetJob(g.id(), g.replyTo()));
    return this;
  }

  private Behavior<GatewayProtocol.Command> onGetResult(GatewayProtocol.GetResult g) {
    Backend b = backendOfJob(g.id());
    if (b == null) g.replyTo().tell(new GatewayProtocol.ResultRejected(unknownJob(g.id())));
    else b.scheduler().tell(new Scheduler.GetResult(g.id(), g.replyTo()));
    return this;
  }

  private Behavior<GatewayProtocol.Command> onCancel(GatewayProtocol.CancelJob c) {
    Backend b = backendOfJob(c.id());
    if (b == null) c.replyTo().tell(new GatewayProtocol.JobRejected(unknownJob(c.id())));
    else b.scheduler().tell(new Scheduler.Cancel(c.id(), c.replyTo()));
    return this;
  }

  private Behavior<GatewayProtocol.Command> onListJobs(GatewayProtocol.ListJobs l) {
    int limit = l.limit() > 0 ? l.limit() : 100;
    List<Consumer<ActorRef<GatewayProtocol.JobList>>> asks = new ArrayList<>();
    for (Backend b : backends.values()) {
      asks.add(Gather.ask(b.scheduler(), r -> new Scheduler.ListJobs(l.client(), l.status(), limit, r)));
    }
    gather(GatewayProtocol.JobList.class, asks, lists -> {
      List<JobInfo> all = new ArrayList<>();
      for (GatewayProtocol.JobList list : lists) all.addAll(list.jobs());
      all.sort(Comparator.comparing(JobInfo::submitted).reversed());
      l.replyTo().tell(new GatewayProtocol.JobList(all.subList(0, Math.min(limit, all.size()))));
    });
    return this;
  }

  private Behavior<GatewayProtocol.Command> onListBackends(GatewayProtocol.ListBackends l) {
    gatherStats(stats -> {
      Map<String, Scheduler.Stats> byName = new LinkedHashMap<>();
      for (Scheduler.Stats s : stats) byName.put(s.backend(), s);
      List<BackendInfo> out = new ArrayList<>();
      for (Backend b : backends.values()) {
        Scheduler.Stats s = byName.get(b.name());
        // a scheduler that did not answer in time is listed, offline
        out.add(s == null
            ? new BackendInfo(b.name(), b.chip() == null ? "simulator" : "chip", 0, 0, false)
            : new BackendInfo(b.name(), s.kind(), s.qubits(), s.queueDepth(), true));
      }
      l.replyTo().tell(new GatewayProtocol.BackendList(out));
    });
    return this;
  }

  private Behavior<GatewayProtocol.Command> onGetCalibration(GatewayProtocol.GetCalibration g) {
    Backend b = g.backend() == null ? null : backends.get(g.backend());
    if (b == null) {
      g.replyTo().tell(new GatewayProtocol.CalibrationRejected(unknownBackend(g.backend())));
      return this;
    }
    if (b.chip() == null) {
      g.replyTo().tell(new GatewayProtocol.CalibrationRejected(new Rejection(404,
          "backend '" + b.name() + "' is a noiseless simulator; it has no calibration")));
      return this;
    }
    gather(ChipActor.CalibrationReply.class, List.of(Gather.ask(b.chip(), ChipActor.GetCalibration::new)), replies -> {
      if (!replies.isEmpty() && replies.get(0) instanceof ChipActor.CurrentCalibration c) {
        g.replyTo().tell(new GatewayProtocol.Calibration(c.snapshot()));
      } else {
        String why = replies.isEmpty() ? "no answer within " + askTimeout.toMillis() + " ms"
            : ((ChipActor.CalibrationUnavailable) replies.get(0)).reason();
        g.replyTo().tell(new GatewayProtocol.CalibrationRejected(new Rejection(503,
            "backend '" + b.name() + "' has no calibration to show now: " + why)));
      }
    });
    return this;
  }

  private Behavior<GatewayProtocol.Command> onGetTruth(GatewayProtocol.GetTruth g) {
    Backend b = chipBackend(g.backend(), "truth", r -> g.replyTo().tell(new GatewayProtocol.TruthRejected(r)));
    if (b == null) return this;
    gather(ChipActor.TruthReply.class, List.of(Gather.ask(b.chip(), ChipActor.GetTruth::new)), replies -> {
      if (!replies.isEmpty() && replies.get(0) instanceof ChipActor.TruthSnapshot t) {
        g.replyTo().tell(new GatewayProtocol.Truth(b.name(), t.truth()));
      } else {
        g.replyTo().tell(new GatewayProtocol.TruthRejected(new Rejection(503, "backend '" + b.name()
            + "' has no truth to show now: " + (replies.isEmpty() ? "no answer within " + askTimeout.toMillis()
            + " ms (in a cluster only calibration reaches a chip on another node)" : ((ChipActor.TruthUnavailable) replies.get(0)).reason()))));
      }
    });
    return this;
  }

  private Behavior<GatewayProtocol.Command> onGetCalibrationHistory(GatewayProtocol.GetCalibrationHistory g) {
    Backend b = chipBackend(g.backend(), "calibration history", r -> g.replyTo().tell(new GatewayProtocol.HistoryRejected(r)));
    if (b == null) return this;
    gather(ChipActor.History.class, List.of(Gather.ask(b.chip(), ChipActor.GetHistory::new)), replies -> g.replyTo().tell(
        replies.isEmpty()
            ? new GatewayProtocol.HistoryRejected(new Rejection(503, "backend '" + b.name() + "' did not answer within "
                + askTimeout.toMillis() + " ms (in a cluster only calibration reaches a chip on another node)"))
            : new GatewayProtocol.CalibrationHistory(b.name(), replies.get(0).entries())));
    return this;
  }

  /** The named chip backend, or null after rejecting an unknown name or the noiseless simulator. */
  private Backend chipBackend(String name, String what, Consumer<Rejection> reject) {
    Backend b = name == null ? null : backends.get(name);
    if (b == null) {
      reject.accept(unknownBackend(name));
      return null;
    }
    if (b.chip() == null) {
      reject.accept(new Rejection(404, "backend '" + b.name() + "' is a noiseless simulator; it has no " + what));
      return null;
    }
    return b;
  }

  private Behavior<GatewayProtocol.Command> onSubscribe(GatewayProtocol.Subscribe s) {
    if (s.jobId() == null) {
      for (Backend b : backends.values()) b.scheduler().tell(new Scheduler.Subscribe(null, s.subscriber()));
      return this;
    }
    Backend b = backendOfJob(s.jobId());
    if (b == null) getContext().getLog().debug("subscription to unknown job {} ignored", s.jobId());
    else b.scheduler().tell(new Scheduler.Subscribe(s.jobId(), s.subscriber()));
    return this;
  }

  private Behavior<GatewayProtocol.Command> onUnsubscribe(GatewayProtocol.Unsubscribe u) {
    for (Backend b : backends.values()) b.scheduler().tell(new Scheduler.Unsubscribe(u.subscriber()));
    return this;
  }

  private Behavior<GatewayProtocol.Command> onGetMetrics(GatewayProtocol.GetMetrics g) {
    gatherStats(stats -> g.replyTo().tell(metrics(stats)));
    return this;
  }

  /** Sums the schedulers' figures; utilisation is the mean over chip runs, latencies merged across backends. */
  static GatewayProtocol.Metrics metrics(List<Scheduler.Stats> stats) {
    Map<String, Integer> depth = new LinkedHashMap<>();
    long accepted = 0, completed = 0, runs = 0, circuits = 0, chipRuns = 0;
    double runsPerSecond = 0, circuitsPerSecond = 0, busy = 0;
    Histogram latency = new Histogram(3);
    List<String> stalled = new ArrayList<>();
    for (Scheduler.Stats s : stats) {
      depth.put(s.backend(), s.queueDepth());
      if (s.stalled()) stalled.add(s.backend());
      accepted += s.accepted();
      completed += s.completed();
      runs += s.runs();
      circuits += s.circuits();
      runsPerSecond += s.runsPerSecond();
      circuitsPerSecond += s.circuitsPerSecond();
      if (s.kind().equals("chip")) {
        chipRuns += s.runs();
        busy += s.busyFractionSum();
      }
      latency.add(s.latencyMillis());
    }
    Map<String, Double> percentiles = new LinkedHashMap<>();
    if (latency.getTotalCount() > 0) {
      percentiles.put("p50", latency.getValueAtPercentile(50) / 1000.0);
      percentiles.put("p90", latency.getValueAtPercentile(90) / 1000.0);
      percentiles.put("p99", latency.getValueAtPercentile(99) / 1000.0);
      percentiles.put("max", latency.getMaxValue() / 1000.0);
    }
    return new GatewayProtocol.Metrics(depth, accepted, completed, runs, circuits, runsPerSecond, circuitsPerSecond,
        chipRuns == 0 ? 0 : busy / chipRuns, percentiles, stalled);
  }

  private void gatherStats(Consumer<List<Scheduler.Stats>> finish) {
    List<Consumer<ActorRef<Scheduler.Stats>>> asks = new ArrayList<>();
    for (Backend b : backends.values()) asks.add(Gather.ask(b.scheduler(), Scheduler.GetStats::new));
    gather(Scheduler.Stats.class, asks, finish);
  }

  private <R> void gather(Class<R> type, List<Consumer<ActorRef<R>>> asks, Consumer<List<R>> finish) {
    getContext().spawn(Gather.create(type, asks, askTimeout, finish), "query-" + (++queries));
  }

  private Backend backendOfJob(String id) {
    int dot = id == null ? -1 : id.lastIndexOf('.');
    return dot <= 0 ? null : backends.get(id.substring(0, dot));
  }

  private Rejection unknownBackend(String name) {
    return new Rejection(404, "unknown backend '" + name + "'; known backends: " + String.join(", ", backends.keySet()));
  }

  private static Rejection unknownJob(String id) { return new Rejection(404, "no job with id '" + id + "'"); }
}
