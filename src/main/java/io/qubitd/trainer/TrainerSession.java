package io.qubitd.trainer;

import java.nio.file.Path;

/**
 * What {@link TrainerActor} needs of a fine-tuning session; {@code FineTuneSession} implements it.
 * Every call may block (model steps, chip round trips, disk): the actor makes them on its own
 * dispatcher, one at a time.
 */
public interface TrainerSession extends AutoCloseable {

  /** One optimiser step's figures; {@code StepReport}'s record accessors provide them. */
  interface StepResult {
    /** Steps done after this one. */
    int step();

    double loss();

    /** Circuits evaluated by the quantum layer during this step. */
    long circuits();

    double quantumSeconds();

    double wallSeconds();
  }

  /** One optimiser step on the next batch. */
  StepResult step();

  int stepsDone();

  /** Exact-match accuracy on the held-out test split. */
  double evaluate();

  long trainableParameters();

  /** Writes everything needed to resume into {@code dir} (which exists) and returns the path to resume from. */
  Path checkpoint(Path dir);

  @Override
  void close();

  /** Opens sessions: a fresh one, or one resumed from a path {@link #checkpoint} returned. */
  interface Factory {
    TrainerSession create();

    TrainerSession resume(Path checkpoint);
  }
}
