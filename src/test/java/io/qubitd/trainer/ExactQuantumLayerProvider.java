package io.qubitd.trainer;

import io.qubitd.trainer.quantum.QuantumLayer;

/** Test-only provider of the exact layer, so the train command runs on the test class path. */
public final class ExactQuantumLayerProvider implements QuantumLayerProvider {
  @Override
  public QuantumLayer create(String mode, int qubits, int layers, long seed) {
    if (!mode.equals("exact")) throw new IllegalArgumentException("the test provider has only mode exact, not " + mode);
    return new ExactQuantumLayer(qubits, layers);
  }
}
