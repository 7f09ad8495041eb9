package io.qubitd.kernel;

import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * SWAPs as a relabeling of the qubit order instead of a pass over memory: the relabeling tracks
 * where each circuit qubit's amplitudes sit in the state (its position), drops unconditioned SWAPs
 * by exchanging two positions, and renumbers every later operation onto positions. Whoever reads
 * the state afterwards reads positions: final measurements take them as they are, and a caller that
 * needs the circuit's own order gets the SWAPs that restore it ({@link #restoringSwaps}).
 */
public final class QubitRelabeling {
  private final int[] position;

  /** The identity order on {@code numQubits} qubits. */
  public QubitRelabeling(int numQubits) {
    position = new int[numQubits];
    for (int q = 0; q < numQubits; q++) position[q] = q;
  }

  /** Whether {@code op} is a SWAP this relabeling absorbs: unconditioned, without controls. */
  public static boolean absorbs(Operation op) {
    return op instanceof Operation.GateOp g && g.condition() == null && g.gate().kind() == GateKind.SWAP
        && g.gate().controls() == 0;
  }

  /** Absorbs a SWAP. Precondition: {@link #absorbs}(op). */
  public void swap(Operation.GateOp op) {
    int a = op.qubits().get(0), b = op.qubits().get(1);
    int t = position[a];
    position[a] = position[b];
    position[b] = t;
  }

  /** The position of circuit qubit {@code q}. */
  public int position(int q) { return position[q]; }

  /** {@code op} on positions (the same operation when the order is still the identity there). */
  public Operation onPositions(Operation op) {
    if (op instanceof Operation.GateOp g) {
      List<Integer> q = new ArrayList<>(g.qubits().size());
      boolean same = true;
      for (int x : g.qubits()) {
        q.add(position[x]);
        same &= position[x] == x;
      }
      return same ? g : new Operation.GateOp(g.gate(), q, g.condition());
    }
    if (op instanceof Operation.Measure m) return new Operation.Measure(position[m.qubit()], m.clbit(), m.condition());
    if (op instanceof Operation.Reset r) return new Operation.Reset(position[r.qubit()], r.condition());
    return op;
  }

  /** Gates without their unconditioned SWAPs, on positions. */
  public List<Operation.GateOp> absorbSwaps(List<Operation.GateOp> gates) {
    List<Operation.GateOp> out = new ArrayList<>(gates.size());
    for (Operation.GateOp g : gates) {
      if (absorbs(g)) swap(g);
      else out.add((Operation.GateOp) onPositions(g));
    }
    return out;
  }

  /** SWAPs on positions that bring every circuit qubit back to its own position; the order is then the identity. */
  public List<Operation.GateOp> restoringSwaps() {
    List<Operation.GateOp> out = new ArrayList<>();
    int n = position.length;
    int[] holder = new int[n];
    for (int q = 0; q < n; q++) holder[position[q]] = q;
    for (int q = 0; q < n; q++) {
      int at = position[q];
      if (at == q) continue;
      out.add(new Operation.GateOp(io.qubitd.circuit.Gate.of(GateKind.SWAP), List.of(q, at), null));
      // the qubit held at position q moves to where q was
      int other = holder[q];
      position[other] = at;
      holder[at] = other;
      position[q] = q;
      holder[q] = q;
    }
    return out;
  }
}
