package io.qubitd.trainer;

/**
 * One optimiser step: its number (1-based), the batch's mean loss before the update, quantum
 * circuits evaluated in the step, seconds spent in the quantum layer, and the step's wall time.
 */
public record StepReport(int step, double loss, long circuits, double quantumSeconds, double wallSeconds)
    implements TrainerSession.StepResult {}
