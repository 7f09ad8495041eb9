package io.qubitd.chip;

import io.qubitd.device.CouplerTruth;
import io.qubitd.device.DriftModel;
import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/** One tunable coupler: its true CZ error, residual ZZ and whether it still works, in emulated time. */
public final class CouplerActor extends AbstractBehavior<CouplerActor.Command> {

  public sealed interface Command permits AdvanceTo, GetTruth {}

  /** Drift to emulated time {@code time}; earlier times are ignored. */
  public record AdvanceTo(double time) implements Command {}

  /** Drift to {@code atTime} if behind, then reply with the truth. */
  public record GetTruth(double atTime, ActorRef<CouplerState> replyTo) implements Command {}

  /** The reply: the truth at emulated time {@code time}. */
  public record CouplerState(int index, CouplerTruth truth, double time) {}

  public static Behavior<Command> create(int index, CouplerTruth initial, double time, DriftModel drift, long seed) {
    return Behaviors.setup(ctx -> new CouplerActor(ctx, index, initial, time, drift, seed));
  }

  private final int index;
  private final DriftModel drift;
  private final SplittableRandom rng;
  private CouplerTruth truth;
  private double time;

  private CouplerActor(ActorContext<Command> ctx, int index, CouplerTruth initial, double time, DriftModel drift, long seed) {
    super(ctx);
    this.index = index;
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
    g.replyTo().tell(new CouplerState(index, truth, time));
    return this;
  }

  private void advanceTo(double t) {
    if (t > time) {
      truth = drift.step(truth, t - time, rng);
      time = t;
    }
  }
}
