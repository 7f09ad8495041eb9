package io.qubitd.scheduler;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.chip.ChipActor;
import io.qubitd.circuit.qasm.QasmSettings;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.Topology;
import io.qubitd.backend.IdealExecutor;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
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

  public sealed interface Command permits StopJob, CalibrationArrived, TruthArrived, Simulated, Timeout, CheckOverdue {}

  /** Stops the simulations of a job (cancelled): its circuits end as failures, the others run on. */
  public record StopJob(String jobId, String reason) implements Command {}

  private record CalibrationArrived(ChipActor.CalibrationReply reply) implements Command {}

  private record TruthArrived(ChipActor.TruthReply reply) implements Command {}

  private record Simulated(Completed outcome, Throwable failure) implements Command {}

  private enum Timeout implements Command { INSTANCE }

  private enum CheckOverdue implements Command { INSTANCE }

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

  /**
   * How long a run may take and what its circuits may use.
   *
   * @param chipTimeout      bounds the gathering of the chip's snapshots
   * @param runTimeout       bounds the whole run; past it the run is abandoned and its circuits queued again
   * @param circuitTimeLimit bounds one circuit's simulation; past it the circuit fails (its job with it)
   * @param maxOperations    operations a circuit may expand to while it is parsed
   * @param memory           the gate simulations take their state's memory from
   */
  public record Limits(Duration chipTimeout, Duration runTimeout, Duration circuitTimeLimit, long maxOperations,
      MemoryGate memory, QasmSettings qasm) {

    /** As the canonical constructor, reading OpenQASM with the built-in {@link QasmSettings#DEFAULTS}. */
    public Limits(Duration chipTimeout, Duration runTimeout, Duration circuitTimeLimit, long maxOperations, MemoryGate memory) {
      this(chipTimeout, runTimeout, circuitTimeLimit, maxOperations, memory, QasmSettings.DEFAULTS);
    }

    /** The scheduler's limits, simulations sharing this JVM's heap. */
    public static Limits of(SchedulerSettings s) {
      return new Limits(s.chipTimeout(), s.runTimeout(), s.circuitTimeLimit(), s.maxOperationsPerCircuit(), MemoryGate.HEAP,
          s.qasm());
    }

    /** How circuits are read on {@code chip} (null: the ideal backend): within maxOperations, dt from the chip file. */
    QasmSettings reading(ChipSpec chip) { return SchedulerSettings.reading(qasm, maxOperations, chip); }
  }

  /** A run on a chip whose regions are simulated on {@code simulation} in this JVM, each stoppable. */
  public static Behavior<Command> onChip(ChipTarget target, List<Task> tasks, Limits limits, Executor simulation,
      ActorRef<Outcome> replyTo) {
    return onChip(target, tasks, limits, simulation, null, replyTo);
  }

  /**
   * As above, with the packed regions simulated by {@code regions} (packing still runs on {@code simulation});
   * such regions are neither stopped nor time-limited here, their simulator bounds them.
   */
  public static Behavior<Command> onChip(ChipTarget target, List<Task> tasks, Limits limits, Executor simulation,
      RegionSimulator regions, ActorRef<Outcome> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new BatchRun(ctx, timers, target, null, regions, tasks, limits, simulation, replyTo, limits.chipTimeout())));
  }

  /** A run on the noiseless simulator: every task in parallel. */
  public static Behavior<Command> onIdeal(IdealExecutor simulator, List<Task> tasks, Limits limits, Executor simulation,
      ActorRef<Outcome> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new BatchRun(ctx, timers, null, simulator, null, tasks, limits, simulation, replyTo, limits.runTimeout())));
  }

  /** How often running simulations are checked against the per-circuit time limit. */
  private static final Duration OVERDUE_CHECK = Duration.ofMillis(100);

  private final TimerScheduler<Command> timers;
  private final ChipTarget target;
  private final RegionSimulator regions;
  private final List<Task> tasks;
  private final Limits limits;
  private final Executor simulation;
  private final ActorRef<Outcome> replyTo;
  private final RunControl control;
  private CalibrationSnapshot snapshot;
  private ChipTruth truth;

  private BatchRun(ActorContext<Command> ctx, TimerScheduler<Command> timers, ChipTarget target, IdealExecutor ideal,
      RegionSimulator regions, List<Task> tasks, Limits limits, Executor simulation, ActorRef<Outcome> replyTo,
      Duration firstTimeout) {
    super(ctx);
    this.timers = timers;
    this.target = target;
    this.regions = regions;
    this.tasks = List.copyOf(tasks);
    this.limits = limits;
    this.simulation = simulation;
    this.replyTo = replyTo;
    this.control = new RunControl(limits.memory());
    timers.startSingleTimer(Timeout.INSTANCE, firstTimeout);
    timers.startTimerWithFixedDelay(CheckOverdue.INSTANCE, OVERDUE_CHECK);
    if (target == null) {
      ctx.pipeToSelf(BatchWork.ideal(ideal, this.tasks, simulation, control, limits.reading(null)), Simulated::new);
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
        .onMessage(StopJob.class, this::onStopJob)
        .onMessage(CheckOverdue.class, c -> {
          control.stopOverdue(limits.circuitTimeLimit(), "qubitd.scheduler.circuit-time-limit", System.nanoTime());
          return this;
        })
        .onSignal(PostStop.class, s -> {
          // stopped with its scheduler or its actor system: simulations still running would go on, on
          // threads nobody waits for, and slow every later run of this JVM
          for (Task t : tasks) control.stopJob(t.jobId(), "the run was stopped");
          return this;
        })
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
    timers.startSingleTimer(Timeout.INSTANCE, limits.runTimeout());
    getContext().pipeToSelf(BatchWork.chip(target, snapshot, truth, tasks, simulation, regions, control,
        limits.reading(target.executor().spec())), Simulated::new);
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

  private Behavior<Command> onStopJob(StopJob s) {
    control.stopJob(s.jobId(), s.reason());
    return this;
  }

  private Behavior<Command> onTimeout() {
    String phase = target != null && (snapshot == null || truth == null) ? "the chip did not answer" : "the simulations did not finish";
    return abandon(phase + " in time");
  }

  private Behavior<Command> abandon(String reason) {
    // simulations still running would hold the memory and the threads the next run needs
    for (Task t : tasks) control.stopJob(t.jobId(), reason);
    replyTo.tell(new Abandoned(reason));
    return Behaviors.stopped();
  }
}
