package io.qubitd.scheduler;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * Limits and timings of every backend's scheduler, from {@code qubitd.scheduler}.
 *
 * @param maxCircuitsPerJob  circuits one job may hold (1..this)
 * @param maxShots           shots one circuit may ask for (1..this)
 * @param maxQueuedJobs      unfinished jobs a backend holds before it answers 429
 * @param maxCircuitsPerRun  circuits offered to one chip run (packing candidates; parallel tasks on the ideal backend)
 * @param packing            whether a chip run may hold several circuits on disjoint regions
 * @param packingMargin      qubits kept free between two packed regions (crosstalk)
 * @param chipTimeout        how long a chip run waits for the chip's calibration and truth
 * @param runTimeout         how long a chip run's simulations may take before the run is abandoned
 * @param retryDelay         pause before a failed chip run's circuits are offered again
 * @param calibrationRefresh how often the scheduler fetches the snapshot it validates submissions against
 * @param metricsWindow      the window runs/s and circuits/s are averaged over
 * @param snapshotEvery      journal events between two snapshots of a scheduler's jobs (recovery replays at most this many)
 */
public record SchedulerSettings(
    int maxCircuitsPerJob, int maxShots, int maxQueuedJobs, int maxCircuitsPerRun, boolean packing,
    int packingMargin, Duration chipTimeout, Duration runTimeout, Duration retryDelay,
    Duration calibrationRefresh, Duration metricsWindow, int snapshotEvery) {

  public SchedulerSettings {
    positive("max-circuits-per-job", maxCircuitsPerJob);
    positive("max-shots", maxShots);
    positive("max-queued-jobs", maxQueuedJobs);
    positive("max-circuits-per-run", maxCircuitsPerRun);
    if (packingMargin < 0) throw new IllegalArgumentException("qubitd.scheduler.packing-margin must be >= 0, got " + packingMargin);
    positive("chip-timeout", chipTimeout);
    positive("run-timeout", runTimeout);
    positive("retry-delay", retryDelay);
    positive("calibration-refresh", calibrationRefresh);
    positive("metrics-window", metricsWindow);
    positive("snapshot-every", snapshotEvery);
  }

  /** Reads the {@code qubitd.scheduler} block; a bad value is a ConfigException naming the key. */
  public static SchedulerSettings fromConfig(Config c) {
    try {
      return new SchedulerSettings(c.getInt("max-circuits-per-job"), c.getInt("max-shots"), c.getInt("max-queued-jobs"),
          c.getInt("max-circuits-per-run"), c.getBoolean("packing"), c.getInt("packing-margin"),
          c.getDuration("chip-timeout"), c.getDuration("run-timeout"),
          c.getDuration("retry-delay"), c.getDuration("calibration-refresh"), c.getDuration("metrics-window"),
          c.getInt("snapshot-every"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(c.origin(), "qubitd.scheduler", e.getMessage());
    }
  }

  private static void positive(String key, int v) {
    if (v < 1) throw new IllegalArgumentException("qubitd.scheduler." + key + " must be >= 1, got " + v);
  }

  private static void positive(String key, Duration d) {
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("qubitd.scheduler." + key + " must be > 0, got " + d);
  }
}
