package io.qubitd.circuit;

import java.util.List;

/**
 * A circuit laid out in time: each operation with its start and duration in seconds.
 * Idle windows (where decay and residual coupling act on real hardware) are the gaps
 * between a qubit's operations, up to {@link #duration()}.
 */
public record Schedule(int numQubits, List<TimedOperation> operations, double duration) {

  /** One operation, starting at {@code start} seconds and lasting {@code duration} seconds. */
  public record TimedOperation(Operation operation, double start, double duration) {
    public TimedOperation {
      if (!(start >= 0) || !(duration >= 0)) {
        throw new IllegalArgumentException("bad timing start=" + start + " duration=" + duration + " for " + operation);
      }
    }
    public double end() { return start + duration; }
  }

  public Schedule {
    operations = List.copyOf(operations);
  }
}
