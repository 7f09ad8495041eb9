package io.qubitd.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Asks several actors one question each, waits for every answer or the timeout, hands what arrived
 * to {@code finish} once, and stops (DeviceGroupQuery style). The gateway's fan-out queries use it.
 */
final class Gather<R> extends AbstractBehavior<Gather.Command> {

  sealed interface Command permits Arrived, Timeout {}

  private record Arrived(Object reply) implements Command {}

  private enum Timeout implements Command { INSTANCE }

  /**
   * @param asks   each sends its question, with the given reply address, to one actor
   * @param finish receives the answers that came in time (fewer than asks.size() after a timeout)
   */
  static <R> Behavior<Command> create(Class<R> replyType, List<Consumer<ActorRef<R>>> asks, Duration timeout,
      Consumer<List<R>> finish) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(Timeout.INSTANCE, timeout);
      return new Gather<>(ctx, replyType, asks, finish);
    }));
  }

  /** One question to one actor. */
  static <T, R> Consumer<ActorRef<R>> ask(ActorRef<T> target, Function<ActorRef<R>, T> question) {
    return replyTo -> target.tell(question.apply(replyTo));
  }

  private final Class<R> replyType;
  private final int expected;
  private final Consumer<List<R>> finish;
  private final List<R> replies = new ArrayList<>();

  private Gather(ActorContext<Command> ctx, Class<R> replyType, List<Consumer<ActorRef<R>>> asks, Consumer<List<R>> finish) {
    super(ctx);
    this.replyType = replyType;
    this.expected = asks.size();
    this.finish = finish;
    ActorRef<R> adapter = ctx.messageAdapter(replyType, Arrived::new);
    asks.forEach(a -> a.accept(adapter));
    if (expected == 0) ctx.getSelf().tell(Timeout.INSTANCE);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Arrived.class, this::onArrived)
        .onMessage(Timeout.class, t -> done())
        .build();
  }

  private Behavior<Command> onArrived(Arrived a) {
    replies.add(replyType.cast(a.reply()));
    return replies.size() == expected ? done() : this;
  }

  private Behavior<Command> done() {
    finish.accept(List.copyOf(replies));
    return Behaviors.stopped();
  }
}
