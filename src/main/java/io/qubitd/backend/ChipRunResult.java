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
 * @param method        the noisy simulation method used: trajectories or density-matrix
 */
public record ChipRunResult(
    Map<String, Long> counts, int shots, List<Integer> initialLayout, List<Integer> finalLayout,
    int swaps, int twoQubitGates, int depth, double duration, String method, long snapshotVersion) {

  public ChipRunResult {
    counts = Map.copyOf(counts);
    initialLayout = List.copyOf(initialLayout);
    finalLayout = List.copyOf(finalLayout);
  }
}
