package io.qubitd.trainer.quantum;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Options of the quantum layer ({@code qubitd.trainer.quantum}).
 *
 * @param shots           samples per circuit in shots and chip modes; 0 (chip mode only) asks the chip for
 *                        exact expectations from the final state
 * @param seed            seed of the shot sampler (shots mode)
 * @param backend         the daemon backend the chip mode submits to
 * @param circuitsPerJob  circuits per submitted job (1..200, the daemon's job limit)
 * @param jobsInFlight    jobs submitted and not yet answered, at most (the stream's backpressure bound)
 * @param pollInterval    how often a submitted job's result is asked for
 * @param jobTimeout      how long one job may take from submission to result
 * @param client          the client name jobs are submitted under (fair share is between clients)
 */
public record QuantumSettings(int shots, long seed, String backend, int circuitsPerJob, int jobsInFlight,
                              Duration pollInterval, Duration jobTimeout, String client) {

  /** The daemon's limit on circuits per job. */
  public static final int MAX_CIRCUITS_PER_JOB = 200;

  public QuantumSettings {
    if (shots < 0) throw new IllegalArgumentException("qubitd.trainer.quantum.shots must be >= 0, got " + shots);
    if (backend == null || backend.isBlank()) throw new IllegalArgumentException("qubitd.trainer.quantum.backend must name a backend");
    if (circuitsPerJob < 1 || circuitsPerJob > MAX_CIRCUITS_PER_JOB) {
      throw new IllegalArgumentException("qubitd.trainer.quantum.circuits-per-job must be in 1.." + MAX_CIRCUITS_PER_JOB
          + ", got " + circuitsPerJob);
    }
    if (jobsInFlight < 1) throw new IllegalArgumentException("qubitd.trainer.quantum.jobs-in-flight must be >= 1, got " + jobsInFlight);
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("qubitd.trainer.quantum.poll-interval must be > 0, got " + pollInterval);
    }
    if (jobTimeout == null || jobTimeout.isNegative() || jobTimeout.isZero()) {
      throw new IllegalArgumentException("qubitd.trainer.quantum.job-timeout must be > 0, got " + jobTimeout);
    }
    if (client == null || client.isBlank()) throw new IllegalArgumentException("qubitd.trainer.quantum.client must not be blank");
  }

  /** 1000 shots, seed 1, wukong72, 200 circuits per job, 16 jobs in flight, poll every 20 ms, 10 min per job, client "trainer". */
  public static QuantumSettings defaults() {
    return new QuantumSettings(1000, 1, "wukong72", MAX_CIRCUITS_PER_JOB, 16, Duration.ofMillis(20), Duration.ofMinutes(10), "trainer");
  }

  /** Reads the {@code qubitd.trainer.quantum} subtree (given as {@code c}). */
  public static QuantumSettings fromConfig(Config c) {
    return new QuantumSettings(c.getInt("shots"), c.getLong("seed"), c.getString("backend"), c.getInt("circuits-per-job"),
        c.getInt("jobs-in-flight"), c.getDuration("poll-interval"), c.getDuration("job-timeout"), c.getString("client"));
  }

  public QuantumSettings withShots(int s) {
    return new QuantumSettings(s, seed, backend, circuitsPerJob, jobsInFlight, pollInterval, jobTimeout, client);
  }

  public QuantumSettings withBackend(String b) {
    return new QuantumSettings(shots, seed, b, circuitsPerJob, jobsInFlight, pollInterval, jobTimeout, client);
  }
}
