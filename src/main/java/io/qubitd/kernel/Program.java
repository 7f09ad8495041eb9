package io.qubitd.kernel;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Register;
import io.qubitd.device.noise.NoisyInstruction;
import io.qubitd.device.noise.NoisyProgram;
import java.util.List;

/**
 * What a {@link SimulationMethod} runs: instructions on qubits 0..n-1 (gates as unitaries,
 * channels, measurements with their readout errors), the classical registers that name result
 * keys, and, for a noiseless circuit, the circuit itself (the state vector runs it directly).
 *
 * @param instructions the program every method can read
 * @param cregs        classical registers, for Qiskit-ordered keys
 * @param circuit      the ideal circuit with its default measurements, or null for a noisy program
 * @param sites        the qubits in the order a chain of sites (MPS) should hold them, or empty for 0..n-1
 */
public record Program(NoisyProgram instructions, List<Register> cregs, Circuit circuit, List<Integer> sites) {
  public Program {
    if (instructions == null) throw new IllegalArgumentException("a program needs its instructions");
    cregs = List.copyOf(cregs);
    sites = List.copyOf(sites);
    if (!sites.isEmpty() && (sites.size() != instructions.numQubits() || !new java.util.TreeSet<>(sites).equals(
        new java.util.TreeSet<>(java.util.stream.IntStream.range(0, sites.size()).boxed().toList())))) {
      throw new IllegalArgumentException("site order " + sites + " is not a permutation of the program's "
          + instructions.numQubits() + " qubits");
    }
    int bits = cregs.stream().mapToInt(Register::size).sum();
    // an ideal circuit's classical memory may hold bits beyond its registers (OpenQASM 3 values computed
    // from measurements); the circuit maps memory to register readings (Circuit.finalBits)
    boolean computed = circuit != null && circuit.memory() != null;
    if (computed ? bits > instructions.numClbits() : bits != instructions.numClbits()) {
      throw new IllegalArgumentException("registers hold " + bits + " classical bits, the program " + instructions.numClbits());
    }
  }

  /** A noisy program (a chip's): only the instructions run. */
  public static Program noisy(NoisyProgram instructions, List<Register> cregs, List<Integer> sites) {
    return new Program(instructions, cregs, null, sites);
  }

  /**
   * A noiseless circuit and its instructions; {@code lowered} must be {@code circuit} (with its
   * default measurements) written as instructions, readout errors 0.
   */
  public static Program ideal(Circuit circuit, NoisyProgram lowered) {
    Circuit c = circuit.withDefaultMeasurements();
    return new Program(lowered, c.cregs(), c, List.of());
  }

  /** The site order as an array: qubit at site s. */
  public int[] siteOrder() {
    int n = numQubits();
    int[] order = new int[n];
    for (int s = 0; s < n; s++) order[s] = sites.isEmpty() ? s : sites.get(s);
    return order;
  }

  public boolean isNoisy() { return circuit == null; }

  /**
   * Whether register readings are computed from the classical memory by the circuit (OpenQASM 3 classical
   * values), so that only a method reading {@link #circuit()} keys them right; null when not, else why.
   */
  public String computedRegisters() {
    if (circuit != null && circuit.hasStores()) {
      return label() + " assigns classical bits in a loop on measured bits (OpenQASM 3 classical code); the state vector runs it";
    }
    if (instructions.instructions().stream().anyMatch(i -> i instanceof NoisyInstruction.Store)) {
      return label() + " assigns classical bits in a loop on measured bits (OpenQASM 3 classical code);"
          + " the density-matrix and trajectory methods run it";
    }
    return circuit != null && circuit.memory() != null
        ? label() + " computes register values from its measurements (OpenQASM 3 classical code); the state vector runs it"
        : null;
  }

  public int numQubits() { return instructions.numQubits(); }

  public int numClbits() { return instructions.numClbits(); }

  /** Widest instruction, in qubits. */
  public int widestInstruction() {
    int w = 0;
    for (NoisyInstruction i : instructions.instructions()) w = Math.max(w, i.qubits().size());
    return w;
  }

  /** A name for messages: the circuit's, or "program". */
  public String label() { return circuit == null ? "the program" : "circuit " + circuit.name(); }
}
