package io.qubitd.cluster;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.qubitd.chip.ChipActor;
import io.qubitd.scheduler.Scheduler;
import io.qubitd.serialization.JsonSerializable;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backend as a sharded entity (type "chip", id = backend name): its ChipActor (with qubits,
 * couplers and calibration) and its Scheduler live together as this entity's children on one node,
 * and move together, the scheduler recovering its jobs from the shared journal, when that node
 * leaves or dies. The noiseless "ideal" backend is an entity too (its journal must have one writer
 * in the cluster), without a chip.
 */
public final class ChipEntity {
  private ChipEntity() {}

  private static final Logger LOG = LoggerFactory.getLogger(ChipEntity.class);

  public static final EntityTypeKey<Command> TYPE = EntityTypeKey.create(Command.class, "chip");

  public sealed interface Command extends JsonSerializable permits ToScheduler, GetCalibration, Wake, Stop, Drained {}

  /** A request for the backend's scheduler (only its public, serializable requests). */
  public record ToScheduler(
      @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
      @JsonSubTypes({
          @JsonSubTypes.Type(value = Scheduler.Submit.class, name = "submit"),
          @JsonSubTypes.Type(value = Scheduler.GetJob.class, name = "get-job"),
          @JsonSubTypes.Type(value = Scheduler.GetResult.class, name = "get-result"),
          @JsonSubTypes.Type(value = Scheduler.Cancel.class, name = "cancel"),
          @JsonSubTypes.Type(value = Scheduler.ListJobs.class, name = "list-jobs"),
          @JsonSubTypes.Type(value = Scheduler.Subscribe.class, name = "subscribe"),
          @JsonSubTypes.Type(value = Scheduler.Unsubscribe.class, name = "unsubscribe"),
          @JsonSubTypes.Type(value = Scheduler.GetStats.class, name = "get-stats"),
          @JsonSubTypes.Type(value = Scheduler.Drain.class, name = "drain")})
      Scheduler.Command command) implements Command {}

  /** The chip's current calibration (a noiseless backend answers that it has none). */
  public record GetCalibration(ActorRef<ChipActor.CalibrationReply> replyTo) implements Command {}

  /** Starts the entity if it is not running; sent by every node at start for every configured backend. */
  public enum Wake implements Command { INSTANCE }

  /** Sharding's hand-off message: let the run on the chip finish (within the drain time), then stop. */
  public enum Stop implements Command { INSTANCE }

  enum Drained implements Command { INSTANCE }

  /** Makes the backend's actors; the entity spawns them as its children. */
  public interface Parts {
    /** The chip's behaviour, or null for a backend without a chip (the noiseless simulator). */
    Behavior<ChipActor.Command> chip(String backend);

    /** The scheduler's behaviour, running on {@code chip} (null without a chip). */
    Behavior<Scheduler.Command> scheduler(String backend, ActorRef<ChipActor.Command> chip);
  }

  /** The entity of {@code backend}; {@code drain} bounds how long a hand-off waits for the run on the chip. */
  public static Behavior<Command> create(String backend, Parts parts, Duration drain) {
    return Behaviors.setup(ctx -> {
      Behavior<ChipActor.Command> chipBehavior = parts.chip(backend);
      ActorRef<ChipActor.Command> chip = chipBehavior == null ? null : ctx.spawn(chipBehavior, "chip");
      ActorRef<Scheduler.Command> scheduler = ctx.spawn(parts.scheduler(backend, chip), "scheduler");
      String node = Cluster.get(ctx.getSystem()).selfMember().address().toString();
      LOG.info("backend {} started on {}", backend, node);
      return Behaviors.receive(Command.class)
          .onMessage(ToScheduler.class, m -> {
            scheduler.tell(m.command());
            return Behaviors.same();
          })
          .onMessage(GetCalibration.class, g -> {
            if (chip == null) {
              g.replyTo().tell(new ChipActor.CalibrationUnavailable("backend '" + backend + "' is a noiseless simulator"));
            } else {
              chip.tell(new ChipActor.GetCalibration(g.replyTo()));
            }
            return Behaviors.same();
          })
          .onMessage(Wake.class, w -> Behaviors.same())
          .onMessage(Stop.class, s -> {
            ctx.ask(Done.class, scheduler, drain, Scheduler.Drain::new, (done, failure) -> Drained.INSTANCE);
            return Behaviors.same();
          })
          .onMessage(Drained.class, d -> {
            LOG.info("backend {} stopped on {}", backend, node);
            return Behaviors.stopped();
          })
          .build();
    });
  }

  /**
   * A local stand-in for a backend's scheduler, for the Gateway: every request goes through sharding
   * to wherever the backend lives now.
   */
  public static Behavior<Scheduler.Command> schedulerProxy(EntityRef<Command> entity) {
    return Behaviors.receive(Scheduler.Command.class)
        .onAnyMessage(c -> {
          entity.tell(new ToScheduler(c));
          return Behaviors.same();
        })
        .build();
  }

  /**
   * A local stand-in for a backend's chip, for the Gateway: calibration queries go through sharding to
   * the chip; the chip's other commands come only from its own entity, so they are refused here.
   */
  public static Behavior<ChipActor.Command> chipProxy(EntityRef<Command> entity) {
    return Behaviors.receive(ChipActor.Command.class)
        .onMessage(ChipActor.GetCalibration.class, g -> {
          entity.tell(new GetCalibration(g.replyTo()));
          return Behaviors.same();
        })
        .onAnyMessage(c -> {
          LOG.warn("{} is not sent to chip {} on another node; only calibration queries are", c, entity.getEntityId());
          return Behaviors.same();
        })
        .build();
  }
}
