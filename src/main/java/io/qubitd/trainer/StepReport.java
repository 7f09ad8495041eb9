package io.qubitd.trainer;

/**
 * One optimiser step: its number (1-based), the batch's mean loss before the update, quantum
 * circuits evaluated in the step, seconds spent in the quantum layer, the step's wall time, and in
 * chip and shots modes the family path's figures so far ({@code chip} null otherwise).
 */
public record StepReport(int step, double loss, long circuits, double quantumSeconds, double wallSeconds, ChipProgress chip)
    implements TrainerSession.StepResult {

  public StepReport(int step, double loss, long circuits, double quantumSeconds, double wallSeconds) {
    this(step, loss, circuits, quantumSeconds, wallSeconds, null);
  }

  /**
   * The family path's figures so far: the dedup hit rate, and on a chip its chip seconds and packing
   * utilisation. A layer that samples without a chip (shots mode) has neither: both are null there,
   * not a misleading 0.
   */
  public record ChipProgress(Double chipSeconds, double dedupHitRate, Double packingUtilisation)
      implements io.qubitd.serialization.JsonSerializable {

    /** The figures of a layer that samples locally: the hit rate only. */
    public static ChipProgress sampled(double dedupHitRate) {
      return new ChipProgress(null, dedupHitRate, null);
    }
  }
}
