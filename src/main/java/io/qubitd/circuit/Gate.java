package io.qubitd.circuit;

import java.util.List;
import org.ejml.data.ZMatrixRMaj;

/**
 * A unitary gate: a base kind with parameters, controlled on {@code controls} extra qubits.
 *
 * <p>Qubit order convention used everywhere in qubitd: a gate applied to qubits
 * {@code (q_0, ..., q_{k-1})} lists its controls first, then the base gate's targets, and
 * its matrix is indexed little-endian, basis index {@code b = Σ_j bit(q_j) << j} (Qiskit's
 * convention). So {@code cx c,t} has the control as bit 0 of the matrix index.
 */
public record Gate(GateKind kind, List<Double> params, int controls) {

  public Gate {
    params = List.copyOf(params);
    if (params.size() != kind.params()) {
      throw new IllegalArgumentException(
          kind.qasmName() + " takes " + kind.params() + " parameter(s), got " + params.size());
    }
    if (controls < 0) {
      throw new IllegalArgumentException("negative control count " + controls);
    }
    if (kind == GateKind.GPHASE && controls > 0) {
      throw new IllegalArgumentException("a controlled gphase is a phase gate on its last control");
    }
  }

  public static Gate of(GateKind kind, double... params) {
    return new Gate(kind, boxed(params), 0);
  }

  public static Gate controlled(GateKind kind, int controls, double... params) {
    return new Gate(kind, boxed(params), controls);
  }

  private static List<Double> boxed(double[] params) {
    Double[] b = new Double[params.length];
    for (int i = 0; i < params.length; i++) b[i] = params[i];
    return List.of(b);
  }

  /** Number of qubits the gate acts on, controls included. */
  public int arity() { return kind.qubits() + controls; }

  public double param(int i) { return params.get(i); }

  public boolean isDiagonal() { return kind.diagonal(); }

  /** This gate with one more control qubit in front (the new control becomes qubit 0). */
  public Gate withControl() {
    if (kind == GateKind.GPHASE) {
      return new Gate(GateKind.P, params, 0);
    }
    return new Gate(kind, params, controls + 1);
  }

  /** The matrix of the base gate on {@code kind.qubits()} qubits. */
  public ZMatrixRMaj baseMatrix() { return GateMatrices.base(kind, params); }

  /** The full 2^arity matrix, controls included, in the little-endian convention above. */
  public ZMatrixRMaj matrix() { return GateMatrices.controlled(baseMatrix(), controls); }

  /** The inverse gate, expressed with the IR's own kinds. */
  public Gate inverse() {
    GateKind k = kind;
    List<Double> p = params;
    switch (kind) {
      case S: k = GateKind.SDG; break;
      case SDG: k = GateKind.S; break;
      case T: k = GateKind.TDG; break;
      case TDG: k = GateKind.T; break;
      case SX: k = GateKind.SXDG; break;
      case SXDG: k = GateKind.SX; break;
      case RX: case RY: case RZ: case P: case GPHASE: case RXX: case RYY: case RZZ: case RZX:
        p = List.of(-p.get(0));
        break;
      case U2:
        k = GateKind.U;
        p = List.of(-Math.PI / 2, -p.get(1), -p.get(0));
        break;
      case U:
        p = List.of(-p.get(0), -p.get(2), -p.get(1));
        break;
      default:
        break;
    }
    return new Gate(k, p, controls);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("c".repeat(controls)).append(kind.qasmName());
    if (!params.isEmpty()) {
      sb.append('(');
      for (int i = 0; i < params.size(); i++) {
        if (i > 0) sb.append(',');
        sb.append(params.get(i));
      }
      sb.append(')');
    }
    return sb.toString();
  }
}
