package io.qubitd.trainer;

import io.qubitd.serialization.JsonSerializable;

/**
 * A training session now.
 *
 * @param lastLoss       the loss of the last step, NaN before the first
 * @param circuits       circuits evaluated by this actor's steps
 * @param lastCheckpoint the path the session would resume from, or null
 */
public record TrainerStatus(String sessionId, State state, int stepsDone, int totalSteps, double lastLoss, long circuits,
                            double quantumSeconds, long trainableParameters, String lastCheckpoint)
    implements JsonSerializable {

  public enum State { OPENING, READY, RUNNING, PAUSED, STOPPING, FINISHED, STOPPED, FAILED }
}
