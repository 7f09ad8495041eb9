package io.qubitd.circuit;

import java.util.List;

/** One instruction of a circuit. Qubit and bit indices are into the circuit's flat lists. */
public sealed interface Operation permits Operation.GateOp, Operation.Measure, Operation.Reset,
    Operation.Barrier, Operation.Delay {

  /** The qubits the operation touches, in order. */
  List<Integer> qubits();

  /** The classical condition, or null when the operation always runs. */
  Condition condition();

  /** A unitary gate on {@code qubits} (controls first, see {@link Gate}). */
  record GateOp(Gate gate, List<Integer> qubits, Condition condition) implements Operation {
    public GateOp {
      qubits = List.copyOf(qubits);
      if (qubits.size() != gate.arity()) {
        throw new IllegalArgumentException(
            "gate " + gate + " acts on " + gate.arity() + " qubit(s), given " + qubits.size());
      }
      if (qubits.stream().distinct().count() != qubits.size()) {
        throw new IllegalArgumentException("gate " + gate + " repeats a qubit in " + qubits);
      }
    }

    public GateOp(Gate gate, List<Integer> qubits) { this(gate, qubits, null); }
  }

  /** Measure {@code qubit} in the Z basis into classical bit {@code clbit}. */
  record Measure(int qubit, int clbit, Condition condition) implements Operation {
    public Measure(int qubit, int clbit) { this(qubit, clbit, null); }
    @Override public List<Integer> qubits() { return List.of(qubit); }
  }

  /** Reset {@code qubit} to |0⟩. */
  record Reset(int qubit, Condition condition) implements Operation {
    public Reset(int qubit) { this(qubit, null); }
    @Override public List<Integer> qubits() { return List.of(qubit); }
  }

  /** A scheduling barrier: no effect on the state; no gate moves across it. */
  record Barrier(List<Integer> qubits) implements Operation {
    public Barrier { qubits = List.copyOf(qubits); }
    @Override public Condition condition() { return null; }
  }

  /** Idle {@code qubit} for {@code seconds}: the identity ideally, decay and dephasing on a chip. */
  record Delay(int qubit, double seconds) implements Operation {
    public Delay {
      if (!(seconds >= 0)) throw new IllegalArgumentException("delay must be >= 0 s, got " + seconds);
    }
    @Override public List<Integer> qubits() { return List.of(qubit); }
    @Override public Condition condition() { return null; }
  }
}
