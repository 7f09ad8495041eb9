package io.qubitd.backend;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Operation;
import io.qubitd.compile.NativeDecomposer;
import io.qubitd.device.noise.NoisyInstruction;
import io.qubitd.device.noise.NoisyProgram;
import io.qubitd.kernel.Interruption;
import io.qubitd.kernel.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A noiseless circuit as a {@link Program}: gates on one or two qubits as their unitaries, wider
 * gates decomposed into native one- and two-qubit gates (equal up to global phase, which no
 * outcome sees), measurements without readout error; barriers, delays and global phases do nothing.
 */
public final class IdealPrograms {
  private IdealPrograms() {}

  public static Program lower(Circuit circuit) {
    Circuit c = circuit.withDefaultMeasurements();
    List<NoisyInstruction> out = new ArrayList<>();
    for (Operation op : c.operations()) {
      Interruption.check();
      if (op instanceof Operation.GateOp g) {
        if (g.qubits().isEmpty()) continue;
        if (g.qubits().size() <= 2) {
          out.add(new NoisyInstruction.Unitary(g.gate().matrix(), g.qubits(), g.condition()));
        } else {
          for (Operation.GateOp n : NativeDecomposer.decompose(g.gate(), g.qubits(), g.condition())) {
            out.add(new NoisyInstruction.Unitary(n.gate().matrix(), n.qubits(), n.condition()));
          }
        }
      } else if (op instanceof Operation.Measure m) {
        out.add(new NoisyInstruction.Measure(m.qubit(), m.clbit(), 0, 0, m.condition()));
      } else if (op instanceof Operation.Reset r) {
        out.add(new NoisyInstruction.Reset(r.qubit(), r.condition()));
      }
      // a classical store (Operation.Store) has no instruction: only the state vector, which runs the circuit
      // itself, takes such a program (Program.computedRegisters)
    }
    List<Integer> qubits = IntStream.range(0, c.numQubits()).boxed().toList();
    return Program.ideal(c, new NoisyProgram(qubits, c.numClbits(), out));
  }
}
