package io.qubitd.chip;

import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.QubitTruth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Gathers one consistent snapshot of a chip's truth: asks every qubit and coupler for its
 * state at one emulated time, replies once (or once with the reason it could not), and stops.
 * Modelled on the Pekko tutorial's DeviceGroupQuery.
 */
final class TruthQuery<R> extends AbstractBehavior<TruthQuery.Command> {

  sealed interface Command permits WrappedQubit, WrappedCoupler, Timeout {}

  private record WrappedQubit(QubitActor.QubitState state) implements Command {}

  private record WrappedCoupler(CouplerActor.CouplerState state) implements Command {}

  private enum Timeout implements Command { INSTANCE }

  static Behavior<Command> create(
      List<ActorRef<QubitActor.Command>> qubits, List<ActorRef<CouplerActor.Command>> couplers,
      double atTime, Instant at, double czDuration, Duration timeout, ActorRef<ChipActor.TruthReply> replyTo) {
    return create(qubits, couplers, atTime, at, czDuration, timeout, replyTo, ChipActor.TruthSnapshot::new, ChipActor.TruthUnavailable::new);
  }

  /** As above, answering in the asker's own protocol: {@code found} of the truth, or {@code unavailable} of the reason. */
  static <R> Behavior<Command> create(
      List<ActorRef<QubitActor.Command>> qubits, List<ActorRef<CouplerActor.Command>> couplers,
      double atTime, Instant at, double czDuration, Duration timeout, ActorRef<R> replyTo,
      BiFunction<ChipTruth, Instant, R> found, Function<String, R> unavailable) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new TruthQuery<>(ctx, timers, qubits, couplers, atTime, at, czDuration, timeout, replyTo, found, unavailable)));
  }

  private final double atTime;
  private final Instant at;
  private final double czDuration;
  private final ActorRef<R> replyTo;
  private final BiFunction<ChipTruth, Instant, R> found;
  private final Function<String, R> unavailable;
  private final QubitTruth[] qubitTruths;
  private final CouplerTruth[] couplerTruths;
  private int missing;

  private TruthQuery(ActorContext<Command> ctx, TimerScheduler<Command> timers,
      List<ActorRef<QubitActor.Command>> qubits, List<ActorRef<CouplerActor.Command>> couplers,
      double atTime, Instant at, double czDuration, Duration timeout, ActorRef<R> replyTo,
      BiFunction<ChipTruth, Instant, R> found, Function<String, R> unavailable) {
    super(ctx);
    this.found = found;
    this.unavailable = unavailable;
    this.atTime = atTime;
    this.at = at;
    this.czDuration = czDuration;
    this.replyTo = replyTo;
    this.qubitTruths = new QubitTruth[qubits.size()];
    this.couplerTruths = new CouplerTruth[couplers.size()];
    this.missing = qubits.size() + couplers.size();
    timers.startSingleTimer(Timeout.INSTANCE, timeout);
    ActorRef<QubitActor.QubitState> qa = ctx.messageAdapter(QubitActor.QubitState.class, WrappedQubit::new);
    ActorRef<CouplerActor.CouplerState> ca = ctx.messageAdapter(CouplerActor.CouplerState.class, WrappedCoupler::new);
    for (ActorRef<QubitActor.Command> q : qubits) q.tell(new QubitActor.GetTruth(atTime, qa));
    for (ActorRef<CouplerActor.Command> c : couplers) c.tell(new CouplerActor.GetTruth(atTime, ca));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(WrappedQubit.class, this::onQubit)
        .onMessage(WrappedCoupler.class, this::onCoupler)
        .onMessage(Timeout.class, t -> onTimeout())
        .build();
  }

  private Behavior<Command> onQubit(WrappedQubit w) {
    QubitTruth t = w.state().truth();
    if (qubitTruths[t.qubit()] == null) missing--;
    qubitTruths[t.qubit()] = t;
    return maybeDone();
  }

  private Behavior<Command> onCoupler(WrappedCoupler w) {
    int i = w.state().index();
    if (couplerTruths[i] == null) missing--;
    couplerTruths[i] = w.state().truth();
    return maybeDone();
  }

  private Behavior<Command> maybeDone() {
    if (missing > 0) return this;
    // Couplers drift apart from their qubits: their CZ errors meet the qubits' coherence here.
    ChipTruth truth = new ChipTruth(atTime, List.of(qubitTruths), List.of(couplerTruths)).withCzFollowingCoherence(czDuration);
    replyTo.tell(found.apply(truth, at));
    return Behaviors.stopped();
  }

  private Behavior<Command> onTimeout() {
    TreeSet<String> silent = new TreeSet<>();
    for (int i = 0; i < qubitTruths.length; i++) if (qubitTruths[i] == null) silent.add("qubit " + i);
    for (int i = 0; i < couplerTruths.length; i++) if (couplerTruths[i] == null) silent.add("coupler " + i);
    List<String> names = new ArrayList<>(silent);
    replyTo.tell(unavailable.apply(
        "no answer from " + names.size() + " part(s) of the chip in time: "
            + String.join(", ", names.subList(0, Math.min(8, names.size()))) + (names.size() > 8 ? ", ..." : "")));
    return Behaviors.stopped();
  }
}
