package io.qubitd.circuit;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable circuit: flat lists of qubits and classical bits (grouped into registers for
 * naming and for printing results) and an ordered list of operations; {@code memory} describes
 * classical memory beyond the registers, null when the registers are all of it.
 */
public record Circuit(String name, List<Register> qregs, List<Register> cregs, List<Operation> operations,
                      ClassicalMemory memory) {

  public Circuit {
    qregs = List.copyOf(qregs);
    cregs = List.copyOf(cregs);
    operations = List.copyOf(operations);
    int nq = total(qregs), nc = Math.max(total(cregs), memory == null ? 0 : memory.bits());
    for (Operation op : operations) {
      for (int q : op.qubits()) {
        if (q < 0 || q >= nq) {
          throw new IllegalArgumentException("operation " + op + " uses qubit " + q + " of " + nq);
        }
      }
      if (op instanceof Operation.Measure m && (m.clbit() < 0 || m.clbit() >= nc)) {
        throw new IllegalArgumentException("measure writes bit " + m.clbit() + " of " + nc);
      }
      if (op.condition() != null) {
        for (int b : op.condition().clbits()) {
          if (b < 0 || b >= nc) throw new IllegalArgumentException("condition reads bit " + b + " of " + nc);
        }
      }
      if (op instanceof Operation.Store st) {
        for (int b : st.clbits()) if (b < 0 || b >= nc) throw new IllegalArgumentException("store writes bit " + b + " of " + nc);
        for (int b : st.reads()) if (b < 0 || b >= nc) throw new IllegalArgumentException("store reads bit " + b + " of " + nc);
      }
    }
  }

  public Circuit(String name, List<Register> qregs, List<Register> cregs, List<Operation> operations) {
    this(name, qregs, cregs, operations, null);
  }

  /** The register bits at the end of a run that left {@code clbits} in classical memory. */
  public long finalBits(long clbits) { return memory == null ? clbits : memory.finalBits(clbits); }

  private static int total(List<Register> regs) {
    int n = 0;
    for (Register r : regs) n = Math.max(n, r.offset() + r.size());
    return n;
  }

  public int numQubits() { return total(qregs); }

  public int numClbits() { return Math.max(total(cregs), memory == null ? 0 : memory.bits()); }

  /** True when some operation comes after a measurement, resets, or is classically conditioned. */
  public boolean isDynamic() {
    boolean measured = false;
    for (Operation op : operations) {
      if (op.condition() != null || op instanceof Operation.Reset || op instanceof Operation.Store) return true;
      if (op instanceof Operation.Measure) {
        measured = true;
      } else if (measured && !(op instanceof Operation.Barrier)) {
        return true;
      }
    }
    return false;
  }

  /** True when the circuit assigns classical bits other than by measurement ({@link Operation.Store}). */
  public boolean hasStores() {
    return operations.stream().anyMatch(op -> op instanceof Operation.Store);
  }

  public boolean hasMeasurements() {
    return operations.stream().anyMatch(op -> op instanceof Operation.Measure);
  }

  /**
   * This circuit if it measures anything; otherwise the circuit with a classical register
   * {@code meas} and every qubit i measured into bit i at the end.
   */
  public Circuit withDefaultMeasurements() {
    if (hasMeasurements()) return this;
    int n = numQubits();
    List<Operation> ops = new ArrayList<>(operations);
    for (int q = 0; q < n; q++) ops.add(new Operation.Measure(q, q));
    return new Circuit(name, qregs, List.of(new Register("meas", 0, n)), ops);
  }

  /**
   * The circuit's unitary part: this circuit without its final measurements, for expectation
   * values of the state before readout. Throws when it measures mid-circuit, resets or
   * branches on classical bits, since then there is no single state to take them of.
   */
  public Circuit withoutFinalMeasurements() {
    if (isDynamic()) {
      throw new IllegalArgumentException("circuit " + name + " measures mid-circuit, resets or uses conditions;"
          + " expectation values need a circuit whose measurements all come at the end");
    }
    List<Operation> ops = new ArrayList<>();
    for (Operation op : operations) {
      if (!(op instanceof Operation.Measure)) ops.add(op);
    }
    return new Circuit(name, qregs, cregs, ops, memory);
  }

  /** A builder for circuits made in code (tests, calibration experiments, the trainer). */
  public static Builder builder(int qubits, int clbits) { return new Builder(qubits, clbits); }

  public static final class Builder {
    private final List<Register> qregs = new ArrayList<>();
    private final List<Register> cregs = new ArrayList<>();
    private final List<Operation> ops = new ArrayList<>();
    private String name = "circuit";

    private Builder(int qubits, int clbits) {
      if (qubits > 0) qregs.add(new Register("q", 0, qubits));
      if (clbits > 0) cregs.add(new Register("c", 0, clbits));
    }

    public Builder name(String n) { this.name = n; return this; }

    public Builder gate(GateKind kind, int... qubits) {
      return gate(Gate.of(kind), qubits);
    }

    public Builder gate(Gate g, int... qubits) {
      ops.add(new Operation.GateOp(g, ints(qubits)));
      return this;
    }

    public Builder gate(Gate g, Condition c, int... qubits) {
      ops.add(new Operation.GateOp(g, ints(qubits), c));
      return this;
    }

    public Builder measure(int qubit, int clbit) { ops.add(new Operation.Measure(qubit, clbit)); return this; }

    public Builder reset(int qubit) { ops.add(new Operation.Reset(qubit)); return this; }

    public Builder barrier(int... qubits) { ops.add(new Operation.Barrier(ints(qubits))); return this; }

    public Builder delay(int qubit, double seconds) { ops.add(new Operation.Delay(qubit, seconds)); return this; }

    public Builder add(Operation op) { ops.add(op); return this; }

    public Circuit build() { return new Circuit(name, qregs, cregs, ops); }

    private static List<Integer> ints(int[] a) {
      List<Integer> l = new ArrayList<>(a.length);
      for (int x : a) l.add(x);
      return l;
    }
  }
}
