package io.qubitd.cluster;

import io.qubitd.backend.ChipRunResult;
import io.qubitd.serialization.JsonSerializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One simulation worker of the cluster: registers with the Receptionist under {@link #KEY}, and
 * simulates the regions the nodes' {@link SimulationPool}s hand it, one at a time in arrival order
 * (each pool hands it one region at a time, so it queues at most one per pool), answering each
 * region to the pool that sent it.
 */
public final class SimulationWorker {
  private SimulationWorker() {}

  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "qubitd-simulation-workers");

  public sealed interface Command permits Assign, Stop, Finished {}

  /** Simulate region {@code id} and answer {@code pool} with a {@link SimulationPool.Result}. */
  public record Assign(String id, RegionJob job, ActorRef<SimulationPool.Command> pool) implements Command, JsonSerializable {}

  /** Stop simulating region {@code id}: its run no longer wants it. */
  public record Stop(String id) implements Command, JsonSerializable {}

  private record Finished(Assign region, ChipRunResult result, Throwable failure) implements Command {}

  /** The thread simulating the worker's current region, to interrupt when that region is stopped. */
  private static final class Current {
    private String id;
    private Thread thread;
    private String stopped;

    synchronized void begin(String region) {
      id = region;
      thread = Thread.currentThread();
      if (region.equals(stopped)) thread.interrupt();
    }

    synchronized void end() {
      id = null;
      thread = null;
      // an interrupt meant for this region must not reach the next task the pooled thread runs
      Thread.interrupted();
    }

    synchronized void stop(String region) {
      stopped = region;
      if (region.equals(id)) thread.interrupt();
    }
  }

  /** @param simulation where simulations run (never the actors' default dispatcher) */
  public static Behavior<Command> create(ChipLibrary chips, Executor simulation) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      Deque<Assign> waiting = new ArrayDeque<>();
      Current current = new Current();
      return Behaviors.receive(Command.class)
          .onMessage(Assign.class, a -> {
            waiting.addLast(a);
            if (waiting.size() == 1) start(ctx, chips, simulation, a, current);
            return Behaviors.same();
          })
          .onMessage(Stop.class, s -> {
            if (!waiting.isEmpty() && waiting.peekFirst().id().equals(s.id())) {
              current.stop(s.id());
            } else {
              waiting.removeIf(a -> a.id().equals(s.id()));
            }
            return Behaviors.same();
          })
          .onMessage(Finished.class, f -> {
            f.region().pool().tell(new SimulationPool.Result(f.region().id(), ctx.getSelf(), reply(f)));
            waiting.removeFirst();
            if (!waiting.isEmpty()) start(ctx, chips, simulation, waiting.peekFirst(), current);
            return Behaviors.same();
          })
          .build();
    });
  }

  private static void start(ActorContext<Command> ctx, ChipLibrary chips, Executor simulation, Assign a, Current current) {
    RegionJob job = a.job();
    ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> {
          current.begin(a.id());
          try {
            return job.simulate(chips.executor(job.backend()), chips.spec(job.backend()).durations());
          } finally {
            current.end();
          }
        }, simulation),
        (result, failure) -> new Finished(a, result, failure));
  }

  private static RegionJob.Reply reply(Finished f) {
    if (f.failure() == null) return new RegionJob.Simulated(f.result());
    Throwable cause = f.failure() instanceof CompletionException && f.failure().getCause() != null
        ? f.failure().getCause() : f.failure();
    return new RegionJob.Failed(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
  }
}
