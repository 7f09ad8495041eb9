package io.qubitd.calibration;

import io.qubitd.circuit.Circuit;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * An experimenter that refuses further batches once {@code stopped} says so: a calibration (minutes
 * of simulation over the whole chip) then ends within one batch instead of running on, on threads its
 * daemon no longer owns, after the daemon has stopped.
 */
public final class StoppableExperimenter implements Experimenter {
  private final Experimenter inner;
  private final BooleanSupplier stopped;

  public StoppableExperimenter(Experimenter inner, BooleanSupplier stopped) {
    this.inner = inner;
    this.stopped = stopped;
  }

  @Override
  public BatchResult run(List<Circuit> circuits, int shots, long seed) {
    if (stopped.getAsBoolean()) throw new CancellationException("the calibration was stopped");
    return inner.run(circuits, shots, seed);
  }

  @Override public Instant clock() { return inner.clock(); }

  @Override public double driveFrequency(int qubit) { return inner.driveFrequency(qubit); }
}
