package io.qubitd.scheduler;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.chip.ChipActor;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.Topology;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One chip run (DeviceGroupQuery style): gathers the chip's calibration snapshot and one noise
 * snapshot of its truth, packs the offered circuits onto disjoint regions, simulates the regions in
 * parallel on the simulation executor, replies once to the scheduler and stops. On the ideal
 * backend there is nothing to gather: each circuit is one task of the same shape.
 */
public final class BatchRun extends AbstractBehavior<BatchRun.Command> {

  public sealed interface Command permits CalibrationArrived, TruthArrived, Simulated, Timeout {}

  private record CalibrationArrived(ChipActor.CalibrationReply reply) implements Command {}

  private record TruthArrived(ChipActor.TruthReply reply) implements Command {}

  private record Simulated(Completed outcome, Throwable failure) implements Command {}

  private enum Timeout implements Command { INSTANCE }

  /** One circuit offered to a run: job, index in the job, what to run, and the seed of its shots. */
  public record Task(String jobId, int index, CircuitSpec circuit, boolean memory, long seed) {}

  /** The single reply of a run. */
  public sealed interface Outcome permits Completed, Abandoned {}

  /**
   * The run happened.
   *
   * @param deferred   offered circuits that did not fit beside the others; they wait for a later run
   * @param snapshot   the calibration the circuits were compiled against (null on the ideal backend)
   * @param busyQubits physical qubits holding a circuit during the run (0 on the ideal backend)
   * @param chipSeconds time the chip spends on a family run (shots × schedule, slowest region); 0 otherwise
   */
  public record Completed(List<Done> done, List<Failure> failed, List<Task> deferred, CalibrationSnapshot snapshot,
      int busyQubits, double chipSeconds) implements Outcome {

    public Completed(List<Done> done, List<Failure> failed, List<Task> deferred, CalibrationSnapshot snapshot, int busyQubits) {
      this(done, failed, deferred, snapshot, busyQubits, 0);
    }
  }

  /** Nothing ran (the chip did not answer, or the run overran its time); every task goes back to the queue. */
  public record Abandoned(String reason) implements Outcome {}

  public record Done(Task task, CircuitResult result) {}

  public record Failure(Task task, String reason) {}

  /**
   * A chip to run on.
   *
   * @param maxRegions circuits one run may hold (1 turns packing off)
   * @param margin     couplers kept between two regions
   */
  public record ChipTarget(ActorRef<ChipActor.Command> chip, ChipExecutor executor, Topology topology, int maxRegions,
      int margin) {}

  /** A run on a chip; {@code chipTimeout} bounds the gathering, {@code runTimeout} the simulations. */
  public static Behavior<Command> onChip(ChipTarget target, List<Task> tasks, Duration chipTimeout, Duration runTimeout,
      Executor simulation, ActorRef<Outcome> replyTo) {
    return onChip(target, tasks, chipTimeout, runTimeout, simulation,
        RegionSimulator.local(target.executor(), simulation), replyTo);
  }

  /** As above, with the packed regions simulated by {@code regions} (packing still runs on {@code simulation}). */
  public static Behavior<Command> onChip(ChipTarget target, List<Task> tasks, Duration chipTimeout, Duration runTimeout,
      Executor simulation, RegionSimulator regions, ActorRef<Outcome> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new BatchRun(ctx, timers, target, null, regions, tasks, runTimeout, simulation, replyTo, chipTimeout)));
  }

  /** A run on the noiseless simulator: every task in parallel. */
  public static Behavior<Command> onIdeal(IdealSimulator simulator, List<Task> tasks, Duration runTimeout,
      Executor simulation, ActorRef<Outcome> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new BatchRun(ctx, timers, null, simulator, null, tasks, runTimeout, simulation, replyTo, runTimeout)));
  }

  private final TimerScheduler<Command> timers;
  private final ChipTarget target;
  private final RegionSimulator regions;
  private final List<Task> tasks;
  private final Duration runTimeout;
  private final Executor simulation;
  private final ActorRef<Outcome> replyTo;
  private CalibrationSnapshot snapshot;
  private ChipTruth truth;

  private BatchRun(ActorContext<Command> ctx, TimerScheduler<Command> timers, ChipTarget target, IdealSimulator ideal,
      RegionSimulator regions, List<Task> tasks, Duration runTimeout, Executor simulation, ActorRef<Outcome> replyTo,
      Duration firstTimeout) {
    super(ctx);
    this.timers = timers;
    this.target = target;
    this.regions = regions;
    this.tasks = List.copyOf(tasks);
    this.runTimeout = runTimeout;
    this.simulation = simulation;
    this.replyTo = replyTo;
    timers.startSingleTimer(Timeout.INSTANCE, firstTimeout);
    if (target == null) {
      ctx.pipeToSelf(BatchWork.ideal(ideal, this.tasks, simulation), Simulated::new);
    } else {
      target.chip().tell(new ChipActor.GetCalibration(ctx.messageAdapter(ChipActor.CalibrationReply.class, CalibrationArrived::new)));
      target.chip().tell(new ChipActor.GetTruth(ctx.messageAdapter(ChipActor.TruthReply.class, TruthArrived::new)));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(CalibrationArrived.class, this::onCalibration)
        .onMessage(TruthArrived.class, this::onTruth)
        .onMessage(Simulated.class, this::onSimulated)
        .onMessage(Timeout.class, t -> onTimeout())
        .build();
  }

  private Behavior<Command> onCalibration(CalibrationArrived c) {
    if (c.reply() instanceof ChipActor.CalibrationUnavailable u) return abandon("no calibration from the chip: " + u.reason());
    snapshot = ((ChipActor.CurrentCalibration) c.reply()).snapshot();
    return maybeSimulate();
  }

  private Behavior<Command> onTruth(TruthArrived t) {
    if (t.reply() instanceof ChipActor.TruthUnavailable u) return abandon("no noise snapshot from the chip: " + u.reason());
    truth = ((ChipActor.TruthSnapshot) t.reply()).truth();
    return maybeSimulate();
  }

  private Behavior<Command> maybeSimulate() {
    if (snapshot == null || truth == null) return this;
    timers.startSingleTimer(Timeout.INSTANCE, runTimeout);
    getContext().pipeToSelf(BatchWork.chip(target, snapshot, truth, tasks, simulation, regions), Simulated::new);
    return this;
  }

  private Behavior<Command> onSimulated(Simulated s) {
    if (s.failure() != null) {
      Throwable cause = s.failure() instanceof CompletionException && s.failure().getCause() != null
          ? s.failure().getCause() : s.failure();
      return abandon("the run failed: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
    }
    replyTo.tell(s.outcome());
    return Behaviors.stopped();
  }

  private Behavior<Command> onTimeout() {
    String phase = target != null && (snapshot == null || truth == null) ? "the chip did not answer" : "the simulations did not finish";
    return abandon(phase + " in time");
  }

  private Behavior<Command> abandon(String reason) {
    replyTo.tell(new Abandoned(reason));
    return Behaviors.stopped();
  }
}
