package io.qubitd.trainer;

import io.qubitd.trainer.quantum.QuantumLayer;

/**
 * Where the train command gets its quantum layer: the implementations live in
 * {@code io.qubitd.trainer.quantum} (QuantumLayers.create), registered as a
 * {@link java.util.ServiceLoader} service under this interface's name.
 */
public interface QuantumLayerProvider {

  /** A quantum layer of r = {@code qubits} and L = {@code layers} for {@code mode} (exact, shots, chip). */
  QuantumLayer create(String mode, int qubits, int layers, long seed);
}
