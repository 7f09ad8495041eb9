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
    if (Thread.currentThread().isInterrupted()) throw new CancellationException("the simulation was interrupted");
  }
}
