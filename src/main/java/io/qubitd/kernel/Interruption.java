package io.qubitd.kernel;

import java.util.concurrent.CancellationException;

/**
 * How a long simulation is stopped from outside: the caller interrupts the simulating thread, and the
 * simulators check between operations. The flag is left set for the caller to clear.
 */
public final class Interruption {
  private Interruption() {}

  /** @throws CancellationException when the current thread has been interrupted */
  public static void check() {
    check(Thread.currentThread());
  }

  /**
   * As {@link #check()} for work a simulation hands to other threads (a parallel stream's parts):
   * they stop when {@code owner}, the thread the caller interrupts, has been interrupted.
   */
  public static void check(Thread owner) {
    if (owner.isInterrupted()) throw new CancellationException("the simulation was interrupted");
  }
}
