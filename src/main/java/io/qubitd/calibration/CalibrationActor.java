package io.qubitd.calibration;

import com.typesafe.config.Config;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.noise.NoiseOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Keeps a chip calibrated: a full calibration at start and then every {@code fullInterval}, quick
 * checks every {@code quickInterval} in between, and a recalibration of the qubits a quick check
 * finds drifted. Each job asks its chip ({@link TruthSource}) for one consistent truth to play the chip
 * from and runs the pure {@link Calibrator} off the actor thread. Publishes versioned snapshots to
 * subscribers and keeps a bounded history. One job runs at a time; a tick that finds one running
 * is skipped.
 */
public final class CalibrationActor extends AbstractBehavior<CalibrationActor.Command> {

  public sealed interface Command permits GetLatest, GetHistory, Subscribe, Tick, WrappedTruth, JobDone, JobFailed {}

  /** The latest snapshot, empty until the first calibration finishes. */
  public record GetLatest(ActorRef<Latest> replyTo) implements Command {}

  /** The kept snapshots, oldest first. */
  public record GetHistory(ActorRef<History> replyTo) implements Command {}

  /** Sends {@code subscriber} every snapshot published from now on. */
  public record Subscribe(ActorRef<CalibrationSnapshot> subscriber) implements Command {}

  public record Latest(Optional<CalibrationSnapshot> snapshot) {}

  public record History(List<CalibrationSnapshot> snapshots) {
    public History { snapshots = List.copyOf(snapshots); }
  }

  private enum Job { FULL, QUICK }

  private record Tick(Job job) implements Command {}

  private record WrappedTruth(TruthAnswer answer) implements Command {}

  /**
   * Where the truth comes from: the chip, asked once per job. Given as a function so that
   * calibration needs no chip protocol (the chip spawns calibration, not the other way round).
   */
  @FunctionalInterface
  public interface TruthSource {
    /** Asks for one consistent truth of the whole chip, answered to {@code replyTo}. */
    void ask(ActorRef<TruthAnswer> replyTo);
  }

  /** The chip's answer to {@link TruthSource#ask}. */
  public sealed interface TruthAnswer permits TruthFound, TruthMissing {}

  public record TruthFound(ChipTruth truth, Instant at) implements TruthAnswer {}

  public record TruthMissing(String reason) implements TruthAnswer {}

  /** A finished job: a new outcome to publish (none when a quick check found nothing drifted). */
  private record JobDone(Job job, Optional<CalibrationOutcome> outcome, QuickCheckResult check) implements Command {}

  private record JobFailed(Job job, String reason) implements Command {}

  /**
   * @param fullInterval  time between full calibrations (wall clock)
   * @param quickInterval time between quick checks
   * @param historySize   snapshots kept, at least 1
   * @param seed          seed of the first job; each job uses the next
   * @param experiments   experiment sizes and thresholds
   */
  public record Settings(Duration fullInterval, Duration quickInterval, int historySize, long seed, CalibrationSettings experiments) {
    public Settings {
      if (fullInterval.isNegative() || fullInterval.isZero()) throw new IllegalArgumentException("calibration full-interval must be > 0, got " + fullInterval);
      if (quickInterval.isNegative() || quickInterval.isZero()) throw new IllegalArgumentException("calibration quick-interval must be > 0, got " + quickInterval);
      if (historySize < 1) throw new IllegalArgumentException("calibration history-size must be >= 1, got " + historySize);
    }

    /** Reads a {@code qubitd.calibration} block (see reference.conf). */
    public static Settings fromConfig(Config c) {
      return new Settings(c.getDuration("full-interval"), c.getDuration("quick-interval"), c.getInt("history-size"),
          c.getLong("seed"), CalibrationSettings.fromConfig(c.getConfig("experiments")));
    }
  }

  /** Calibration work runs on {@code executor}. */
  public static Behavior<Command> create(ChipSpec spec, TruthSource chip, Settings settings, Executor executor) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new CalibrationActor(ctx, timers, spec, chip, settings, executor)));
  }

  /** Calibration work runs on Pekko's dispatcher for blocking work. */
  public static Behavior<Command> create(ChipSpec spec, TruthSource chip, Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new CalibrationActor(ctx, timers, spec, chip, settings,
        ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking()))));
  }

  private final ChipSpec spec;
  private final TruthSource chip;
  private final Settings settings;
  private final Executor executor;
  private final ActorRef<TruthAnswer> truthAdapter;
  private final ArrayDeque<CalibrationSnapshot> history = new ArrayDeque<>();
  private final List<ActorRef<CalibrationSnapshot>> subscribers = new ArrayList<>();
  private CalibrationOutcome latest;
  /** The job waiting for truth or running; null when idle. */
  private Job running;
  private long jobs;
  /** Set when this actor stops (with its daemon): the calibration under way ends at its next batch. */
  private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

  private CalibrationActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, ChipSpec spec,
      TruthSource chip, Settings settings, Executor executor) {
    super(ctx);
    this.spec = spec;
    this.chip = chip;
    this.settings = settings;
    this.executor = executor;
    this.truthAdapter = ctx.messageAdapter(TruthAnswer.class, WrappedTruth::new);
    timers.startTimerWithFixedDelay("full", new Tick(Job.FULL), settings.fullInterval());
    timers.startTimerWithFixedDelay("quick", new Tick(Job.QUICK), settings.quickInterval());
    start(Job.FULL);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(GetLatest.class, this::onGetLatest)
        .onMessage(GetHistory.class, this::onGetHistory)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Tick.class, this::onTick)
        .onMessage(WrappedTruth.class, this::onTruth)
        .onMessage(JobDone.class, this::onJobDone)
        .onMessage(JobFailed.class, this::onJobFailed)
        .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
          stopped.set(true);
          return this;
        })
        .build();
  }

  private Behavior<Command> onGetLatest(GetLatest g) {
    g.replyTo().tell(new Latest(Optional.ofNullable(latest).map(CalibrationOutcome::snapshot)));
    return this;
  }

  private Behavior<Command> onGetHistory(GetHistory g) {
    g.replyTo().tell(new History(new ArrayList<>(history)));
    return this;
  }

  private Behavior<Command> onSubscribe(Subscribe s) {
    subscribers.add(s.subscriber());
    return this;
  }

  private Behavior<Command> onTick(Tick t) {
    // A quick check needs a calibration to compare against; until then every tick is a full one.
    Job job = latest == null ? Job.FULL : t.job();
    if (running != null) {
      getContext().getLog().debug("skipping {} calibration: {} still running", job, running);
      return this;
    }
    start(job);
    return this;
  }

  private void start(Job job) {
    running = job;
    chip.ask(truthAdapter);
  }

  private Behavior<Command> onTruth(WrappedTruth w) {
    if (running == null) return this;
    if (w.answer() instanceof TruthMissing u) {
      return onJobFailed(new JobFailed(running, "no truth from the chip: " + u.reason()));
    }
    TruthFound now = (TruthFound) w.answer();
    ChipTruth truth = now.truth();
    Job job = running;
    CalibrationOutcome previous = latest;
    long seed = settings.seed() + jobs++;
    Experimenter experimenter = new StoppableExperimenter(new TruthExperimenter(truth, spec.durations(), NoiseOptions.all(),
        previous == null ? null : frequencies(previous.snapshot()), now.at()), stopped::get);
    CalibrationSettings s = settings.experiments();
    CompletableFuture<JobDone> work = CompletableFuture.supplyAsync(() -> {
      if (job == Job.FULL) return new JobDone(job, Optional.of(Calibrator.fullCalibration(spec, experimenter, s, seed, previous)), null);
      QuickCheckResult check = Calibrator.quickCheck(spec, experimenter, s, seed, previous);
      Optional<CalibrationOutcome> redone = check.drifted().isEmpty() ? Optional.empty()
          : Optional.of(Calibrator.recalibrateQubits(spec, experimenter, s, seed + 1, previous, check.drifted()));
      return new JobDone(job, redone, check);
    }, executor);
    getContext().pipeToSelf(work, (done, failure) -> failure == null ? done : new JobFailed(job, describe(failure)));
    return this;
  }

  /** The cause a future failed with, unwrapped from CompletionException. */
  private static String describe(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  private static double[] frequencies(CalibrationSnapshot s) {
    return s.qubits().stream().mapToDouble(CalibrationSnapshot.QubitCalibration::frequency).toArray();
  }

  private Behavior<Command> onJobDone(JobDone d) {
    running = null;
    if (d.check() != null) {
      getContext().getLog().info("quick check: {} qubit(s) drifted {}", d.check().drifted().size(), d.check().drifted());
    }
    d.outcome().ifPresent(this::publish);
    return this;
  }

  private Behavior<Command> onJobFailed(JobFailed f) {
    running = null;
    getContext().getLog().warn("{} calibration failed: {}", f.job(), f.reason());
    return this;
  }

  private void publish(CalibrationOutcome o) {
    latest = o;
    history.addLast(o.snapshot());
    while (history.size() > settings.historySize()) history.removeFirst();
    getContext().getLog().info("published calibration v{} of {} ({} of {} qubits usable, {} chip s, {} shots)",
        o.snapshot().version(), spec.name(), o.snapshot().qubits().stream().filter(CalibrationSnapshot.QubitCalibration::usable).count(),
        o.snapshot().qubits().size(), String.format("%.3f", o.chipSeconds()), o.shots());
    for (ActorRef<CalibrationSnapshot> s : subscribers) s.tell(o.snapshot());
  }
}
