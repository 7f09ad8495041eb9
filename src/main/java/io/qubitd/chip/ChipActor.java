package io.qubitd.chip;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.backend.ChipRunResult;
import io.qubitd.calibration.CalibrationActor;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.DriftModel;
import io.qubitd.serialization.JsonSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One emulated chip: spawns a QubitActor per qubit and a CouplerActor per coupler, keeps the
 * chip's emulated clock, and answers truth snapshots through a short-lived {@link TruthQuery}.
 */
public final class ChipActor extends AbstractBehavior<ChipActor.Command> {

  public sealed interface Command permits AdvanceBy, GetTruth, GetTime, Run, PublishCalibration, GetCalibration, Tick,
      TruthForCalibration, GetHistory, TruthAtPublish, GetTruthForCalibration {}

  /** Move emulated time forward by hand (tests, experiments): every part drifts by {@code seconds}. */
  public record AdvanceBy(double seconds) implements Command {}

  /** One consistent snapshot of every qubit's and coupler's truth, at the chip's current time. */
  public record GetTruth(ActorRef<TruthReply> replyTo) implements Command {}

  /** As {@link GetTruth}, answered in calibration's protocol (see {@link #truthSource}). */
  public record GetTruthForCalibration(ActorRef<CalibrationActor.TruthAnswer> replyTo) implements Command {}

  /** The chip as the truth source of a {@link CalibrationActor}. */
  public static CalibrationActor.TruthSource truthSource(ActorRef<Command> chip) {
    return replyTo -> chip.tell(new GetTruthForCalibration(replyTo));
  }

  /** The chip's current emulated time, in seconds since it was sampled. */
  public record GetTime(ActorRef<Double> replyTo) implements Command {}

  /** Compile {@code circuit} against the published calibration and run it with the chip's true noise. */
  public record Run(io.qubitd.circuit.Circuit circuit, int shots, long seed, String method, ActorRef<RunReply> replyTo)
      implements Command {
    /** A run by the automatically chosen simulation method. */
    public Run(io.qubitd.circuit.Circuit circuit, int shots, long seed, ActorRef<RunReply> replyTo) {
      this(circuit, shots, seed, io.qubitd.kernel.MethodChooser.AUTO, replyTo);
    }
  }

  /** Calibration's newest snapshot: from now on circuits are compiled against it. */
  public record PublishCalibration(CalibrationSnapshot snapshot) implements Command {}

  /**
   * What circuits are compiled against now: the published snapshot, or until calibration publishes,
   * the truth described as a snapshot of version 0 (as a fresh chip would be).
   */
  public record GetCalibration(ActorRef<CalibrationReply> replyTo) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private record TruthForCalibration(TruthReply reply) implements Command {}

  /** The snapshots published so far (at most the calibration's history-size), oldest first, each beside the truth then. */
  public record GetHistory(ActorRef<History> replyTo) implements Command {}

  private record TruthAtPublish(CalibrationSnapshot snapshot, TruthReply reply) implements Command {}

  /** Reply to {@link GetHistory}. */
  public record History(List<Published> entries) {}

  /** A published snapshot and the chip's truth sampled when it arrived (null if the chip did not answer in time). */
  public record Published(CalibrationSnapshot snapshot, ChipTruth truth) {}

  /** Reply to {@link GetCalibration}; it crosses the cluster when the gateway asks a chip on another node. */
  public sealed interface CalibrationReply extends JsonSerializable permits CurrentCalibration, CalibrationUnavailable {}

  public record CurrentCalibration(CalibrationSnapshot snapshot) implements CalibrationReply {}

  public record CalibrationUnavailable(String reason) implements CalibrationReply {}

  /** Reply to {@link Run}. */
  public sealed interface RunReply permits RunSucceeded, RunFailed {}

  public record RunSucceeded(ChipRunResult result) implements RunReply {}

  public record RunFailed(String reason) implements RunReply {}

  /** Reply to {@link GetTruth}. */
  public sealed interface TruthReply permits TruthSnapshot, TruthUnavailable {}

  /** The truth at emulated time {@code truth.time()}, which the chip's clock reads as {@code at}. */
  public record TruthSnapshot(ChipTruth truth, Instant at) implements TruthReply {}

  public record TruthUnavailable(String reason) implements TruthReply {}

  /**
   * @param tickInterval  how often the wall-clock drives emulated time (when timeRate > 0)
   * @param timeRate      emulated seconds per wall second; 0 means time moves only by {@link AdvanceBy}
   * @param queryTimeout  how long a truth snapshot may take before it fails
   */
  public record Settings(Duration tickInterval, double timeRate, Duration queryTimeout) {
    public Settings {
      if (tickInterval.isNegative() || tickInterval.isZero()) throw new IllegalArgumentException("tick-interval must be > 0");
      if (!(timeRate >= 0)) throw new IllegalArgumentException("time-rate must be >= 0, got " + timeRate);
      if (queryTimeout.isNegative() || queryTimeout.isZero()) throw new IllegalArgumentException("query-timeout must be > 0");
    }
  }

  /**
   * @param executor   compiles and simulates circuits (pure code)
   * @param simulation where simulations run: a dedicated dispatcher, never the actors' default one
   */
  public static Behavior<Command> create(ChipSpec spec, ChipTruth initial, Settings settings, long seed,
      ChipExecutor executor, Executor simulation) {
    return create(spec, initial, settings, seed, executor, simulation, null);
  }

  /**
   * As above, and with a {@link CalibrationActor} child that measures this chip and publishes its
   * snapshots here, so circuits are compiled against what calibration measured, never the truth.
   *
   * @param calibration the calibration actor's settings, or null for a chip without calibration
   */
  public static Behavior<Command> create(ChipSpec spec, ChipTruth initial, Settings settings, long seed,
      ChipExecutor executor, Executor simulation, CalibrationActor.Settings calibration) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ChipActor chip = new ChipActor(ctx, timers, spec, initial, settings, seed, executor, simulation,
          calibration == null ? 0 : calibration.historySize());
      if (calibration != null) {
        var actor = ctx.spawn(CalibrationActor.create(spec, truthSource(ctx.getSelf()), calibration, simulation), "calibration");
        actor.tell(new CalibrationActor.Subscribe(ctx.messageAdapter(CalibrationSnapshot.class, PublishCalibration::new)));
      }
      return chip;
    }));
  }

  private final String name;
  /** A CZ's duration: couplers' CZ errors follow their qubits' coherence over it. */
  private final double czDuration;
  private final Settings settings;
  private final ChipExecutor executor;
  private final Executor simulation;
  private CalibrationSnapshot published;
  private long runs;
  private final List<ActorRef<QubitActor.Command>> qubits = new ArrayList<>();
  private final List<ActorRef<CouplerActor.Command>> couplers = new ArrayList<>();
  private double time;
  /** The wall-clock instant the chip came up: its clock reads this plus the emulated time. */
  private final Instant broughtUp;
  private long queries;
  private final List<ActorRef<CalibrationReply>> awaitingCalibration = new ArrayList<>();
  private final int historySize;
  private final ArrayDeque<Published> history = new ArrayDeque<>();

  private ChipActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, ChipSpec spec, ChipTruth initial,
      Settings settings, long seed, ChipExecutor executor, Executor simulation, int historySize) {
    super(ctx);
    this.historySize = historySize;
    this.name = spec.name();
    this.settings = settings;
    this.executor = executor;
    this.simulation = simulation;
    this.time = initial.time();
    this.broughtUp = Instant.now().minusNanos(Math.round(initial.time() * 1e9));
    this.czDuration = spec.durations().twoQubit();
    DriftModel drift = new DriftModel(spec.drift(), spec.durations());
    for (int q = 0; q < initial.qubits().size(); q++) {
      qubits.add(ctx.spawn(QubitActor.create(initial.qubit(q), time, drift, seed * 1_000_003L + q), "qubit-" + q));
    }
    for (int i = 0; i < initial.couplers().size(); i++) {
      var c = initial.couplers().get(i);
      couplers.add(ctx.spawn(CouplerActor.create(i, c, time, drift, seed * 1_000_003L + 100_000 + i),
          "coupler-" + c.a() + "-" + c.b()));
    }
    if (settings.timeRate() > 0) timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.tickInterval());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(AdvanceBy.class, this::onAdvanceBy)
        .onMessage(GetTruth.class, this::onGetTruth)
        .onMessage(GetTruthForCalibration.class, this::onGetTruthForCalibration)
        .onMessage(GetTime.class, this::onGetTime)
        .onMessage(Run.class, this::onRun)
        .onMessage(PublishCalibration.class, this::onPublishCalibration)
        .onMessage(GetCalibration.class, this::onGetCalibration)
        .onMessage(TruthForCalibration.class, this::onTruthForCalibration)
        .onMessage(GetHistory.class, this::onGetHistory)
        .onMessage(TruthAtPublish.class, this::onTruthAtPublish)
        .onMessage(Tick.class, t -> onTick())
        .build();
  }

  private Behavior<Command> onAdvanceBy(AdvanceBy a) {
    if (!(a.seconds() >= 0)) {
      getContext().getLog().warn("ignoring AdvanceBy({}): emulated time only moves forward", a.seconds());
      return this;
    }
    advance(a.seconds());
    return this;
  }

  private Behavior<Command> onTick() {
    advance(settings.timeRate() * settings.tickInterval().toNanos() / 1e9);
    return this;
  }

  private void advance(double seconds) {
    time += seconds;
    for (var q : qubits) q.tell(new QubitActor.AdvanceTo(time));
    for (var c : couplers) c.tell(new CouplerActor.AdvanceTo(time));
  }

  private Behavior<Command> onGetTruth(GetTruth g) {
    getContext().spawn(TruthQuery.create(qubits, couplers, time, clock(time), czDuration, settings.queryTimeout(), g.replyTo()), "truth-" + (++queries));
    return this;
  }

  private Behavior<Command> onGetTruthForCalibration(GetTruthForCalibration g) {
    getContext().spawn(TruthQuery.create(qubits, couplers, time, clock(time), czDuration, settings.queryTimeout(), g.replyTo(),
        CalibrationActor.TruthFound::new, CalibrationActor.TruthMissing::new), "truth-" + (++queries));
    return this;
  }

  private Behavior<Command> onRun(Run r) {
    getContext().spawn(ChipRun.create(getContext().getSelf(), name, executor, published, r, simulation), "run-" + (++runs));
    return this;
  }

  private Behavior<Command> onPublishCalibration(PublishCalibration p) {
    if (published == null || p.snapshot().version() > published.version()) published = p.snapshot();
    if (historySize > 0) {
      // the truth beside each snapshot shows how well calibration recovered it; asked of itself so each reply keeps its snapshot
      getContext().ask(TruthReply.class, getContext().getSelf(), settings.queryTimeout().multipliedBy(2), GetTruth::new,
          (reply, failure) -> new TruthAtPublish(p.snapshot(), reply != null ? reply : new TruthUnavailable(String.valueOf(failure))));
    }
    return this;
  }

  private Behavior<Command> onTruthAtPublish(TruthAtPublish t) {
    history.addLast(new Published(t.snapshot(), t.reply() instanceof TruthSnapshot s ? s.truth() : null));
    while (history.size() > historySize) history.removeFirst();
    return this;
  }

  private Behavior<Command> onGetHistory(GetHistory g) {
    List<Published> entries = new ArrayList<>(history);
    entries.sort(Comparator.comparingLong(e -> e.snapshot().version()));
    g.replyTo().tell(new History(entries));
    return this;
  }

  private Behavior<Command> onGetCalibration(GetCalibration g) {
    if (published != null) {
      g.replyTo().tell(new CurrentCalibration(published));
      return this;
    }
    // one truth query serves every request that arrives while it is out
    if (awaitingCalibration.isEmpty()) {
      ActorRef<TruthReply> adapter = getContext().messageAdapter(TruthReply.class, TruthForCalibration::new);
      getContext().spawn(TruthQuery.create(qubits, couplers, time, clock(time), czDuration, settings.queryTimeout(), adapter), "truth-" + (++queries));
    }
    awaitingCalibration.add(g.replyTo());
    return this;
  }

  private Behavior<Command> onTruthForCalibration(TruthForCalibration t) {
    CalibrationReply reply;
    if (published != null) {
      reply = new CurrentCalibration(published);
    } else if (t.reply() instanceof TruthSnapshot s) {
      reply = new CurrentCalibration(truthAsSnapshot(name, s));
    } else {
      reply = new CalibrationUnavailable(((TruthUnavailable) t.reply()).reason());
    }
    for (ActorRef<CalibrationReply> r : awaitingCalibration) r.tell(reply);
    awaitingCalibration.clear();
    return this;
  }

  /** The truth described as calibration version 0, stamped with the chip's clock at its emulated time. */
  static CalibrationSnapshot truthAsSnapshot(String backend, TruthSnapshot truth) {
    return truth.truth().asSnapshot(backend, 0, truth.at());
  }

  /** What the chip's clock reads at emulated time {@code t}. */
  private Instant clock(double t) {
    return broughtUp.plusNanos(Math.round(t * 1e9));
  }

  private Behavior<Command> onGetTime(GetTime g) {
    g.replyTo().tell(time);
    return this;
  }
}
