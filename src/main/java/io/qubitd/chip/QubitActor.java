package io.qubitd.chip;

import io.qubitd.device.DriftModel;
import io.qubitd.device.QubitTruth;
import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One physical qubit: its true parameters, drifting in emulated time. Time is absolute and
 * only moves forward, so a truth request stamped with a time brings the qubit there first;
 * that makes every snapshot of the chip consistent whatever order messages arrive in.
 */
public final class QubitActor extends AbstractBehavior<QubitActor.Command> {

  public sealed interface Command permits AdvanceTo, GetTruth {}

  /** Drift to emulated time {@code time} (seconds since the chip was sampled); earlier times are ignored. */
  public record AdvanceTo(double time) implements Command {}

  /** Drift to {@code atTime} if behind, then reply with the truth. */
  public record GetTruth(double atTime, ActorRef<QubitState> replyTo) implements Command {}

  /** The reply: the truth at emulated time {@code time}. */
  public record QubitState(QubitTruth truth, double time) {}

  public static Behavior<Command> create(QubitTruth initial, double time, DriftModel drift, long seed) {
    return Behaviors.setup(ctx -> new QubitActor(ctx, initial, time, drift, seed));
  }

  private final DriftModel drift;
  private final SplittableRandom rng;
  private QubitTruth truth;
  private double time;

  private QubitActor(ActorContext<Command> ctx, QubitTruth initial, double time, DriftModel drift, long seed) {
    super(ctx);
    this.truth = initial;
    this.time = time;
    this.drift = drift;
    this.rng = new SplittableRandom(seed);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(AdvanceTo.class, this::onAdvanceTo)
        .onMessage(GetTruth.class, this::onGetTruth)
        .build();
  }

  private Behavior<Command> onAdvanceTo(AdvanceTo a) {
    advanceTo(a.time());
    return this;
  }

  private Behavior<Command> onGetTruth(GetTruth g) {
    advanceTo(g.atTime());
    g.replyTo().tell(new QubitState(truth, time));
    return this;
  }

  private void advanceTo(double t) {
    if (t > time) {
      truth = drift.step(truth, t - time, rng);
      time = t;
    }
  }
}
