package io.qubitd.kernel;

import io.qubitd.circuit.Register;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a {@link SimulationMethod} returns for one program.
 *
 * @param method            the method that ran ({@link SimulationMethod#name()})
 * @param counts            counts keyed like Qiskit ({@link Bitstrings})
 * @param memory            every shot's key in a random order, or null unless asked for
 * @param maxBondDimension  largest bond dimension the MPS reached, or 0 for other methods
 * @param truncationError   discarded weight summed over one trajectory's truncations, the largest over the
 *                          run's trajectories (MPS; a bound on each final state's infidelity), else 0
 * @param estimatedFidelity product of (1 − ε) over one trajectory's truncations, the smallest over the run's
 *                          trajectories (MPS), else 1: what a truncation error means once it is not small
 */
public record SimulationResult(String method, Map<String, Long> counts, int shots, List<String> memory,
                               int maxBondDimension, double truncationError, double estimatedFidelity) {
  public SimulationResult {
    counts = Map.copyOf(counts);
    memory = memory == null ? null : List.copyOf(memory);
  }

  /** A result of a method without bonds. */
  public static SimulationResult of(String method, Map<String, Long> counts, int shots, List<String> memory) {
    return new SimulationResult(method, counts, shots, memory, 0, 0, 1);
  }

  /**
   * Counts keyed by classical memory as a long (bit i = clbit i) written with the registers'
   * keys; memory, when asked for, lists the shots in a random order drawn from {@code seed}
   * (shots the methods draw independently are exchangeable, so an order is all memory adds).
   */
  public static SimulationResult fromMemoryWords(String method, Map<Long, Long> counts, int shots, List<Register> cregs,
      boolean memory, long seed) {
    Map<String, Long> keyed = new LinkedHashMap<>();
    counts.forEach((k, v) -> keyed.merge(Bitstrings.format(k, cregs), v, Long::sum));
    return new SimulationResult(method, keyed, shots, memory ? shuffled(keyed, shots, seed) : null, 0, 0, 1);
  }

  /** Probabilities of raw classical memory keyed by register bitstrings (Qiskit's order), zeros left out. */
  public static Map<String, Double> keyedProbabilities(Map<Long, Double> probabilities, List<Register> cregs) {
    Map<String, Double> out = new LinkedHashMap<>();
    probabilities.forEach((k, v) -> {
      if (v > 0) out.merge(Bitstrings.format(k, cregs), v, Double::sum);
    });
    return out;
  }

  /** The shots of {@code counts} in a random order. */
  static List<String> shuffled(Map<String, Long> counts, int shots, long seed) {
    List<String> mem = new ArrayList<>(shots);
    counts.forEach((k, v) -> { for (long i = 0; i < v; i++) mem.add(k); });
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = mem.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      String t = mem.get(i);
      mem.set(i, mem.get(j));
      mem.set(j, t);
    }
    return mem;
  }
}
