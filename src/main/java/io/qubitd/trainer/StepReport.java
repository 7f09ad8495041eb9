package io.qubitd.trainer;

/**
 * One optimiser step: its number (1-based), the batch's mean loss before the update, quantum
 * circuits evaluated in the step, seconds spent in the quantum layer, the step's wall time, and in
 * chip mode the chip's figures so far ({@code chip} null otherwise).
 */
public record StepReport(int step, double loss, long circuits, double quantumSeconds, double wallSeconds, ChipProgress chip)
    implements TrainerSession.StepResult {

  public StepReport(int step, double loss, long circuits, double quantumSeconds, double wallSeconds) {
    this(step, loss, circuits, quantumSeconds, wallSeconds, null);
  }

  /** Chip seconds, the dedup hit rate and the packing utilisation of a chip-mode session so far. */
  public record ChipProgress(double chipSeconds, double dedupHitRate, double packingUtilisation)
      implements io.qubitd.serialization.JsonSerializable {}
}
