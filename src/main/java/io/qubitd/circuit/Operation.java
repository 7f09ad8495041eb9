package io.qubitd.circuit;

import java.util.List;

/** One instruction of a circuit. Qubit and bit indices are into the circuit's flat lists. */
public sealed interface Operation permits Operation.GateOp, Operation.Measure, Operation.Reset,
    Operation.Barrier, Operation.Delay, Operation.Store {

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

  /**
   * Classical assignment: where {@code condition} holds, bit {@code clbits.get(i)} becomes 1 exactly when
   * {@code values.get(i)} holds; every value is read before any bit is written. OpenQASM 3 values that a loop on
   * measured bits keeps assigning are written back to memory this way, so that they stay functions of a few
   * memory bits instead of growing into functions of every pass's measurements.
   */
  record Store(List<Integer> clbits, List<Condition> values, Condition condition) implements Operation {
    public Store {
      clbits = List.copyOf(clbits);
      values = List.copyOf(values);
      if (clbits.isEmpty() || clbits.size() != values.size()) {
        throw new IllegalArgumentException("a store needs one value per bit, got " + clbits.size() + " bit(s) and "
            + values.size() + " value(s)");
      }
      if (clbits.stream().distinct().count() != clbits.size()) throw new IllegalArgumentException("store repeats a bit in " + clbits);
    }

    @Override public List<Integer> qubits() { return List.of(); }

    /** Every classical bit the store reads: its values' and its condition's. */
    public List<Integer> reads() {
      java.util.Set<Integer> r = new java.util.TreeSet<>();
      for (Condition v : values) r.addAll(v.clbits());
      if (condition != null) r.addAll(condition.clbits());
      return List.copyOf(r);
    }

    /** The classical memory after the store, from the memory {@code bits} before it (bit i of the long is clbit i). */
    public long apply(long bits) {
      if (condition != null && !condition.holds(bits)) return bits;
      long out = bits;
      for (int i = 0; i < clbits.size(); i++) {
        long bit = 1L << clbits.get(i);
        out = values.get(i).holds(bits) ? out | bit : out & ~bit;
      }
      return out;
    }
  }
}
