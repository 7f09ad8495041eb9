package io.qubitd.device.noise;

import java.util.List;

/**
 * A schedule turned into what a noisy simulator runs: ideal gates interleaved with the chip's
 * noise channels, on compact qubits 0..n-1. Compact qubit i is physical qubit
 * {@code physicalQubits.get(i)}.
 */
public record NoisyProgram(List<Integer> physicalQubits, int numClbits, List<NoisyInstruction> instructions) {
  public NoisyProgram {
    physicalQubits = List.copyOf(physicalQubits);
    instructions = List.copyOf(instructions);
    if (numClbits < 0) throw new IllegalArgumentException("the number of classical bits must be >= 0, got " + numClbits);
    int n = physicalQubits.size();
    for (NoisyInstruction ins : instructions) {
      for (int q : ins.qubits()) {
        if (q < 0 || q >= n) throw new IllegalArgumentException(ins.getClass().getSimpleName() + " on qubit " + q + " outside 0.." + (n - 1));
      }
      if (ins instanceof NoisyInstruction.Measure m && (m.clbit() < 0 || m.clbit() >= numClbits)) {
        throw new IllegalArgumentException("measure into classical bit " + m.clbit() + " outside 0.." + (numClbits - 1));
      }
      if (ins instanceof NoisyInstruction.Store st) {
        for (int b : st.op().clbits()) if (b < 0 || b >= numClbits) throw new IllegalArgumentException("store writes classical bit " + b + " outside 0.." + (numClbits - 1));
        for (int b : st.op().reads()) if (b < 0 || b >= numClbits) throw new IllegalArgumentException("store reads classical bit " + b + " outside 0.." + (numClbits - 1));
      }
      if (ins.condition() != null) {
        for (int b : ins.condition().clbits()) {
          if (b < 0 || b >= numClbits) throw new IllegalArgumentException("condition reads classical bit " + b + " outside 0.." + (numClbits - 1));
        }
      }
    }
  }

  public int numQubits() { return physicalQubits.size(); }
}
