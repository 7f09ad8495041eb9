package io.qubitd.trainer.quantum;

import io.qubitd.circuit.Circuit;
import io.qubitd.kernel.IdealSimulator;
import java.util.List;

/** Exact ⟨Z_i⟩ from the kernel's final state vector. */
public final class ExactEstimator implements ExpectationEstimator {
  private final IdealSimulator simulator;

  public ExactEstimator(IdealSimulator simulator) { this.simulator = simulator; }

  @Override
  public double[][] zExpectations(List<Circuit> circuits) {
    double[][] out = new double[circuits.size()][];
    for (int c = 0; c < out.length; c++) {
      Circuit circuit = circuits.get(c);
      out[c] = ExpectationOps.fromProbabilities(simulator.finalState(circuit).probabilities(), circuit.numQubits());
    }
    return out;
  }
}
