package io.qubitd.progress;

/**
 * Where long work (pretraining, training, calibration, benchmarks) says how far it got. Pure:
 * the command line draws it on stderr; the daemon, which reports by events, passes {@link #NONE}.
 * Calls come from one thread at a time.
 */
public interface Progress {

  /** Begins a task of {@code total} units; 0 when the total is not known in advance. */
  void start(String task, long total);

  /** {@code done} units of the current task are finished; {@code detail} is a short status such as a loss, or "". */
  void update(long done, String detail);

  /** The current task is over. */
  void finish();

  /** Reports nowhere. */
  Progress NONE = new Progress() {
    @Override public void start(String task, long total) {}
    @Override public void update(long done, String detail) {}
    @Override public void finish() {}
  };
}
