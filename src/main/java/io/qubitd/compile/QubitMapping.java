package io.qubitd.compile;

import io.qubitd.circuit.Operation;

/** Moving operations between qubit numberings (logical, region positions, physical). */
final class QubitMapping {
  private QubitMapping() {}

  /** The operation with every qubit q replaced by map[q]. */
  static Operation remap(Operation op, int[] map) {
    if (op instanceof Operation.GateOp g) {
      return new Operation.GateOp(g.gate(), g.qubits().stream().map(q -> map[q]).toList(), g.condition());
    } else if (op instanceof Operation.Measure me) {
      return new Operation.Measure(map[me.qubit()], me.clbit(), me.condition());
    } else if (op instanceof Operation.Reset r) {
      return new Operation.Reset(map[r.qubit()], r.condition());
    } else if (op instanceof Operation.Store st) {
      return st;
    } else if (op instanceof Operation.Barrier b) {
      return new Operation.Barrier(b.qubits().stream().map(q -> map[q]).toList());
    } else {
      Operation.Delay d = (Operation.Delay) op;
      return new Operation.Delay(map[d.qubit()], d.seconds());
    }
  }
}
