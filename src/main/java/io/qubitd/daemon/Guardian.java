package io.qubitd.daemon;

import io.qubitd.chip.ChipActor;
import io.qubitd.config.QubitdConfig;
import io.qubitd.device.ChipSpec;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.scheduler.Gateway;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.Scheduler;
import io.qubitd.scheduler.SchedulerSettings;
import io.qubitd.trainer.TrainerManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The daemon's guardian: once the journal's schema exists it is told to {@link Start}, and wires
 * one ChipActor and Scheduler per configured chip, a Scheduler for the ideal simulator, the
 * Gateway, and the TrainerManager. It holds no other state.
 */
final class Guardian {
  private Guardian() {}

  sealed interface Command permits Start {}

  /** Spawn everything (once) and reply with the gateway and the schedulers. */
  record Start(ActorRef<Started> replyTo) implements Command {}

  record Started(ActorRef<GatewayProtocol.Command> gateway, List<ActorRef<Scheduler.Command>> schedulers,
                 ActorRef<TrainerManager.Command> trainer) {}

  static Behavior<Command> create(QubitdConfig config, SchedulerSettings settings, Duration askTimeout, Path dataDir) {
    return Behaviors.setup(ctx -> Behaviors.receive(Command.class)
        .onMessage(Start.class, s -> {
          Started started = spawnAll(ctx, config, settings, askTimeout, dataDir);
          s.replyTo().tell(started);
          return running(started);
        })
        .build());
  }

  private static Behavior<Command> running(Started started) {
    return Behaviors.receive(Command.class)
        .onMessage(Start.class, again -> {
          again.replyTo().tell(started);
          return Behaviors.same();
        })
        .build();
  }

  private static Started spawnAll(ActorContext<Command> ctx, QubitdConfig config, SchedulerSettings settings,
      Duration askTimeout, Path dataDir) {
    Executor simulation = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("qubitd-simulation-dispatcher"));
    List<Gateway.Backend> backends = new ArrayList<>();
    List<ActorRef<Scheduler.Command>> schedulers = new ArrayList<>();
    for (String name : config.chips()) {
      ChipSpec spec = config.chip(name);
      long seed = config.truthSeed(spec);
      var executor = config.chipExecutor(spec);
      ActorRef<ChipActor.Command> chip = ctx.spawn(
          ChipActor.create(spec, spec.sampleTruth(seed), config.chipSettings(spec), seed, executor, simulation,
              config.calibration().orElse(null)), "chip-" + name);
      ActorRef<Scheduler.Command> scheduler = ctx.spawn(
          Scheduler.create(name, new Scheduler.Chip(spec, chip, executor), settings, simulation), "scheduler-" + name);
      backends.add(new Gateway.Backend(name, scheduler, chip));
      schedulers.add(scheduler);
    }
    ActorRef<Scheduler.Command> ideal = ctx.spawn(
        Scheduler.create("ideal", new Scheduler.Ideal(config.idealExecutor()), settings, simulation),
        "scheduler-ideal");
    backends.add(0, new Gateway.Backend("ideal", ideal, null));
    schedulers.add(ideal);
    ActorRef<GatewayProtocol.Command> gateway = ctx.spawn(Gateway.create(backends, askTimeout), "gateway");
    return new Started(gateway, schedulers, spawnTrainer(ctx, config, dataDir, gateway));
  }

  /** The training sessions of this daemon (of this node, in a cluster), under {@code dataDir}; chip mode uses {@code gateway}. */
  static ActorRef<TrainerManager.Command> spawnTrainer(ActorContext<Command> ctx, QubitdConfig config, Path dataDir,
      ActorRef<GatewayProtocol.Command> gateway) {
    return ctx.spawn(TrainerManager.create(config.root().getConfig("qubitd.trainer"), dataDir, gateway), "trainer");
  }
}
