package io.qubitd.scheduler;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.qubitd.circuit.qasm.QasmSettings;
import io.qubitd.device.ChipSpec;
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
 * @param maxOperationsPerCircuit operations one circuit may expand to (loops unrolled), counted while it is parsed
 * @param maxOperationShotsPerJob a job's cost budget: the sum over its circuits of operations × shots
 * @param simulationMemory   bytes of simulation state one circuit may need (from the JVM heap when "auto")
 * @param circuitTimeLimit   how long one circuit's simulation may run before its job fails
 * @param maxCrashes         runs of a job the daemon may die during before the job is failed as poisoned
 * @param stallAfter         how long a backend with unfinished jobs may go without finishing a run before health says degraded
 * @param finishedRetention  how long a finished job stays retrievable (from memory, then from the result archive);
 *                           after it the job answers 410 Gone
 * @param maxFinishedJobs    finished jobs a backend keeps in memory at most; the oldest beyond it move to the result archive
 * @param finishedInMemory   how long a finished job stays in memory (and the journal's snapshots) before it moves to the archive
 * @param goneIdsRetention   how long after its finish a job's id answers 410 rather than 404
 * @param qasm               how job circuits are read (the {@code qubitd.qasm} block; the operation budget and {@code dt} are set per chip)
 */
public record SchedulerSettings(
    int maxCircuitsPerJob, int maxShots, int maxQueuedJobs, int maxCircuitsPerRun, boolean packing,
    int packingMargin, Duration chipTimeout, Duration runTimeout, Duration retryDelay,
    Duration calibrationRefresh, Duration metricsWindow, int snapshotEvery, long maxOperationsPerCircuit,
    long maxOperationShotsPerJob, long simulationMemory, Duration circuitTimeLimit, int maxCrashes, Duration stallAfter,
    Duration finishedRetention, int maxFinishedJobs, Duration finishedInMemory, Duration goneIdsRetention,
    QasmSettings qasm) {

  /** As the canonical constructor, reading OpenQASM with the built-in {@link QasmSettings#DEFAULTS}. */
  public SchedulerSettings(
      int maxCircuitsPerJob, int maxShots, int maxQueuedJobs, int maxCircuitsPerRun, boolean packing,
      int packingMargin, Duration chipTimeout, Duration runTimeout, Duration retryDelay,
      Duration calibrationRefresh, Duration metricsWindow, int snapshotEvery, long maxOperationsPerCircuit,
      long maxOperationShotsPerJob, long simulationMemory, Duration circuitTimeLimit, int maxCrashes, Duration stallAfter,
      Duration finishedRetention, int maxFinishedJobs, Duration finishedInMemory, Duration goneIdsRetention) {
    this(maxCircuitsPerJob, maxShots, maxQueuedJobs, maxCircuitsPerRun, packing, packingMargin, chipTimeout, runTimeout,
        retryDelay, calibrationRefresh, metricsWindow, snapshotEvery, maxOperationsPerCircuit, maxOperationShotsPerJob,
        simulationMemory, circuitTimeLimit, maxCrashes, stallAfter, finishedRetention, maxFinishedJobs, finishedInMemory,
        goneIdsRetention, QasmSettings.DEFAULTS);
  }

  /** As the canonical constructor with finished jobs in memory for their whole retention and their ids answering 410 for 90 days. */
  public SchedulerSettings(
      int maxCircuitsPerJob, int maxShots, int maxQueuedJobs, int maxCircuitsPerRun, boolean packing,
      int packingMargin, Duration chipTimeout, Duration runTimeout, Duration retryDelay,
      Duration calibrationRefresh, Duration metricsWindow, int snapshotEvery, long maxOperationsPerCircuit,
      long maxOperationShotsPerJob, long simulationMemory, Duration circuitTimeLimit, int maxCrashes, Duration stallAfter,
      Duration finishedRetention, int maxFinishedJobs) {
    this(maxCircuitsPerJob, maxShots, maxQueuedJobs, maxCircuitsPerRun, packing, packingMargin, chipTimeout, runTimeout,
        retryDelay, calibrationRefresh, metricsWindow, snapshotEvery, maxOperationsPerCircuit, maxOperationShotsPerJob,
        simulationMemory, circuitTimeLimit, maxCrashes, stallAfter, finishedRetention, maxFinishedJobs, finishedRetention,
        Duration.ofDays(90));
  }

  /** These settings reading OpenQASM as {@code q} says (the {@code qubitd.qasm} block). */
  public SchedulerSettings withQasm(QasmSettings q) {
    return new SchedulerSettings(maxCircuitsPerJob, maxShots, maxQueuedJobs, maxCircuitsPerRun, packing, packingMargin,
        chipTimeout, runTimeout, retryDelay, calibrationRefresh, metricsWindow, snapshotEvery, maxOperationsPerCircuit,
        maxOperationShotsPerJob, simulationMemory, circuitTimeLimit, maxCrashes, stallAfter, finishedRetention, maxFinishedJobs,
        finishedInMemory, goneIdsRetention, q);
  }

  /**
   * How a job's circuits are read: the {@code qubitd.qasm} settings within this scheduler's operation budget per
   * circuit, with {@code dt} from the chip file when {@code chip} is a chip that states it.
   */
  public QasmSettings circuitReading(ChipSpec chip) { return reading(qasm, maxOperationsPerCircuit, chip); }

  /** {@code q} within {@code maxOperations}, with the {@code dt} of {@code chip} when it is a chip whose file states one. */
  static QasmSettings reading(QasmSettings q, long maxOperations, ChipSpec chip) {
    QasmSettings r = q.withMaxOperations(maxOperations);
    if (chip == null) return r;
    r = r.withGateTimes(new QasmSettings.GateTimes(chip.durations().oneQubit(), chip.durations().twoQubit(),
        chip.durations().measure(), chip.durations().reset()));
    return Double.isFinite(chip.dt()) ? r.withDt(chip.dt()) : r;
  }

  public SchedulerSettings {
    if (qasm == null) throw new IllegalArgumentException("qubitd.qasm settings are required");
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
    positive("max-operations-per-circuit", maxOperationsPerCircuit);
    positive("max-operation-shots-per-job", maxOperationShotsPerJob);
    positive("simulation-memory", simulationMemory);
    positive("circuit-time-limit", circuitTimeLimit);
    positive("max-crashes", maxCrashes);
    positive("stall-after", stallAfter);
    positive("finished-retention", finishedRetention);
    positive("max-finished-jobs", maxFinishedJobs);
    positive("finished-in-memory", finishedInMemory);
    positive("gone-ids-retention", goneIdsRetention);
  }

  /** Reads the {@code qubitd.scheduler} block; a bad value is a ConfigException naming the key. */
  public static SchedulerSettings fromConfig(Config c) {
    try {
      return new SchedulerSettings(c.getInt("max-circuits-per-job"), c.getInt("max-shots"), c.getInt("max-queued-jobs"),
          c.getInt("max-circuits-per-run"), c.getBoolean("packing"), c.getInt("packing-margin"),
          c.getDuration("chip-timeout"), c.getDuration("run-timeout"),
          c.getDuration("retry-delay"), c.getDuration("calibration-refresh"), c.getDuration("metrics-window"),
          c.getInt("snapshot-every"), c.getLong("max-operations-per-circuit"), c.getLong("max-operation-shots-per-job"),
          c.getString("simulation-memory").equals("auto") ? MemoryGate.heapBudget() : c.getBytes("simulation-memory"),
          c.getDuration("circuit-time-limit"), c.getInt("max-crashes"), c.getDuration("stall-after"),
          c.getDuration("finished-retention"), c.getInt("max-finished-jobs"),
          c.getDuration("finished-in-memory"), c.getDuration("gone-ids-retention"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(c.origin(), "qubitd.scheduler", e.getMessage());
    }
  }

  private static void positive(String key, long v) {
    if (v < 1) throw new IllegalArgumentException("qubitd.scheduler." + key + " must be >= 1, got " + v);
  }

  private static void positive(String key, Duration d) {
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("qubitd.scheduler." + key + " must be > 0, got " + d);
  }
}
