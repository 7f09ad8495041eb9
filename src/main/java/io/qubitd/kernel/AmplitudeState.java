package io.qubitd.kernel;

import io.qubitd.circuit.Gate;
import java.util.List;

/** What the runner needs from a state, in either precision. */
interface AmplitudeState {
  int numQubits();

  AmplitudeState copyState();

  void applyFused(List<FusedGate> gates);

  void applyGate(Gate g, int... qubits);

  double probabilityOfOne(int qubit);

  void collapse(int qubit, int outcome);

  double normSquared();

  double expectation(PauliString p);

  int[] sampleSorted(double[] sortedUniforms);

  double[] marginal(int[] qubits);
}
