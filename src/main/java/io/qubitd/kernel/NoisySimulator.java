package io.qubitd.kernel;

import io.qubitd.device.noise.NoisyProgram;
import java.util.Map;

/** A method that runs noisy programs: density matrix now, trajectories on the state vector later. */
public interface NoisySimulator {

  /**
   * Samples {@code shots} ≥ 0 outcomes of the program's classical bits; the same seed gives the same
   * counts.
   */
  NoisyResult run(NoisyProgram program, int shots, long seed);

  /**
   * The distribution of the final classical bits: key bit i is clbit i, values sum to 1 (up to
   * rounding). Exact for the density-matrix method.
   */
  Map<Long, Double> probabilities(NoisyProgram program);
}
