package io.qubitd.kernel;

import java.util.Map;
import java.util.Optional;

/**
 * One way to simulate a {@link Program}, as Qiskit Aer's methods are: it says before running
 * whether it takes the program (its operations, its width, the memory it would need), and runs
 * it. Every method lives in {@code kernel}; {@link MethodChooser} picks among them the same way
 * for the chip and the ideal backend.
 */
public interface SimulationMethod {

  /** The name users pass to {@code --method} and read in results' {@code "method"}. */
  String name();

  /**
   * Empty when this method can run {@code program} within its limits; otherwise one line that
   * names why (an operation it does not support, the qubits or memory it would need and the limit).
   */
  Optional<String> refusal(Program program);

  /**
   * Widest program this method may take at its settings (by memory or by design); one within it
   * may still be refused for its operations or entanglement.
   */
  int maxQubits();

  /** Bytes this method's state would take for {@code program}, estimated before running; Long.MAX_VALUE when beyond. */
  long memoryBytes(Program program);

  /**
   * Samples {@code shots} ≥ 1 outcomes; the same seed gives the same counts. Precondition:
   * {@link #refusal} is empty.
   */
  SimulationResult run(Program program, int shots, long seed, boolean memory);

  /**
   * The distribution of the classical bits, keyed like the counts. Throws IllegalArgumentException
   * naming why when this method cannot give it for {@code program}.
   */
  Map<String, Double> probabilities(Program program);

  /** The refusal as an exception, when there is one. */
  default void requireRunnable(Program program) {
    Optional<String> why = refusal(program);
    if (why.isPresent()) throw new IllegalArgumentException(why.get());
  }
}
