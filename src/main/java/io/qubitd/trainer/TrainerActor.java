package io.qubitd.trainer;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Runs one fine-tuning session: steps it on a dedicated dispatcher, one call at a time, tells
 * subscribers each step's loss, circuits and chip time, checkpoints every N steps, on stop and at
 * the end, and on creation resumes from the session directory's latest checkpoint if there is one,
 * so a new actor with the same session id continues where the last one left off.
 */
public final class TrainerActor extends AbstractBehavior<TrainerActor.Command> {

  public sealed interface Command permits Start, Pause, Resume, Stop, Subscribe, GetStatus,
      Opened, Stepped, Closed, SubscriberGone {}

  /** Begin (or continue after a restart) stepping until the session's total steps are done. */
  public enum Start implements Command { INSTANCE }

  /** Stop stepping after the step in flight; the session stays open. */
  public enum Pause implements Command { INSTANCE }

  public enum Resume implements Command { INSTANCE }

  /** Finish the step in flight, checkpoint, close the session and stop. */
  public enum Stop implements Command { INSTANCE }

  /** Send every later event of this session to {@code subscriber}. */
  public record Subscribe(ActorRef<TrainerEvent> subscriber) implements Command {}

  public record GetStatus(ActorRef<TrainerStatus> replyTo) implements Command {}

  private record Opened(TrainerSession session, String checkpoint, Throwable failure) implements Command {}

  private record Stepped(TrainerSession.StepResult report, String checkpoint, Throwable failure) implements Command {}

  private record Closed(double accuracy, String checkpoint, Throwable failure) implements Command {}

  private record SubscriberGone(ActorRef<TrainerEvent> subscriber) implements Command {}

  /**
   * One session's options.
   *
   * @param directory       the session's own directory (checkpoints and the pointer to the latest)
   * @param checkpointEvery checkpoint after every this many steps
   * @param dispatcher      config path of the dispatcher the session's blocking calls run on
   */
  public record Settings(String sessionId, int totalSteps, int checkpointEvery, Path directory, String dispatcher) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

    public Settings {
      if (sessionId == null || !ID.matcher(sessionId).matches() || sessionId.startsWith(".")) {
        throw new IllegalArgumentException("session id must be letters, digits, '.', '_' or '-' (it names a directory), got '"
            + sessionId + "'");
      }
      if (totalSteps < 0) throw new IllegalArgumentException("total steps must be >= 0, got " + totalSteps);
      if (checkpointEvery < 1) {
        throw new IllegalArgumentException("qubitd.trainer.session.checkpoint-every must be >= 1, got " + checkpointEvery);
      }
    }

    /** From {@code qubitd.trainer.session} (given as {@code c}): the session's directory is under {@code dataDir}. */
    public static Settings fromConfig(Config c, Path dataDir, String sessionId, int totalSteps) {
      return new Settings(sessionId, totalSteps, c.getInt("checkpoint-every"),
          dataDir.resolve(c.getString("directory")).resolve(sessionId), "qubitd.trainer.session.dispatcher");
    }
  }

  /** The file in the session directory naming the checkpoint to resume from. */
  static final String LATEST = "latest";

  public static Behavior<Command> create(Settings settings, TrainerSession.Factory sessions) {
    return Behaviors.setup(ctx -> new TrainerActor(ctx, settings, sessions));
  }

  private final Settings settings;
  private final Executor blocking;
  private final Set<ActorRef<TrainerEvent>> subscribers = new LinkedHashSet<>();
  private TrainerStatus.State state = TrainerStatus.State.OPENING;
  private TrainerSession session;
  private boolean busy;
  private boolean startWanted;
  private boolean stopWanted;
  private int stepsDone;
  private double lastLoss = Double.NaN;
  private long circuits;
  private double quantumSeconds;
  private long trainableParameters;
  private String lastCheckpoint;
  private int lastCheckpointStep = -1;

  // Shared with the tasks on the session dispatcher, which outlive the actor when it is stopped from
  // outside (a crash, a shutdown): after PostStop no task may write a checkpoint, and whoever holds
  // the open session last closes it.
  private final Object stopGuard = new Object();
  private boolean stopped;            // guarded by stopGuard
  private boolean taskInFlight;       // guarded by stopGuard
  private TrainerSession liveSession; // guarded by stopGuard: opened and not yet closed

  private TrainerActor(ActorContext<Command> ctx, Settings settings, TrainerSession.Factory sessions) {
    super(ctx);
    this.settings = settings;
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(settings.dispatcher()));
    busy = true;
    run(() -> open(sessions), (r, e) -> r != null ? r : new Opened(null, null, e));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Start.INSTANCE, this::onStart)
        .onMessageEquals(Pause.INSTANCE, this::onPause)
        .onMessageEquals(Resume.INSTANCE, this::onResume)
        .onMessageEquals(Stop.INSTANCE, this::onStop)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(Opened.class, this::onOpened)
        .onMessage(Stepped.class, this::onStepped)
        .onMessage(Closed.class, this::onClosed)
        .onMessage(SubscriberGone.class, g -> { subscribers.remove(g.subscriber()); return this; })
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onStart() {
    switch (state) {
      case OPENING -> startWanted = true;
      case READY -> {
        state = TrainerStatus.State.RUNNING;
        publish(new TrainerEvent.Started(settings.sessionId(), stepsDone, trainableParameters));
        next();
      }
      case PAUSED -> onResume();
      default -> getContext().getLog().debug("session {} is {}; Start ignored", settings.sessionId(), state);
    }
    return this;
  }

  private Behavior<Command> onPause() {
    if (state == TrainerStatus.State.RUNNING) {
      state = TrainerStatus.State.PAUSED;
      // with a step in flight, Paused follows that step's Progress
      if (!busy) publish(new TrainerEvent.Paused(settings.sessionId(), stepsDone));
    }
    return this;
  }

  private Behavior<Command> onResume() {
    if (state == TrainerStatus.State.PAUSED) {
      state = TrainerStatus.State.RUNNING;
      publish(new TrainerEvent.Resumed(settings.sessionId(), stepsDone));
      next();
    }
    return this;
  }

  private Behavior<Command> onStop() {
    switch (state) {
      case OPENING -> stopWanted = true;
      case READY, RUNNING, PAUSED -> {
        state = TrainerStatus.State.STOPPING;
        if (!busy) close(false);
      }
      case FAILED -> {
        return Behaviors.stopped();
      }
      default -> getContext().getLog().debug("session {} is {}; Stop ignored", settings.sessionId(), state);
    }
    return this;
  }

  private Behavior<Command> onPostStop() {
    TrainerSession orphan;
    synchronized (stopGuard) {
      stopped = true;
      orphan = taskInFlight ? null : liveSession; // a task in flight closes it when it ends
      if (orphan != null) liveSession = null;
    }
    if (orphan != null) blocking.execute(orphan::close);
    return this;
  }

  private Behavior<Command> onSubscribe(Subscribe s) {
    if (subscribers.add(s.subscriber())) getContext().watchWith(s.subscriber(), new SubscriberGone(s.subscriber()));
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus g) {
    g.replyTo().tell(new TrainerStatus(settings.sessionId(), state, stepsDone, settings.totalSteps(), lastLoss, circuits,
        quantumSeconds, trainableParameters, lastCheckpoint));
    return this;
  }

  private Behavior<Command> onOpened(Opened o) {
    busy = false;
    if (o.failure() != null) return fail("could not open: " + reason(o.failure()));
    session = o.session();
    stepsDone = session.stepsDone();
    trainableParameters = session.trainableParameters();
    lastCheckpoint = o.checkpoint();
    if (o.checkpoint() != null) lastCheckpointStep = stepsDone;
    state = TrainerStatus.State.READY;
    if (stopWanted) return onStop();
    if (startWanted) return onStart();
    return this;
  }

  private Behavior<Command> onStepped(Stepped s) {
    busy = false;
    if (s.failure() != null) return fail("step " + (stepsDone + 1) + " failed: " + reason(s.failure()));
    TrainerSession.StepResult r = s.report();
    stepsDone = r.step();
    lastLoss = r.loss();
    circuits += r.circuits();
    quantumSeconds += r.quantumSeconds();
    publish(new TrainerEvent.Progress(settings.sessionId(), r.step(), r.loss(), r.circuits(), r.quantumSeconds(), r.wallSeconds(),
        r instanceof StepReport report ? report.chip() : null));
    if (s.checkpoint() != null) checkpointed(s.checkpoint());
    switch (state) {
      case RUNNING -> next();
      case PAUSED -> publish(new TrainerEvent.Paused(settings.sessionId(), stepsDone));
      case STOPPING -> close(false);
      default -> { }
    }
    return this;
  }

  private Behavior<Command> onClosed(Closed c) {
    busy = false;
    if (c.failure() != null) return fail("could not checkpoint and close at step " + stepsDone + ": " + reason(c.failure()));
    if (c.checkpoint() != null) checkpointed(c.checkpoint());
    if (state == TrainerStatus.State.STOPPING) {
      state = TrainerStatus.State.STOPPED;
      publish(new TrainerEvent.Stopped(settings.sessionId(), stepsDone, lastCheckpoint));
    } else {
      state = TrainerStatus.State.FINISHED;
      publish(new TrainerEvent.Finished(settings.sessionId(), stepsDone, c.accuracy(), lastCheckpoint));
    }
    return Behaviors.stopped();
  }

  /** Starts the next step, or the final checkpoint and evaluation once every step is done. */
  private void next() {
    if (state != TrainerStatus.State.RUNNING || busy) return;
    if (stepsDone >= settings.totalSteps()) {
      state = TrainerStatus.State.FINISHED;
      close(true);
      return;
    }
    busy = true;
    TrainerSession s = session;
    run(() -> {
      TrainerSession.StepResult r = s.step();
      String cp = r.step() % settings.checkpointEvery() == 0 ? checkpoint(s, r.step()) : null;
      return new Stepped(r, cp, null);
    }, (r, e) -> r != null ? r : new Stepped(null, null, e));
  }

  /** Checkpoints unless the latest checkpoint is of this step, evaluates if asked, closes the session. */
  private void close(boolean evaluate) {
    busy = true;
    TrainerSession s = session;
    session = null; // closed by the task below, whatever happens
    int step = stepsDone;
    boolean needed = lastCheckpointStep != step;
    run(() -> {
      try (s) {
        String cp = needed ? checkpoint(s, step) : null;
        return new Closed(evaluate ? s.evaluate() : Double.NaN, cp, null);
      } finally {
        synchronized (stopGuard) {
          liveSession = null;
        }
      }
    }, (r, e) -> r != null ? r : new Closed(Double.NaN, null, e));
  }

  private void checkpointed(String path) {
    lastCheckpoint = path;
    lastCheckpointStep = stepsDone;
    publish(new TrainerEvent.Checkpointed(settings.sessionId(), stepsDone, path));
  }

  private Behavior<Command> fail(String message) {
    state = TrainerStatus.State.FAILED;
    getContext().getLog().warn("training session {} {}", settings.sessionId(), message);
    publish(new TrainerEvent.Failed(settings.sessionId(), stepsDone, message));
    if (session != null) {
      TrainerSession s = session;
      session = null;
      synchronized (stopGuard) {
        liveSession = null;
      }
      blocking.execute(s::close);
    }
    return this;
  }

  private void publish(TrainerEvent e) {
    for (ActorRef<TrainerEvent> s : subscribers) s.tell(e);
  }

  private <T extends Command> void run(Supplier<T> work, BiFunction<T, Throwable, Command> toMessage) {
    synchronized (stopGuard) {
      taskInFlight = true;
    }
    Supplier<T> thenHandBack = () -> {
      try {
        return work.get();
      } finally {
        taskEnded();
      }
    };
    getContext().pipeToSelf(CompletableFuture.supplyAsync(thenHandBack, blocking), (r, e) -> toMessage.apply(r, unwrap(e)));
  }

  // ---- on the session dispatcher ----

  /** Hands the session back to the actor, or closes it if the actor stopped while the task ran. */
  private void taskEnded() {
    TrainerSession orphan = null;
    synchronized (stopGuard) {
      taskInFlight = false;
      if (stopped) {
        orphan = liveSession;
        liveSession = null;
      }
    }
    if (orphan != null) orphan.close();
  }

  private Opened open(TrainerSession.Factory sessions) {
    Path latest = settings.directory().resolve(LATEST);
    try {
      if (Files.exists(latest)) {
        Path checkpoint = settings.directory().resolve(Files.readString(latest).trim());
        return new Opened(opened(sessions.resume(checkpoint)), checkpoint.toString(), null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + latest, e);
    }
    return new Opened(opened(sessions.create()), null, null);
  }

  private TrainerSession opened(TrainerSession s) {
    synchronized (stopGuard) {
      liveSession = s;
    }
    return s;
  }

  /**
   * Writes the checkpoint into step-N, then points {@value #LATEST} at it atomically, so a crash leaves the old one;
   * null, writing nothing, once the actor has stopped: a successor may already be resuming from the latest one.
   */
  private String checkpoint(TrainerSession s, int step) {
    synchronized (stopGuard) {
      if (stopped) return null;
      return write(s, step);
    }
  }

  private String write(TrainerSession s, int step) {
    try {
      Path dir = settings.directory().resolve("step-" + step);
      Files.createDirectories(dir);
      Path path = s.checkpoint(dir).toAbsolutePath();
      Path home = settings.directory().toAbsolutePath();
      Path tmp = settings.directory().resolve(LATEST + ".tmp");
      // relative inside the session directory, so the data directory can move
      Files.writeString(tmp, path.startsWith(home) ? home.relativize(path).toString() : path.toString());
      Files.move(tmp, settings.directory().resolve(LATEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return path.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot checkpoint session " + settings.sessionId() + " in " + settings.directory(), e);
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private static String reason(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
