package io.qubitd.kernel;

import java.util.Map;
import java.util.Optional;

/**
 * The noiseless state vector ({@link IdealSimulator}): exact amplitudes, 2^n of them, so its
 * limit is memory. Noisy programs run on the state vector as {@code trajectories} instead.
 */
public final class StateVectorMethod implements SimulationMethod {
  public static final String NAME = "statevector";

  private final IdealSimulator simulator;

  public StateVectorMethod(KernelSettings settings) { this.simulator = new IdealSimulator(settings); }

  @Override public String name() { return NAME; }

  @Override
  public Optional<String> refusal(Program program) {
    if (program.isNoisy()) {
      return Optional.of("the statevector method runs noiseless circuits; a noisy program runs on the state vector as trajectories");
    }
    if (program.numClbits() > 64) {
      return Optional.of(program.label() + " has " + program.numClbits() + " classical bits; the statevector method keeps at most 64");
    }
    KernelSettings s = simulator.settings();
    int n = program.numQubits();
    if (n > StateVector.MAX_QUBITS || memoryBytes(program) > s.maxStateBytes()) {
      return Optional.of(new StateTooLargeException(n, s.precision(), s.maxStateBytes(),
          "the statevector method holds at most " + maxQubits(s) + " qubits").getMessage());
    }
    return Optional.empty();
  }

  @Override public int maxQubits() { return maxQubits(simulator.settings()); }

  /** Widest state the settings let the state vector hold. */
  public static int maxQubits(KernelSettings s) {
    int n = 0;
    while (n < StateVector.MAX_QUBITS && ((long) s.precision().bytesPerAmplitude() << (n + 1)) <= s.maxStateBytes()) n++;
    return n;
  }

  @Override
  public long memoryBytes(Program program) {
    int n = program.numQubits();
    if (n > 58) return Long.MAX_VALUE;
    return (long) simulator.settings().precision().bytesPerAmplitude() << n;
  }

  @Override
  public SimulationResult run(Program program, int shots, long seed, boolean memory) {
    requireRunnable(program);
    RunResult r = simulator.run(program.circuit(), shots, seed, memory);
    return SimulationResult.of(NAME, r.counts(), r.shots(), r.memory());
  }

  @Override
  public Map<String, Double> probabilities(Program program) {
    requireRunnable(program);
    return simulator.probabilities(program.circuit());
  }

  /** The simulator itself, for expectation values and final states. */
  public IdealSimulator simulator() { return simulator; }
}
