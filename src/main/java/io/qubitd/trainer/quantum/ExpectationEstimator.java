package io.qubitd.trainer.quantum;

import io.qubitd.circuit.Circuit;
import java.util.List;

/**
 * Where the layer's circuits are evaluated: exactly, by sampled shots, or on a chip. One call takes
 * a whole batch, so a backend that charges per job (the chip) sees few, large submissions.
 */
public interface ExpectationEstimator {

  /**
   * ⟨Z_i⟩ of every qubit i for each circuit, in circuit order (result[c][i]).
   * Precondition: unitary circuits without measurements, all on the same number of qubits.
   */
  double[][] zExpectations(List<Circuit> circuits);
}
