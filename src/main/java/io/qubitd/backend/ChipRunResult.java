package io.qubitd.backend;

import java.util.List;
import java.util.Map;

/**
 * What an emulated chip returns for one circuit: counts in the user's bit order, and where
 * and how the circuit ran.
 *
 * @param initialLayout physical qubit of each logical qubit at the start
 * @param finalLayout   physical qubit of each logical qubit at the end, after routing SWAPs
 * @param duration      scheduled length of the circuit on the chip, in seconds
 * @param method        the simulation method that ran (density-matrix, trajectories, mps, stabilizer)
 * @param maxBondDimension largest MPS bond reached, 0 for other methods
 * @param truncationError  summed weight the MPS discarded, 0 for other methods
 * @param estimatedFidelity product of (1 − ε) over the MPS truncations (the worst trajectory), 1 for other methods
 */
public record ChipRunResult(
    Map<String, Long> counts, int shots, List<Integer> initialLayout, List<Integer> finalLayout,
    int swaps, int twoQubitGates, int depth, double duration, String method, long snapshotVersion,
    int maxBondDimension, double truncationError, double estimatedFidelity) {

  public ChipRunResult {
    counts = Map.copyOf(counts);
    initialLayout = List.copyOf(initialLayout);
    finalLayout = List.copyOf(finalLayout);
  }

  /** A result of a method without bonds. */
  public ChipRunResult(Map<String, Long> counts, int shots, List<Integer> initialLayout, List<Integer> finalLayout,
      int swaps, int twoQubitGates, int depth, double duration, String method, long snapshotVersion) {
    this(counts, shots, initialLayout, finalLayout, swaps, twoQubitGates, depth, duration, method, snapshotVersion, 0, 0, 1);
  }
}
