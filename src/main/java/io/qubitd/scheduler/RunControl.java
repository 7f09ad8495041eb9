package io.qubitd.scheduler;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Makes one run's simulations stoppable: each circuit's simulation runs through {@link #run} on the
 * thread that executes it, and stopping a job or an overdue circuit interrupts that thread, which the
 * kernels notice between operations. Holds the memory a simulation needs from a {@link MemoryGate}
 * while it runs. Thread-safe: the run's actor stops, the simulation threads run.
 */
final class RunControl {

  private static final class Slot {
    final BatchRun.Task task;
    final long startedNanos;
    String reason;

    Slot(BatchRun.Task task, long startedNanos) {
      this.task = task;
      this.startedNanos = startedNanos;
    }
  }

  private final MemoryGate memory;
  private final Map<Thread, Slot> active = new HashMap<>();
  /** Regions simulated elsewhere (cluster workers): stopped by failing their future, which tells the workers. */
  private final Map<CompletableFuture<?>, Slot> remote = new HashMap<>();
  private final Map<String, String> stoppedJobs = new HashMap<>();

  RunControl(MemoryGate memory) {
    this.memory = memory;
  }

  /**
   * Runs {@code body} for {@code task} on the calling thread once {@code bytes} of memory are free.
   *
   * @throws CancellationException with the reason when the task's job was stopped or the task overran
   */
  <T> T run(BatchRun.Task task, long bytes, Supplier<T> body) {
    Thread thread = Thread.currentThread();
    Slot slot = new Slot(task, System.nanoTime());
    synchronized (this) {
      String stopped = stoppedJobs.get(task.jobId());
      if (stopped != null) throw new CancellationException(stopped);
      active.put(thread, slot);
    }
    long taken = 0;
    try {
      taken = memory.acquire(bytes);
      return body.get();
    } catch (InterruptedException | RuntimeException e) {
      String reason;
      synchronized (this) {
        reason = slot.reason;
      }
      if (reason != null) throw new CancellationException(reason);
      if (e instanceof InterruptedException) throw new CancellationException("the simulation was interrupted");
      throw (RuntimeException) e;
    } finally {
      memory.release(taken);
      synchronized (this) {
        active.remove(thread);
      }
      // an interrupt meant for this task must not reach the next one the pooled thread runs
      Thread.interrupted();
    }
  }

  /**
   * Puts {@code region}, {@code task}'s simulation on another node, under this control: stopping the
   * task's job or its overrunning the time limit fails the future with a CancellationException naming
   * why (the simulator that made it then stops its workers).
   */
  synchronized <T> CompletableFuture<T> remote(BatchRun.Task task, CompletableFuture<T> region) {
    String stopped = stoppedJobs.get(task.jobId());
    if (stopped != null) {
      region.completeExceptionally(new CancellationException(stopped));
      return region;
    }
    remote.put(region, new Slot(task, System.nanoTime()));
    region.whenComplete((r, e) -> {
      synchronized (this) {
        remote.remove(region);
      }
    });
    return region;
  }

  /** Stops every simulation of {@code jobId}, running or not yet started. */
  synchronized void stopJob(String jobId, String reason) {
    stoppedJobs.putIfAbsent(jobId, reason);
    for (Map.Entry<Thread, Slot> e : active.entrySet()) {
      if (e.getValue().task.jobId().equals(jobId)) interrupt(e.getKey(), e.getValue(), reason);
    }
    for (Map.Entry<CompletableFuture<?>, Slot> e : List.copyOf(remote.entrySet())) {
      if (e.getValue().task.jobId().equals(jobId)) e.getKey().completeExceptionally(new CancellationException(reason));
    }
  }

  /** Stops each simulation that has run longer than {@code limit}; {@code setting} names where the limit comes from. */
  synchronized void stopOverdue(Duration limit, String setting, long nowNanos) {
    for (Map.Entry<Thread, Slot> e : active.entrySet()) {
      Slot s = e.getValue();
      if (s.reason == null && nowNanos - s.startedNanos > limit.toNanos()) interrupt(e.getKey(), s, overran(s, limit, setting));
    }
    for (Map.Entry<CompletableFuture<?>, Slot> e : List.copyOf(remote.entrySet())) {
      Slot s = e.getValue();
      if (nowNanos - s.startedNanos > limit.toNanos()) e.getKey().completeExceptionally(new CancellationException(overran(s, limit, setting)));
    }
  }

  private static String overran(Slot s, Duration limit, String setting) {
    return "circuit " + s.task.index() + " ran longer than the per-circuit time limit of " + limit.toMillis() / 1000.0
        + " s (" + setting + ")";
  }

  private static void interrupt(Thread thread, Slot slot, String reason) {
    if (slot.reason == null) slot.reason = reason;
    thread.interrupt();
  }
}
