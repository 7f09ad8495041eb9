package io.qubitd.trainer.quantum;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The QTHA circuit of {@link QuantumLayer} as a flat list of rotations, each reading its angle
 * either from the input row u or from the trainable angles θ. Circuits for the kernel, the shot
 * sampler and the chip, and the adjoint sweep, are all made from this one list, so they agree.
 *
 * <p>θ layout, per layer l at offset 4·r·l: r forward-ring CRZ (i → i+1), r RY, r backward-ring
 * CRZ (i → i−1), r RY.
 */
public final class LayerAnsatz {

  /** Rotation kinds of the ansatz: RY(angle) on {@code target}, or CRZ(angle) from {@code control} to {@code target}. */
  public enum Rotation { RY, CRZ }

  /**
   * One gate; exactly one of {@code input} (index into u) and {@code parameter} (index into θ) is >= 0.
   *
   * @param control the CRZ's control qubit, -1 for RY
   */
  public record Step(Rotation rotation, int control, int target, int input, int parameter) {
    /** The gate's angle for this row and these trainable angles. */
    public double angle(double[] u, double[] theta) { return input >= 0 ? u[input] : theta[parameter]; }
  }

  private final int qubits;
  private final int layers;
  private final List<Step> steps;

  /** Precondition: qubits >= 2 (a ring needs two), layers >= 1. */
  public LayerAnsatz(int qubits, int layers) {
    if (qubits < 2) throw new IllegalArgumentException("the quantum layer needs at least 2 qubits for its CRZ rings, got " + qubits);
    if (layers < 1) throw new IllegalArgumentException("the quantum layer needs at least 1 layer, got " + layers);
    this.qubits = qubits;
    this.layers = layers;
    List<Step> s = new ArrayList<>(5 * qubits * layers);
    for (int l = 0; l < layers; l++) {
      int base = 4 * qubits * l;
      for (int i = 0; i < qubits; i++) s.add(new Step(Rotation.RY, -1, i, i, -1));
      for (int i = 0; i < qubits; i++) s.add(new Step(Rotation.CRZ, i, (i + 1) % qubits, -1, base + i));
      for (int i = 0; i < qubits; i++) s.add(new Step(Rotation.RY, -1, i, -1, base + qubits + i));
      for (int i = 0; i < qubits; i++) s.add(new Step(Rotation.CRZ, i, (i - 1 + qubits) % qubits, -1, base + 2 * qubits + i));
      for (int i = 0; i < qubits; i++) s.add(new Step(Rotation.RY, -1, i, -1, base + 3 * qubits + i));
    }
    this.steps = List.copyOf(s);
  }

  public int qubits() { return qubits; }

  public int layers() { return layers; }

  public int numParameters() { return 4 * qubits * layers; }

  /** The gates in circuit order. */
  public List<Step> steps() { return steps; }

  /** The unitary circuit (no measurements) for one row. Precondition: shapes as {@link #check}. */
  public Circuit circuit(double[] u, double[] theta) { return shifted(u, theta, -1, 0); }

  /** The circuit with step {@code shiftedStep}'s angle moved by {@code shift} (no shift when shiftedStep < 0). */
  public Circuit shifted(double[] u, double[] theta, int shiftedStep, double shift) {
    Circuit.Builder b = Circuit.builder(qubits, 0).name("qtha");
    for (int k = 0; k < steps.size(); k++) {
      Step st = steps.get(k);
      double a = st.angle(u, theta) + (k == shiftedStep ? shift : 0);
      if (st.rotation() == Rotation.RY) b.gate(Gate.of(GateKind.RY, a), st.target());
      else b.gate(Gate.controlled(GateKind.RZ, 1, a), st.control(), st.target());
    }
    return b.build();
  }

  /**
   * The ansatz as one OpenQASM 3 program with one {@code input float} per gate, a0..a(S−1) in step
   * order: the circuit family the chip compiles once and binds per row, shifted rows included (a
   * shift moves one gate's angle, and an input u_i drives L gates).
   */
  public String familyQasm() {
    StringBuilder q = new StringBuilder("OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
    for (int k = 0; k < steps.size(); k++) q.append("input float[64] a").append(k).append(";\n");
    q.append("qubit[").append(qubits).append("] q;\n");
    for (int k = 0; k < steps.size(); k++) {
      Step st = steps.get(k);
      if (st.rotation() == Rotation.RY) q.append("ry(a").append(k).append(") q[").append(st.target()).append("];\n");
      else q.append("crz(a").append(k).append(") q[").append(st.control()).append("], q[").append(st.target()).append("];\n");
    }
    return q.toString();
  }

  /** The name of {@link #familyQasm()}'s input for step k. */
  public static String familyInput(int k) { return "a" + k; }

  /** Each step's angle for one row: the binding of {@link #familyQasm()}. */
  public double[] stepAngles(double[] u, double[] theta) {
    double[] a = new double[steps.size()];
    for (int k = 0; k < a.length; k++) a[k] = steps.get(k).angle(u, theta);
    return a;
  }

  /** Throws naming the mismatch unless every row of u has r angles, θ has 4·r·L, and gradOut (when given) matches u. */
  public void check(double[][] u, double[] theta, double[][] gradOut) {
    if (theta == null || theta.length != numParameters()) {
      throw new IllegalArgumentException("theta must have 4·r·L = " + numParameters() + " angles, got "
          + (theta == null ? "null" : theta.length));
    }
    if (u == null) throw new IllegalArgumentException("u must not be null");
    for (int b = 0; b < u.length; b++) {
      if (u[b] == null || u[b].length != qubits) {
        throw new IllegalArgumentException("row " + b + " of u must have r = " + qubits + " angles, got "
            + (u[b] == null ? "null" : u[b].length));
      }
    }
    if (gradOut == null) return;
    if (gradOut.length != u.length) {
      throw new IllegalArgumentException("gradOut has " + gradOut.length + " rows for " + u.length + " rows of u");
    }
    for (int b = 0; b < gradOut.length; b++) {
      if (gradOut[b] == null || gradOut[b].length != qubits) {
        throw new IllegalArgumentException("row " + b + " of gradOut must have r = " + qubits + " values");
      }
    }
  }
}
