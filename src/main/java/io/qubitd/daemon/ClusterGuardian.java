package io.qubitd.daemon;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.chip.ChipActor;
import io.qubitd.cluster.ChipEntity;
import io.qubitd.cluster.ChipLibrary;
import io.qubitd.cluster.ClusterSettings;
import io.qubitd.cluster.SimulationPool;
import io.qubitd.cluster.SimulationWorker;
import io.qubitd.config.QubitdConfig;
import io.qubitd.device.ChipSpec;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.scheduler.BatchRun;
import io.qubitd.scheduler.Gateway;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.RegionSimulator;
import io.qubitd.scheduler.Scheduler;
import io.qubitd.scheduler.SchedulerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * The guardian of a cluster node: starts sharding of the backends (entity type "chip"), wakes every
 * configured backend, runs this node's simulation workers and the pool its chips' runs hand regions
 * to (which uses every node's workers), and a Gateway whose backends
 * are local stand-ins routing through sharding. Chips and schedulers live wherever sharding puts
 * them; this node drains none itself (sharding's hand-off does, see {@link ChipEntity.Stop}).
 */
final class ClusterGuardian {
  private ClusterGuardian() {}

  static Behavior<Guardian.Command> create(QubitdConfig config, SchedulerSettings settings, Duration askTimeout,
      ClusterSettings cluster, Path dataDir) {
    return Behaviors.setup(ctx -> Behaviors.receive(Guardian.Command.class)
        .onMessage(Guardian.Start.class, s -> {
          Guardian.Started started = spawnAll(ctx, config, settings, askTimeout, cluster, dataDir);
          s.replyTo().tell(started);
          return Behaviors.receive(Guardian.Command.class)
              .onMessage(Guardian.Start.class, again -> {
                again.replyTo().tell(started);
                return Behaviors.same();
              })
              .build();
        })
        .build());
  }

  private static Guardian.Started spawnAll(ActorContext<Guardian.Command> ctx, QubitdConfig config,
      SchedulerSettings settings, Duration askTimeout, ClusterSettings cluster, Path dataDir) {
    ActorSystem<Void> system = ctx.getSystem();
    Cluster node = Cluster.get(system);
    if (system.settings().config().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      node.manager().tell(Join.create(node.selfMember().address()));
    }
    Executor simulation = system.dispatchers().lookup(DispatcherSelector.fromConfig("qubitd-simulation-dispatcher"));
    ChipLibrary chips = new ChipLibrary(config);
    ActorRef<SimulationPool.Command> pool = null;
    if (cluster.workPulling()) {
      pool = ctx.spawn(SimulationPool.create(cluster.regionTimeout()), "simulation-pool");
      for (int i = 0; i < cluster.simulationWorkers(); i++) {
        ctx.spawn(SimulationWorker.create(chips, simulation), "simulation-worker-" + i);
      }
    }
    ChipEntity.Parts parts = new Parts(config, chips, settings, simulation, pool, system);
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(ChipEntity.TYPE, e -> ChipEntity.create(e.getEntityId(), parts, cluster.handoffDrain()))
        .withStopMessage(ChipEntity.Stop.INSTANCE));

    List<String> names = new ArrayList<>();
    names.add("ideal");
    for (String name : config.chips()) {
      chips.spec(name);  // an unknown chip is an error at start, not at its first job
      names.add(name);
    }
    List<Gateway.Backend> backends = new ArrayList<>();
    for (String name : names) {
      EntityRef<ChipEntity.Command> entity = sharding.entityRefFor(ChipEntity.TYPE, name);
      entity.tell(ChipEntity.Wake.INSTANCE);
      ActorRef<Scheduler.Command> scheduler = ctx.spawn(ChipEntity.schedulerProxy(entity), "scheduler-" + name);
      ActorRef<ChipActor.Command> chip = name.equals("ideal") ? null : ctx.spawn(ChipEntity.chipProxy(entity), "chip-" + name);
      backends.add(new Gateway.Backend(name, scheduler, chip));
    }
    ActorRef<GatewayProtocol.Command> gateway = ctx.spawn(Gateway.create(backends, askTimeout), "gateway");
    // training sessions are per node: each node trains with its own data directory, through the cluster's chips
    return new Guardian.Started(gateway, List.of(), Guardian.spawnTrainer(ctx, config, dataDir, gateway));
  }

  /** A backend's actors as the chip entity spawns them, wherever it lives; chip runs simulate on the pool (null: locally). */
  private record Parts(QubitdConfig config, ChipLibrary chips, SchedulerSettings settings, Executor simulation,
      ActorRef<SimulationPool.Command> pool, ActorSystem<?> system) implements ChipEntity.Parts {

    @Override
    public Behavior<ChipActor.Command> chip(String backend) {
      if (backend.equals("ideal")) return null;
      ChipSpec spec = chips.spec(backend);
      long seed = config.truthSeed(spec);
      return ChipActor.create(spec, spec.sampleTruth(seed), config.chipSettings(spec), seed, chips.executor(backend),
          simulation, config.calibration().orElse(null));
    }

    @Override
    public Behavior<Scheduler.Command> scheduler(String backend, ActorRef<ChipActor.Command> chip) {
      if (chip == null) {
        return Scheduler.create(backend, new Scheduler.Ideal(config.idealExecutor()), settings, simulation);
      }
      ChipSpec spec = chips.spec(backend);
      ChipExecutor executor = chips.executor(backend);
      var target = new BatchRun.ChipTarget(chip, executor, spec.topology(),
          settings.packing() ? settings.maxCircuitsPerRun() : 1, settings.packingMargin());
      // null: regions simulate on this node, stoppable and admitted by memory
      RegionSimulator regions = pool == null ? null : SimulationPool.regions(backend, pool, system, settings.runTimeout());
      return Scheduler.create(backend, new Scheduler.Chip(spec, chip, executor), settings, simulation,
          (tasks, replyTo) -> BatchRun.onChip(target, tasks, BatchRun.Limits.of(settings), simulation, regions, replyTo));
    }
  }
}
