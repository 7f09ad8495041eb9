package io.qubitd.trainer;

import io.qubitd.serialization.JsonSerializable;

/** What a training session tells its subscribers, in the order it happens. {@code step} is steps done. */
public sealed interface TrainerEvent extends JsonSerializable {

  String sessionId();

  int step();

  /** Training runs (first start, or after a restart from a checkpoint at {@code step}). */
  record Started(String sessionId, int step, long trainableParameters) implements TrainerEvent {}

  /** One optimiser step done: its loss, the circuits and time it took, and in chip and shots modes the family path's figures (else null). */
  record Progress(String sessionId, int step, double loss, long circuits, double quantumSeconds, double wallSeconds,
      StepReport.ChipProgress chip) implements TrainerEvent {

    public Progress(String sessionId, int step, double loss, long circuits, double quantumSeconds, double wallSeconds) {
      this(sessionId, step, loss, circuits, quantumSeconds, wallSeconds, null);
    }
  }

  record Checkpointed(String sessionId, int step, String path) implements TrainerEvent {}

  record Paused(String sessionId, int step) implements TrainerEvent {}

  record Resumed(String sessionId, int step) implements TrainerEvent {}

  /** All steps done; accuracy on the held-out split; the session's actor stops. */
  record Finished(String sessionId, int step, double accuracy, String checkpoint) implements TrainerEvent {}

  /** Stopped on request after a last checkpoint; the session's actor stops. */
  record Stopped(String sessionId, int step, String checkpoint) implements TrainerEvent {}

  /** The session could not open, step or checkpoint; {@code message} says why. */
  record Failed(String sessionId, int step, String message) implements TrainerEvent {}
}
