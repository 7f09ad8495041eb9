package io.qubitd.cluster;

import io.qubitd.backend.ChipRunResult;
import io.qubitd.scheduler.RegionSimulator;
import io.qubitd.serialization.JsonSerializable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.delivery.WorkPullingProducerController;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The cluster's way into its simulation workers, run as one cluster singleton (a reliable-delivery
 * ConsumerController serves one producer at a time, so every node sharing one producer keeps each
 * worker with one): a reliable-delivery
 * {@link WorkPullingProducerController} that finds every {@link SimulationWorker} through the
 * Receptionist and hands each region to a worker that asked for one. Regions queue here while every
 * worker is busy; adding a node adds its workers, and so throughput.
 */
public final class SimulationPool {
  private SimulationPool() {}

  public sealed interface Command permits Simulate, WorkerReady {}

  /** Queue one region; the worker answers {@link RegionJob#replyTo()} directly. Comes from any node. */
  public record Simulate(RegionJob job) implements Command, JsonSerializable {}

  private record WorkerReady(WorkPullingProducerController.RequestNext<RegionJob> next) implements Command {}

  public static Behavior<Command> create() {
    return Behaviors.setup(ctx -> {
      ActorRef<WorkPullingProducerController.Command<RegionJob>> producer = ctx.spawn(
          WorkPullingProducerController.create(RegionJob.class, "regions-" + UUID.randomUUID(), SimulationWorker.KEY,
              Optional.empty()), "producer-controller");
      producer.tell(new WorkPullingProducerController.Start<>(
          ctx.messageAdapter(WorkPullingProducerController.requestNextClass(), WorkerReady::new)));
      return idle(new ArrayDeque<>());
    });
  }

  private static Behavior<Command> idle(Deque<RegionJob> queued) {
    return Behaviors.receive(Command.class)
        .onMessage(Simulate.class, s -> {
          queued.addLast(s.job());
          return Behaviors.same();
        })
        .onMessage(WorkerReady.class, w -> {
          if (queued.isEmpty()) return ready(queued, w.next());
          w.next().sendNextTo().tell(queued.removeFirst());
          return Behaviors.same();
        })
        .build();
  }

  private static Behavior<Command> ready(Deque<RegionJob> queued, WorkPullingProducerController.RequestNext<RegionJob> next) {
    return Behaviors.receive(Command.class)
        .onMessage(Simulate.class, s -> {
          next.sendNextTo().tell(s.job());
          return idle(queued);
        })
        .build();
  }

  /**
   * The regions of {@code backend}'s runs simulated by the pool; a region not answered within
   * {@code timeout} fails (its run is then abandoned and re-queued by the scheduler).
   */
  public static RegionSimulator regions(String backend, ActorRef<Command> pool, ActorSystem<?> system, Duration timeout) {
    return (compiled, logical, truth, shots, seed, version) -> {
      Function<ActorRef<RegionJob.Reply>, Command> ask =
          replyTo -> new Simulate(RegionJob.of(backend, compiled, logical, truth, shots, seed, version, replyTo));
      CompletableFuture<RegionJob.Reply> reply =
          AskPattern.ask(pool, ask::apply, timeout, system.scheduler()).toCompletableFuture();
      return reply.thenApply(SimulationPool::result);
    };
  }

  private static ChipRunResult result(RegionJob.Reply reply) {
    if (reply instanceof RegionJob.Simulated s) return s.result();
    throw new CompletionException(new IllegalStateException(((RegionJob.Failed) reply).reason()));
  }
}
