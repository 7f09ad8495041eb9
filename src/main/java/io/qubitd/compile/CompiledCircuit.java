package io.qubitd.compile;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Schedule;
import java.util.List;

/**
 * A circuit compiled for a chip.
 *
 * @param physical      the circuit over all {@code topology.numQubits()} physical qubits, native gates
 *                      only (RZ, SX, X, CZ) plus measure, reset, barrier and delay; classical bits and
 *                      registers exactly as the user's circuit
 * @param initialLayout logical qubit to physical qubit at the start
 * @param finalLayout   logical qubit to physical qubit at the end, after the routing SWAPs
 * @param usedQubits    sorted physical qubits holding a logical qubit or touched by an operation
 * @param schedule      the ASAP schedule of {@code physical}, leading one-qubit gates as late as possible ({@link LateStart})
 * @param swaps         SWAPs inserted by routing
 * @param twoQubitGates CZ gates in {@code physical}
 * @param depth         layers of {@code physical}, barriers not counted
 */
public record CompiledCircuit(
    Circuit physical, int[] initialLayout, int[] finalLayout, List<Integer> usedQubits,
    Schedule schedule, int swaps, int twoQubitGates, int depth) {

  public CompiledCircuit {
    initialLayout = initialLayout.clone();
    finalLayout = finalLayout.clone();
    usedQubits = List.copyOf(usedQubits);
  }

  @Override public int[] initialLayout() { return initialLayout.clone(); }

  @Override public int[] finalLayout() { return finalLayout.clone(); }
}
