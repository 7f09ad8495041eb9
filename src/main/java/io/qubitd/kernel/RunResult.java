package io.qubitd.kernel;

import java.util.List;
import java.util.Map;

/**
 * Counts of one circuit run, keyed like Qiskit (see {@link Bitstrings}).
 *
 * @param memory the outcome of every shot in a random order, or null unless asked for
 */
public record RunResult(Map<String, Long> counts, int shots, List<String> memory) {
  public RunResult {
    counts = Map.copyOf(counts);
    memory = memory == null ? null : List.copyOf(memory);
  }
}
