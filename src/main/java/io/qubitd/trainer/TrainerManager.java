package io.qubitd.trainer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.serialization.JsonSerializable;
import io.qubitd.trainer.quantum.QuantumLayer;
import io.qubitd.trainer.quantum.QuantumLayers;
import io.qubitd.trainer.quantum.QuantumSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The daemon's fine-tuning sessions: starts each as a {@link TrainerActor} child, keeps its latest
 * status from its events, relays those events to the session's subscribers, and stops it on request.
 * Each started session leaves a small record ({@value #RECORD}) in its directory; when the daemon
 * starts again, the sessions whose record says running resume from their latest checkpoint.
 */
public final class TrainerManager extends AbstractBehavior<TrainerManager.Command> {

  public sealed interface Command extends JsonSerializable permits StartSession, ListSessions, GetSession, StopSession,
      Subscribe, Unsubscribe, Relayed, TrainerGone, SubscriberGone {}

  /** Start (or continue, if it exists and is not running) the session {@code request} names; replies with its status. */
  public record StartSession(Request request, ActorRef<Reply> replyTo) implements Command {}

  public record ListSessions(ActorRef<SessionList> replyTo) implements Command {}

  public record GetSession(String sessionId, ActorRef<Reply> replyTo) implements Command {}

  /** Stop a running session after a last checkpoint; replies with its status (stopping, or its final state). */
  public record StopSession(String sessionId, ActorRef<Reply> replyTo) implements Command {}

  /**
   * Send every later event of the session to {@code subscriber}; for a session already over, its
   * final event at once. An unknown session sends nothing.
   */
  public record Subscribe(String sessionId, ActorRef<TrainerEvent> subscriber) implements Command {}

  public record Unsubscribe(ActorRef<TrainerEvent> subscriber) implements Command {}

  private record Relayed(TrainerEvent event) implements Command {}

  private record TrainerGone(String sessionId, ActorRef<TrainerActor.Command> trainer) implements Command {}

  private record SubscriberGone(ActorRef<TrainerEvent> subscriber) implements Command {}

  public sealed interface Reply extends JsonSerializable permits Session, Rejected {}

  public record Session(SessionStatus status) implements Reply {}

  /** Not done: {@code status} is the HTTP status that fits (404 unknown session, 409 conflict). */
  public record Rejected(int status, String message) implements Reply {}

  public record SessionList(List<SessionStatus> sessions) implements JsonSerializable {}

  /**
   * What to train.
   *
   * @param steps total optimiser steps, or null for the settings' own (qubitd.trainer.optimizer.steps, or tiny's)
   * @param tiny  the very small test model ({@link TrainerSettings#tiny()}) instead of qubitd.trainer
   */
  public record Request(String sessionId, AdapterKind adapter, QuantumLayers.Mode mode, Integer steps, long seed,
                        boolean tiny) implements JsonSerializable {
    public Request {
      validateId(sessionId);
      if (adapter == null || adapter == AdapterKind.NONE) {
        throw new IllegalArgumentException("adapter '" + (adapter == null ? null : adapter.label())
            + "' trains nothing; use lora, mpo, qtha or classical");
      }
      if (mode == null) throw new IllegalArgumentException("quantum mode missing; use exact, shots or chip");
      if (steps != null && steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
    }
  }

  /**
   * A session now, as the manager knows it from its events.
   *
   * @param lastLoss the last step's loss, NaN before the first
   * @param circuits circuits evaluated (counted from the last record on disk, so across daemon restarts)
   * @param accuracy held-out exact-match accuracy once finished, NaN before
   * @param message  why it failed, or null
   */
  public record SessionStatus(String sessionId, AdapterKind adapter, QuantumLayers.Mode mode, TrainerStatus.State state,
                              int step, int totalSteps, double lastLoss, long circuits, double quantumSeconds,
                              double wallSeconds, long trainableParameters, double accuracy, String checkpoint,
                              String message) implements JsonSerializable {}

  /** The file in a session's directory recording what was asked and how far it got. */
  static final String RECORD = "request.conf";

  /** Session ids name directories beside the base models' ({@code base-<key>}), so those names are taken. */
  public static void validateId(String sessionId) {
    if (sessionId == null || !sessionId.matches("[A-Za-z0-9._-]{1,64}") || sessionId.startsWith(".")
        || sessionId.startsWith("base-")) {
      throw new IllegalArgumentException("session id must be 1 to 64 letters, digits, '.', '_' or '-', not starting with"
          + " '.' or 'base-' (it names a directory), got '" + sessionId + "'");
    }
  }

  /**
   * {@code trainer} is the {@code qubitd.trainer} subtree (model, data, adapter, optimizer, quantum,
   * session); sessions live under {@code dataDir}; chip mode submits through {@code gateway}.
   */
  public static Behavior<Command> create(Config trainer, Path dataDir, ActorRef<GatewayProtocol.Command> gateway) {
    return Behaviors.setup(ctx -> new TrainerManager(ctx, trainer, dataDir, gateway));
  }

  /** One session: its request, status, live trainer (null once it stopped) and subscribers. */
  private static final class Tracked {
    Request request;
    TrainerStatus.State state;
    int step;
    double lastLoss = Double.NaN;
    long circuits;
    double quantumSeconds;
    double wallSeconds;
    long trainableParameters;
    double accuracy = Double.NaN;
    String checkpoint;
    String message;
    TrainerEvent last;
    ActorRef<TrainerActor.Command> trainer;
    final Set<ActorRef<TrainerEvent>> subscribers = new LinkedHashSet<>();

    SessionStatus status() {
      return new SessionStatus(request.sessionId(), request.adapter(), request.mode(), state, step,
          request.steps() == null ? 0 : request.steps(), lastLoss, circuits, quantumSeconds, wallSeconds,
          trainableParameters, accuracy, checkpoint, message);
    }
  }

  private final Config trainer;
  private final Path dataDir;
  private final Path sessionsDir;
  private final ActorRef<GatewayProtocol.Command> gateway;
  private final ActorRef<TrainerEvent> relay;
  private final Map<String, Tracked> sessions = new TreeMap<>();
  private int generation;

  private TrainerManager(ActorContext<Command> ctx, Config trainer, Path dataDir, ActorRef<GatewayProtocol.Command> gateway) {
    super(ctx);
    this.trainer = trainer;
    this.dataDir = dataDir;
    this.sessionsDir = dataDir.resolve(trainer.getString("session.directory"));
    this.gateway = gateway;
    this.relay = ctx.messageAdapter(TrainerEvent.class, Relayed::new);
    recover();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StartSession.class, this::onStart)
        .onMessage(ListSessions.class, this::onList)
        .onMessage(GetSession.class, this::onGet)
        .onMessage(StopSession.class, this::onStop)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, u -> unsubscribe(u.subscriber()))
        .onMessage(SubscriberGone.class, g -> unsubscribe(g.subscriber()))
        .onMessage(Relayed.class, this::onEvent)
        .onMessage(TrainerGone.class, this::onTrainerGone)
        .build();
  }

  private Behavior<Command> onStart(StartSession s) {
    Request r = s.request();
    Tracked t = sessions.get(r.sessionId());
    if (t != null && t.trainer != null) {
      s.replyTo().tell(new Rejected(409, "session '" + r.sessionId() + "' is " + label(t.state) + " (step " + t.step
          + "); stop it first or choose another id"));
      return this;
    }
    if (t != null && (t.request.adapter() != r.adapter() || t.request.tiny() != r.tiny())) {
      s.replyTo().tell(new Rejected(409, "session '" + r.sessionId() + "' exists with adapter " + t.request.adapter().label()
          + (t.request.tiny() ? " (tiny)" : "") + " and continues from its checkpoint only so; choose another id"));
      return this;
    }
    TrainerSettings settings;
    try {
      settings = settings(r);
    } catch (RuntimeException e) {
      s.replyTo().tell(new Rejected(400, "cannot start session '" + r.sessionId() + "': " + e.getMessage()));
      return this;
    }
    if (t == null) {
      t = new Tracked();
      sessions.put(r.sessionId(), t);
    }
    t.request = new Request(r.sessionId(), r.adapter(), r.mode(), settings.steps(), r.seed(), r.tiny());
    t.message = null;
    t.accuracy = Double.NaN;
    t.last = null;
    spawn(t, settings);
    write(t);
    s.replyTo().tell(new Session(t.status()));
    return this;
  }

  private Behavior<Command> onList(ListSessions l) {
    l.replyTo().tell(new SessionList(sessions.values().stream().map(Tracked::status).toList()));
    return this;
  }

  private Behavior<Command> onGet(GetSession g) {
    Tracked t = sessions.get(g.sessionId());
    g.replyTo().tell(t == null ? unknown(g.sessionId()) : new Session(t.status()));
    return this;
  }

  private Behavior<Command> onStop(StopSession s) {
    Tracked t = sessions.get(s.sessionId());
    if (t == null) {
      s.replyTo().tell(unknown(s.sessionId()));
      return this;
    }
    if (t.trainer != null) {
      t.trainer.tell(TrainerActor.Stop.INSTANCE);
      if (t.state != TrainerStatus.State.FAILED) t.state = TrainerStatus.State.STOPPING;
    }
    s.replyTo().tell(new Session(t.status()));
    return this;
  }

  private Behavior<Command> onSubscribe(Subscribe s) {
    Tracked t = sessions.get(s.sessionId());
    if (t == null) return this;
    if (t.last != null) {
      s.subscriber().tell(t.last);
      return this;
    }
    if (t.subscribers.add(s.subscriber())) getContext().watchWith(s.subscriber(), new SubscriberGone(s.subscriber()));
    return this;
  }

  private Behavior<Command> unsubscribe(ActorRef<TrainerEvent> subscriber) {
    for (Tracked t : sessions.values()) t.subscribers.remove(subscriber);
    return this;
  }

  private Behavior<Command> onEvent(Relayed r) {
    TrainerEvent e = r.event();
    Tracked t = sessions.get(e.sessionId());
    if (t == null) return this;
    t.step = e.step();
    boolean record = false;
    if (e instanceof TrainerEvent.Started s) {
      t.state = TrainerStatus.State.RUNNING;
      t.trainableParameters = s.trainableParameters();
    } else if (e instanceof TrainerEvent.Progress p) {
      t.lastLoss = p.loss();
      t.circuits += p.circuits();
      t.quantumSeconds += p.quantumSeconds();
      t.wallSeconds += p.wallSeconds();
    } else if (e instanceof TrainerEvent.Checkpointed c) {
      t.checkpoint = c.path();
      record = true;
    } else if (e instanceof TrainerEvent.Paused) {
      t.state = TrainerStatus.State.PAUSED;
    } else if (e instanceof TrainerEvent.Resumed) {
      t.state = TrainerStatus.State.RUNNING;
    } else if (e instanceof TrainerEvent.Finished f) {
      t.state = TrainerStatus.State.FINISHED;
      t.accuracy = f.accuracy();
      t.checkpoint = f.checkpoint();
      record = true;
    } else if (e instanceof TrainerEvent.Stopped s) {
      t.state = TrainerStatus.State.STOPPED;
      t.checkpoint = s.checkpoint();
      record = true;
    } else if (e instanceof TrainerEvent.Failed f) {
      t.state = TrainerStatus.State.FAILED;
      t.message = f.message();
      record = true;
      // a failed trainer waits for Stop; nothing more can come of it
      if (t.trainer != null) t.trainer.tell(TrainerActor.Stop.INSTANCE);
    }
    if (isFinal(e)) t.last = e;
    if (record) write(t);
    for (ActorRef<TrainerEvent> s : t.subscribers) s.tell(e);
    return this;
  }

  private Behavior<Command> onTrainerGone(TrainerGone g) {
    Tracked t = sessions.get(g.sessionId());
    if (t == null || t.trainer == null || !t.trainer.equals(g.trainer())) return this;
    t.trainer = null;
    if (t.last == null) {
      // the record on disk still says running, so the next daemon start resumes it
      t.state = TrainerStatus.State.FAILED;
      t.message = "the trainer stopped unexpectedly at step " + t.step;
      t.last = new TrainerEvent.Failed(g.sessionId(), t.step, t.message);
      for (ActorRef<TrainerEvent> s : t.subscribers) s.tell(t.last);
    }
    t.subscribers.clear();
    return this;
  }

  /** Whether {@code e} is the last event of its trainer. */
  public static boolean isFinal(TrainerEvent e) {
    return e instanceof TrainerEvent.Finished || e instanceof TrainerEvent.Stopped || e instanceof TrainerEvent.Failed;
  }

  private static Rejected unknown(String id) {
    return new Rejected(404, "no training session '" + id + "'");
  }

  private static String label(TrainerStatus.State s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  private TrainerSettings settings(Request r) {
    TrainerSettings s = r.tiny() ? TrainerSettings.tiny() : TrainerSettings.fromConfig(trainer);
    return r.steps() == null ? s : s.withSteps(r.steps());
  }

  private void spawn(Tracked t, TrainerSettings settings) {
    Request r = t.request;
    var actorSettings = TrainerActor.Settings.fromConfig(trainer.getConfig("session"), dataDir, r.sessionId(), settings.steps());
    ActorRef<TrainerActor.Command> a = getContext().spawn(
        TrainerActor.create(actorSettings, factory(r, settings)), "session-" + r.sessionId() + "-" + ++generation);
    getContext().watchWith(a, new TrainerGone(r.sessionId(), a));
    a.tell(new TrainerActor.Subscribe(relay));
    a.tell(TrainerActor.Start.INSTANCE);
    t.trainer = a;
    t.state = TrainerStatus.State.OPENING;
  }

  /** Opens the session on the trainer's dispatcher; the quantum layer is built there too (qtha only). */
  private TrainerSession.Factory factory(Request r, TrainerSettings settings) {
    QuantumSettings qs = QuantumSettings.fromConfig(trainer.getConfig("quantum"));
    var system = getContext().getSystem();
    return new TrainerSession.Factory() {
      private QuantumLayer quantum() {
        return r.adapter() != AdapterKind.QTHA ? null : QuantumLayers.create(r.mode().name().toLowerCase(Locale.ROOT),
            settings.rank(), settings.quantumLayers(), qs, system, gateway);
      }

      @Override
      public TrainerSession create() {
        return FineTuneSession.create(settings, r.adapter(), quantum(), dataDir, r.seed());
      }

      @Override
      public TrainerSession resume(Path checkpoint) {
        return FineTuneSession.resume(checkpoint, quantum());
      }
    };
  }

  // ---- the records on disk ----

  private Path directory(String id) {
    return sessionsDir.resolve(id);
  }

  /** Writes the session's record atomically; a session whose record cannot be written still runs, with a warning. */
  private void write(Tracked t) {
    Request r = t.request;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("session", r.sessionId());
    m.put("adapter", r.adapter().label());
    m.put("mode", r.mode().name().toLowerCase(Locale.ROOT));
    m.put("steps", r.steps());
    m.put("seed", r.seed());
    m.put("tiny", r.tiny());
    // a session that has not ended is "running" on disk, whatever it is now: it resumes after a restart
    m.put("state", t.last == null ? "running" : label(t.state));
    m.put("step", t.step);
    if (!Double.isNaN(t.lastLoss)) m.put("last-loss", t.lastLoss);
    m.put("circuits", t.circuits);
    m.put("quantum-seconds", t.quantumSeconds);
    m.put("wall-seconds", t.wallSeconds);
    m.put("trainable-parameters", t.trainableParameters);
    if (!Double.isNaN(t.accuracy)) m.put("accuracy", t.accuracy);
    if (t.checkpoint != null) m.put("checkpoint", t.checkpoint);
    if (t.message != null) m.put("message", t.message);
    Path dir = directory(r.sessionId());
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(RECORD + ".tmp");
      Files.writeString(tmp, ConfigFactory.parseMap(m).root().render(ConfigRenderOptions.concise().setFormatted(true)));
      Files.move(tmp, dir.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      getContext().getLog().warn("cannot record training session {} in {}: {}", r.sessionId(), dir, e.getMessage());
    }
  }

  /** Loads every session record; the ones that were running start again and resume from their checkpoints. */
  private void recover() {
    if (!Files.isDirectory(sessionsDir)) return;
    List<Path> records = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(sessionsDir)) {
      dirs.map(d -> d.resolve(RECORD)).filter(Files::isRegularFile).forEach(records::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list training sessions in " + sessionsDir, e);
    }
    for (Path file : records) {
      try {
        Config c = ConfigFactory.parseFile(file.toFile());
        Tracked t = new Tracked();
        t.request = new Request(c.getString("session"), AdapterKind.parse(c.getString("adapter")),
            QuantumLayers.Mode.parse(c.getString("mode")), c.getInt("steps"), c.getLong("seed"), c.getBoolean("tiny"));
        t.step = c.getInt("step");
        t.lastLoss = c.hasPath("last-loss") ? c.getDouble("last-loss") : Double.NaN;
        t.circuits = c.getLong("circuits");
        t.quantumSeconds = c.getDouble("quantum-seconds");
        t.wallSeconds = c.getDouble("wall-seconds");
        t.trainableParameters = c.getLong("trainable-parameters");
        t.accuracy = c.hasPath("accuracy") ? c.getDouble("accuracy") : Double.NaN;
        t.checkpoint = c.hasPath("checkpoint") ? c.getString("checkpoint") : null;
        t.message = c.hasPath("message") ? c.getString("message") : null;
        sessions.put(t.request.sessionId(), t);
        String state = c.getString("state");
        if (state.equals("running")) {
          getContext().getLog().info("resuming training session {} from step {}", t.request.sessionId(), t.step);
          spawn(t, settings(t.request));
        } else {
          t.state = TrainerStatus.State.valueOf(state.toUpperCase(Locale.ROOT));
          t.last = switch (t.state) {
            case FINISHED -> new TrainerEvent.Finished(t.request.sessionId(), t.step, t.accuracy, t.checkpoint);
            case STOPPED -> new TrainerEvent.Stopped(t.request.sessionId(), t.step, t.checkpoint);
            default -> new TrainerEvent.Failed(t.request.sessionId(), t.step, t.message);
          };
        }
      } catch (RuntimeException e) {
        getContext().getLog().warn("ignoring the unreadable training session record {}: {}", file, e.getMessage());
      }
    }
  }
}
