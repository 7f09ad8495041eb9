package io.qubitd.chip;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.backend.ChipRunResult;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipTruth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One chip run: takes one consistent truth snapshot of the chip, simulates the circuit on the
 * simulation executor (never on the actor's thread), replies once and stops.
 */
final class ChipRun extends AbstractBehavior<ChipRun.Command> {

  sealed interface Command permits TruthArrived, Simulated {}

  private record TruthArrived(ChipActor.TruthReply reply) implements Command {}

  private record Simulated(ChipRunResult result, Throwable failure) implements Command {}

  static Behavior<Command> create(ActorRef<ChipActor.Command> chip, String backend, ChipExecutor executor,
      CalibrationSnapshot published, ChipActor.Run request, Executor simulation) {
    return Behaviors.setup(ctx -> new ChipRun(ctx, chip, backend, executor, published, request, simulation));
  }

  private final String backend;
  private final ChipExecutor executor;
  private final CalibrationSnapshot published;
  private final ChipActor.Run request;
  private final Executor simulation;

  private ChipRun(ActorContext<Command> ctx, ActorRef<ChipActor.Command> chip, String backend, ChipExecutor executor,
      CalibrationSnapshot published, ChipActor.Run request, Executor simulation) {
    super(ctx);
    this.backend = backend;
    this.executor = executor;
    this.published = published;
    this.request = request;
    this.simulation = simulation;
    chip.tell(new ChipActor.GetTruth(ctx.messageAdapter(ChipActor.TruthReply.class, TruthArrived::new)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(TruthArrived.class, this::onTruth)
        .onMessage(Simulated.class, this::onSimulated)
        .build();
  }

  private Behavior<Command> onTruth(TruthArrived t) {
    if (t.reply() instanceof ChipActor.TruthUnavailable u) {
      request.replyTo().tell(new ChipActor.RunFailed("the chip did not answer: " + u.reason()));
      return Behaviors.stopped();
    }
    ChipActor.TruthSnapshot now = (ChipActor.TruthSnapshot) t.reply();
    ChipTruth truth = now.truth();
    // Until calibration publishes, the compiler sees the truth (version 0), as a fresh chip would be described.
    CalibrationSnapshot snapshot = published != null ? published : ChipActor.truthAsSnapshot(backend, now);
    getContext().pipeToSelf(
        CompletableFuture.supplyAsync(
            () -> executor.run(request.circuit(), snapshot, truth, request.shots(), request.seed(), null, request.method()), simulation),
        Simulated::new);
    return this;
  }

  private Behavior<Command> onSimulated(Simulated s) {
    if (s.failure() != null) {
      Throwable cause = s.failure() instanceof CompletionException && s.failure().getCause() != null
          ? s.failure().getCause() : s.failure();
      request.replyTo().tell(new ChipActor.RunFailed(
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
    } else {
      request.replyTo().tell(new ChipActor.RunSucceeded(s.result()));
    }
    return Behaviors.stopped();
  }
}
