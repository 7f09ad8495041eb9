package io.qubitd.cli;

import io.qubitd.backend.ChipRunResult;
import io.qubitd.chip.ChipActor;
import io.qubitd.circuit.Circuit;
import io.qubitd.config.QubitdConfig;
import io.qubitd.device.ChipSpec;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One chip in a local actor system, for commands that run a circuit and exit: the same
 * ChipActor, qubit and coupler actors and chip run that the daemon uses.
 */
final class LocalChip implements AutoCloseable {

  private final ActorSystem<ChipActor.Command> system;

  LocalChip(QubitdConfig config, ChipSpec spec) {
    var executor = config.chipExecutor(spec);
    var settings = config.chipSettings(spec);
    var truth = spec.sampleTruth(config.truthSeed(spec));
    long seed = config.truthSeed(spec);
    this.system = ActorSystem.create(Behaviors.setup(ctx -> {
      Executor simulation = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("qubitd-simulation-dispatcher"));
      return ChipActor.create(spec, truth, settings, seed, executor, simulation);
    }), "qubitd", config.root());
  }

  /** Runs one circuit and waits for its result; a failed run is an IllegalArgumentException with the reason. */
  ChipRunResult run(Circuit circuit, int shots, long seed, String method, Duration timeout) {
    ChipActor.RunReply reply;
    try {
      reply = AskPattern.<ChipActor.Command, ChipActor.RunReply>ask(
              system, replyTo -> new ChipActor.Run(circuit, shots, seed, method, replyTo), timeout, system.scheduler())
          .toCompletableFuture().join();
    } catch (CompletionException e) {
      throw new IllegalArgumentException("the chip did not finish within " + timeout.toSeconds() + " s", e);
    }
    if (reply instanceof ChipActor.RunFailed f) throw new IllegalArgumentException(f.reason());
    return ((ChipActor.RunSucceeded) reply).result();
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the process exits next anyway; a slow shutdown must not turn a result into an error
    }
  }
}
