package io.qubitd.kernel.density;

import io.qubitd.kernel.NoisySimulator;
import io.qubitd.kernel.Program;
import io.qubitd.kernel.SimulationMethod;
import io.qubitd.kernel.SimulationResult;
import java.util.Map;
import java.util.Optional;

/** The exact density matrix ({@link DensityMatrixSimulator}) as a {@link SimulationMethod}: 16·4^n bytes. */
public final class DensityMatrixMethod implements SimulationMethod {
  public static final String NAME = "density-matrix";

  private final NoisySimulator simulator;
  private final int maxQubits;

  /** @param simulator an exact density-matrix simulator taking programs of up to {@code maxQubits} qubits */
  public DensityMatrixMethod(NoisySimulator simulator, int maxQubits) {
    this.simulator = simulator;
    this.maxQubits = maxQubits;
  }

  @Override public String name() { return NAME; }

  @Override public int maxQubits() { return maxQubits; }

  @Override
  public Optional<String> refusal(Program program) {
    int n = program.numQubits();
    if (n > maxQubits) {
      return Optional.of("the density-matrix method holds at most " + maxQubits + " qubits (16·4^n bytes); "
          + program.label() + " has " + n);
    }
    if (program.numClbits() > 63) {
      return Optional.of(program.label() + " has " + program.numClbits() + " classical bits; the density-matrix method keeps at most 63");
    }
    return Optional.empty();
  }

  @Override
  public long memoryBytes(Program program) {
    int n = program.numQubits();
    return n > 29 ? Long.MAX_VALUE : 16L << (2 * n);
  }

  @Override
  public SimulationResult run(Program program, int shots, long seed, boolean memory) {
    requireRunnable(program);
    var r = simulator.run(program.instructions(), shots, seed);
    return SimulationResult.fromMemoryWords(NAME, r.counts(), shots, program.cregs(), memory, seed);
  }

  @Override
  public Map<String, Double> probabilities(Program program) {
    requireRunnable(program);
    return SimulationResult.keyedProbabilities(simulator.probabilities(program.instructions()), program.cregs());
  }
}
