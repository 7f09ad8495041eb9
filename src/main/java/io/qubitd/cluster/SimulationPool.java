package io.qubitd.cluster;

import io.qubitd.backend.ChipRunResult;
import io.qubitd.circuit.Circuit;
import io.qubitd.compile.CompiledCircuit;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipTruth;
import io.qubitd.kernel.MethodChooser;
import io.qubitd.scheduler.RegionSimulator;
import io.qubitd.serialization.JsonSerializable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's way into the cluster's simulation workers: finds every {@link SimulationWorker} through
 * the Receptionist and hands each worker one region at a time, the next only once the worker has
 * answered the last (so a node with more workers takes more regions, and adding nodes adds
 * throughput). A region whose worker dies (watched; its node downed) or does not answer within the
 * region timeout goes to another worker; results are matched by region id and the first one wins,
 * so a late duplicate is ignored. Regions queue here while every worker is busy.
 *
 * <p>One pool per node rather than one cluster singleton: a node's death then takes with it only
 * the pool of its own chips' runs (which their next home re-runs), never the regions of chips that
 * live elsewhere. The pools share the workers, each worker queueing the regions of several pools in
 * arrival order.
 */
public final class SimulationPool {
  private SimulationPool() {}

  private static final Logger LOG = LoggerFactory.getLogger(SimulationPool.class);

  public sealed interface Command permits Simulate, Result, Cancel, WorkersChanged, WorkerGone, RegionOverdue {}

  /**
   * Queue one region; its answer goes to {@link RegionJob#replyTo()}. A region still queued after
   * {@code timeout} is dropped (its asker has given up).
   */
  public record Simulate(String id, RegionJob job, Duration timeout) implements Command, JsonSerializable {}

  /** A worker's answer to region {@code id}; the worker is then free for the next region. */
  public record Result(String id, ActorRef<SimulationWorker.Command> worker, RegionJob.Reply reply)
      implements Command, JsonSerializable {}

  /** Region {@code id} is no longer wanted (its job was stopped or its circuit overran): drop it, and stop the workers on it. */
  public record Cancel(String id) implements Command, JsonSerializable {}

  private record WorkersChanged(Receptionist.Listing listing) implements Command {}

  private record WorkerGone(ActorRef<SimulationWorker.Command> worker) implements Command {}

  private record RegionOverdue(String id, ActorRef<SimulationWorker.Command> worker) implements Command {}

  /** @param regionTimeout how long a worker may take on one region before it goes to another worker too */
  public static Behavior<Command> create(Duration regionTimeout) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(SimulationWorker.KEY,
          ctx.messageAdapter(Receptionist.Listing.class, WorkersChanged::new)));
      return new Pool(ctx, timers, regionTimeout).behavior();
    }));
  }

  private record Pending(String id, RegionJob job, long deadlineNanos) {}

  private static final class Pool {
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final Duration regionTimeout;
    private final Deque<Pending> queued = new ArrayDeque<>();
    private final Map<String, Pending> outstanding = new HashMap<>();
    private final Set<ActorRef<SimulationWorker.Command>> workers = new LinkedHashSet<>();
    private final Map<ActorRef<SimulationWorker.Command>, String> busy = new HashMap<>();
    // longest idle first, so the regions of successive runs go round every worker
    private final Deque<ActorRef<SimulationWorker.Command>> idle = new ArrayDeque<>();

    Pool(ActorContext<Command> ctx, TimerScheduler<Command> timers, Duration regionTimeout) {
      this.ctx = ctx;
      this.timers = timers;
      this.regionTimeout = regionTimeout;
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(Simulate.class, this::onSimulate)
          .onMessage(Result.class, this::onResult)
          .onMessage(Cancel.class, this::onCancel)
          .onMessage(WorkersChanged.class, this::onWorkersChanged)
          .onMessage(WorkerGone.class, g -> onGone(g.worker()))
          .onMessage(RegionOverdue.class, this::onOverdue)
          .build();
    }

    private Behavior<Command> onSimulate(Simulate s) {
      Pending p = new Pending(s.id(), s.job(), System.nanoTime() + s.timeout().toNanos());
      outstanding.put(p.id(), p);
      queued.addLast(p);
      return dispatch();
    }

    private Behavior<Command> onResult(Result r) {
      if (r.id().equals(busy.get(r.worker()))) {
        busy.remove(r.worker());
        timers.cancel(r.id() + "@" + r.worker().path());
        idle.addLast(r.worker());
      }
      Pending p = outstanding.remove(r.id());
      if (p != null) {
        queued.remove(p);
        p.job().replyTo().tell(r.reply());
      }
      return dispatch();
    }

    private Behavior<Command> onCancel(Cancel c) {
      Pending p = outstanding.remove(c.id());
      if (p != null) queued.remove(p);
      // a region handed on when overdue may be on several workers; each stays busy until it answers
      busy.forEach((worker, id) -> {
        if (id.equals(c.id())) worker.tell(new SimulationWorker.Stop(c.id()));
      });
      return Behaviors.same();
    }

    private Behavior<Command> onWorkersChanged(WorkersChanged w) {
      Set<ActorRef<SimulationWorker.Command>> listed = new HashSet<>(w.listing().getServiceInstances(SimulationWorker.KEY));
      for (ActorRef<SimulationWorker.Command> worker : listed) {
        // watched as well: the listing may drop a dead worker later than its node's downing tells the watch
        if (workers.add(worker)) {
          ctx.watchWith(worker, new WorkerGone(worker));
          idle.addLast(worker);
        }
      }
      for (ActorRef<SimulationWorker.Command> worker : Set.copyOf(workers)) {
        if (!listed.contains(worker)) onGone(worker);
      }
      return dispatch();
    }

    private Behavior<Command> onGone(ActorRef<SimulationWorker.Command> worker) {
      if (!workers.remove(worker)) return Behaviors.same();
      ctx.unwatch(worker);
      idle.remove(worker);
      String id = busy.remove(worker);
      if (id != null) {
        timers.cancel(id + "@" + worker.path());
        if (outstanding.containsKey(id)) LOG.info("region {} handed on: its worker {} is gone", id, worker.path());
        requeue(id);
      }
      return dispatch();
    }

    private Behavior<Command> onOverdue(RegionOverdue o) {
      // the worker keeps the region (and stays busy): whichever of it and the next worker answers first wins
      if (o.id().equals(busy.get(o.worker())) && outstanding.containsKey(o.id())) {
        LOG.info("region {} handed on: its worker {} has not answered in {}", o.id(), o.worker().path(), regionTimeout);
        requeue(o.id());
      }
      return dispatch();
    }

    private void requeue(String id) {
      Pending p = outstanding.get(id);
      if (p != null && !queued.contains(p)) queued.addFirst(p);
    }

    private Behavior<Command> dispatch() {
      long now = System.nanoTime();
      while (!idle.isEmpty() && !queued.isEmpty()) {
        Pending next = null;
        while (next == null && !queued.isEmpty()) {
          Pending p = queued.removeFirst();
          if (p.deadlineNanos() - now > 0) {
            next = p;
          } else {
            outstanding.remove(p.id());
          }
        }
        if (next == null) break;
        ActorRef<SimulationWorker.Command> worker = idle.removeFirst();
        busy.put(worker, next.id());
        LOG.debug("region {} to worker {}", next.id(), worker.path());
        worker.tell(new SimulationWorker.Assign(next.id(), next.job(), ctx.getSelf()));
        timers.startSingleTimer(next.id() + "@" + worker.path(), new RegionOverdue(next.id(), worker), regionTimeout);
      }
      return Behaviors.same();
    }
  }

  /**
   * The regions of {@code backend}'s runs simulated by the pool, each by the method its job asked for
   * (the worker's result says which ran); a region not answered within {@code timeout} fails (its run is
   * then abandoned and re-queued by the scheduler).
   */
  public static RegionSimulator regions(String backend, ActorRef<Command> pool, ActorSystem<?> system, Duration timeout) {
    return new RegionSimulator() {
      @Override
      public CompletableFuture<ChipRunResult> simulate(CompiledCircuit compiled, Circuit logical, ChipTruth truth, int shots,
          long seed, CalibrationSnapshot snapshot) {
        return simulate(compiled, logical, truth, shots, seed, snapshot, MethodChooser.AUTO);
      }

      @Override
      public CompletableFuture<ChipRunResult> simulate(CompiledCircuit compiled, Circuit logical, ChipTruth truth, int shots,
          long seed, CalibrationSnapshot snapshot, String method) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<RegionJob.Reply> reply = AskPattern.<Command, RegionJob.Reply>ask(pool,
            replyTo -> new Simulate(id, RegionJob.of(backend, compiled, logical, truth, shots, seed, snapshot, method, replyTo),
                timeout),
            timeout, system.scheduler()).toCompletableFuture();
        CompletableFuture<ChipRunResult> out = reply.thenApply(SimulationPool::result);
        // the run stops a region by failing this future with a CancellationException: the workers stop too
        out.whenComplete((r, e) -> {
          if (e instanceof java.util.concurrent.CancellationException) pool.tell(new Cancel(id));
        });
        return out;
      }
    };
  }

  private static ChipRunResult result(RegionJob.Reply reply) {
    if (reply instanceof RegionJob.Simulated s) return s.result();
    throw new CompletionException(new IllegalStateException(((RegionJob.Failed) reply).reason()));
  }
}
