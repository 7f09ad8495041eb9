package io.qubitd.kernel.trajectory;

import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.NoisySimulator;
import io.qubitd.kernel.Program;
import io.qubitd.kernel.SimulationMethod;
import io.qubitd.kernel.SimulationResult;
import io.qubitd.kernel.StateTooLargeException;
import io.qubitd.kernel.StateVector;
import io.qubitd.kernel.StateVectorMethod;
import io.qubitd.kernel.Precision;
import java.util.Map;
import java.util.Optional;

/** Quantum trajectories on the state vector ({@link TrajectorySimulator}) as a {@link SimulationMethod}. */
public final class TrajectoryMethod implements SimulationMethod {
  public static final String NAME = "trajectories";

  private final NoisySimulator simulator;
  private final KernelSettings kernel;

  public TrajectoryMethod(TrajectorySimulator simulator) { this(simulator, simulator.settings().kernel()); }

  /** @param simulator trajectories whose states the kernel settings {@code kernel} bound */
  public TrajectoryMethod(NoisySimulator simulator, KernelSettings kernel) {
    this.simulator = simulator;
    this.kernel = kernel;
  }

  @Override public String name() { return NAME; }

  @Override public int maxQubits() { return StateVectorMethod.maxQubits(kernel); }

  @Override
  public Optional<String> refusal(Program program) {
    int n = program.numQubits();
    long limit = kernel.maxStateBytes();
    if (n > StateVector.MAX_QUBITS || memoryBytes(program) > limit) {
      return Optional.of(new StateTooLargeException(n, Precision.DOUBLE, limit, "the trajectories method holds at most "
          + StateVectorMethod.maxQubits(kernel) + " qubits in one state vector").getMessage());
    }
    if (program.widestInstruction() > StateVector.MAX_MATRIX_QUBITS) {
      return Optional.of(program.label() + " has an instruction on " + program.widestInstruction()
          + " qubits; the trajectories method applies at most " + StateVector.MAX_MATRIX_QUBITS);
    }
    if (program.numClbits() > 63) {
      return Optional.of(program.label() + " has " + program.numClbits() + " classical bits; the trajectories method keeps at most 63");
    }
    return Optional.empty();
  }

  @Override
  public long memoryBytes(Program program) {
    int n = program.numQubits();
    return n > 58 ? Long.MAX_VALUE : 16L << n;
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
