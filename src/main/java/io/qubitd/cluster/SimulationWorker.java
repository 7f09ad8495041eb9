package io.qubitd.cluster;

import io.qubitd.backend.ChipRunResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.delivery.ConsumerController;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One simulation worker of the cluster's pool: registers with the Receptionist (through its
 * reliable-delivery ConsumerController) under {@link #KEY}, and pulls one {@link RegionJob} at a
 * time from every node's {@link SimulationPool}; it confirms a region only once it has answered it,
 * so a worker that dies mid-region has its region re-sent to another.
 */
public final class SimulationWorker {
  private SimulationWorker() {}

  public static final ServiceKey<ConsumerController.Command<RegionJob>> KEY =
      ServiceKey.create(ConsumerController.serviceKeyClass(), "qubitd-simulation-workers");

  public sealed interface Command permits Delivered, Finished {}

  private record Delivered(ConsumerController.Delivery<RegionJob> delivery) implements Command {}

  private record Finished(ConsumerController.Delivery<RegionJob> delivery, ChipRunResult result, Throwable failure)
      implements Command {}

  /** @param simulation where simulations run (never the actors' default dispatcher) */
  public static Behavior<Command> create(ChipLibrary chips, Executor simulation) {
    return Behaviors.setup(ctx -> {
      ActorRef<ConsumerController.Delivery<RegionJob>> deliveries =
          ctx.messageAdapter(ConsumerController.deliveryClass(), Delivered::new);
      ActorRef<ConsumerController.Command<RegionJob>> consumer =
          ctx.spawn(ConsumerController.create(KEY), "consumer-controller");
      consumer.tell(new ConsumerController.Start<>(deliveries));
      return Behaviors.receive(Command.class)
          .onMessage(Delivered.class, d -> onDelivered(ctx, chips, simulation, d.delivery()))
          .onMessage(Finished.class, SimulationWorker::onFinished)
          .build();
    });
  }

  private static Behavior<Command> onDelivered(ActorContext<Command> ctx, ChipLibrary chips, Executor simulation,
      ConsumerController.Delivery<RegionJob> d) {
    RegionJob job = d.message();
    ctx.pipeToSelf(CompletableFuture.supplyAsync(
            () -> job.simulate(chips.executor(job.backend()), chips.spec(job.backend()).durations()), simulation),
        (result, failure) -> new Finished(d, result, failure));
    return Behaviors.same();
  }

  private static Behavior<Command> onFinished(Finished f) {
    RegionJob job = f.delivery().message();
    if (f.failure() == null) {
      job.replyTo().tell(new RegionJob.Simulated(f.result()));
    } else {
      Throwable cause = f.failure() instanceof CompletionException && f.failure().getCause() != null
          ? f.failure().getCause() : f.failure();
      job.replyTo().tell(new RegionJob.Failed(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
    }
    f.delivery().confirmTo().tell(ConsumerController.confirmed());
    return Behaviors.same();
  }
}
