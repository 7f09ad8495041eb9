package io.qubitd.device.noise;

import io.qubitd.circuit.Condition;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.ZMatrixRMaj;

/**
 * One step of a {@link NoisyProgram}, on the program's compact qubit indices. Matrices are
 * little-endian in the instruction's qubit order (as for {@link io.qubitd.circuit.Gate}) and
 * must not be modified once built. {@code condition} is null when the step always runs.
 */
public sealed interface NoisyInstruction permits NoisyInstruction.Channel, NoisyInstruction.Measure, NoisyInstruction.Store {

  /** Tolerance for probabilities summing to 1 and Kraus completeness. */
  double COMPLETENESS_TOLERANCE = 1e-9;

  List<Integer> qubits();

  Condition condition();

  /** A quantum channel given by Kraus operators: every instruction but measure. */
  sealed interface Channel extends NoisyInstruction permits Unitary, MixedUnitary, KrausChannel, Reset {
    /** Kraus operators K_i with Σ K_i†K_i = I, on {@link #qubits()}. */
    List<ZMatrixRMaj> krausOperators();
  }

  /** A unitary (an ideal gate, or a coherent error such as residual ZZ). */
  record Unitary(ZMatrixRMaj matrix, List<Integer> qubits, Condition condition) implements Channel {
    public Unitary {
      qubits = List.copyOf(qubits);
      checkShape(matrix, qubits, "unitary");
    }

    @Override public List<ZMatrixRMaj> krausOperators() { return List.of(matrix); }
  }

  /**
   * Unitary U_i applied with probability p_i (Pauli channels: depolarizing, dephasing). Cheap for
   * trajectories, which pick one U_i per shot.
   */
  record MixedUnitary(List<Double> probabilities, List<ZMatrixRMaj> unitaries, List<Integer> qubits, Condition condition)
      implements Channel {
    public MixedUnitary {
      probabilities = List.copyOf(probabilities);
      unitaries = List.copyOf(unitaries);
      qubits = List.copyOf(qubits);
      if (probabilities.size() != unitaries.size() || unitaries.isEmpty()) {
        throw new IllegalArgumentException("mixed unitary needs one probability per unitary, got "
            + probabilities.size() + " and " + unitaries.size());
      }
      double sum = 0;
      for (double p : probabilities) {
        if (!(p >= 0)) throw new IllegalArgumentException("negative probability " + p + " in mixed unitary");
        sum += p;
      }
      if (Math.abs(sum - 1) > COMPLETENESS_TOLERANCE) throw new IllegalArgumentException("mixed-unitary probabilities sum to " + sum);
      for (ZMatrixRMaj u : unitaries) checkShape(u, qubits, "mixed unitary");
    }

    @Override public List<ZMatrixRMaj> krausOperators() {
      List<ZMatrixRMaj> ks = new ArrayList<>();
      for (int i = 0; i < unitaries.size(); i++) {
        ZMatrixRMaj k = unitaries.get(i).copy();
        double s = Math.sqrt(probabilities.get(i));
        for (int j = 0; j < k.data.length; j++) k.data[j] *= s;
        ks.add(k);
      }
      return ks;
    }
  }

  /** A general channel by its Kraus operators (amplitude damping). */
  record KrausChannel(List<ZMatrixRMaj> operators, List<Integer> qubits, Condition condition) implements Channel {
    public KrausChannel {
      operators = List.copyOf(operators);
      qubits = List.copyOf(qubits);
      if (operators.isEmpty()) throw new IllegalArgumentException("a Kraus channel needs at least one operator");
      for (ZMatrixRMaj k : operators) checkShape(k, qubits, "Kraus operator");
      checkComplete(operators);
    }

    @Override public List<ZMatrixRMaj> krausOperators() { return operators; }
  }

  /**
   * Z-basis measurement of {@code qubit} into classical bit {@code clbit}; the recorded bit is
   * wrong with probability {@code p01} = P(0|1) or {@code p10} = P(1|0). The state collapses on
   * the true outcome.
   */
  record Measure(int qubit, int clbit, double p01, double p10, Condition condition) implements NoisyInstruction {
    public Measure {
      if (!(p01 >= 0 && p01 <= 1) || !(p10 >= 0 && p10 <= 1)) {
        throw new IllegalArgumentException("readout errors must be probabilities, got P01=" + p01 + " P10=" + p10);
      }
    }

    @Override public List<Integer> qubits() { return List.of(qubit); }
  }

  /** Reset of {@code qubit} to |0⟩. */
  record Reset(int qubit, Condition condition) implements Channel {
    @Override public List<Integer> qubits() { return List.of(qubit); }

    @Override public List<ZMatrixRMaj> krausOperators() {
      ZMatrixRMaj k0 = new ZMatrixRMaj(2, 2);
      k0.set(0, 0, 1, 0);
      ZMatrixRMaj k1 = new ZMatrixRMaj(2, 2);
      k1.set(0, 1, 1, 0);
      return List.of(k0, k1);
    }
  }

  private static void checkShape(ZMatrixRMaj m, List<Integer> qubits, String what) {
    int d = 1 << qubits.size();
    if (m.numRows != d || m.numCols != d) {
      throw new IllegalArgumentException(what + " is " + m.numRows + "x" + m.numCols + " for " + qubits.size() + " qubit(s) " + qubits);
    }
    if (qubits.stream().distinct().count() != qubits.size()) throw new IllegalArgumentException(what + " repeats a qubit in " + qubits);
  }

  private static void checkComplete(List<ZMatrixRMaj> ks) {
    int d = ks.get(0).numRows;
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < d; c++) {
        double re = 0, im = 0;
        for (ZMatrixRMaj k : ks) {
          for (int i = 0; i < d; i++) {
            double ar = k.getReal(i, r), ai = -k.getImag(i, r), br = k.getReal(i, c), bi = k.getImag(i, c);
            re += ar * br - ai * bi;
            im += ar * bi + ai * br;
          }
        }
        double want = r == c ? 1 : 0;
        if (Math.abs(re - want) > COMPLETENESS_TOLERANCE || Math.abs(im) > COMPLETENESS_TOLERANCE) {
          throw new IllegalArgumentException("Kraus operators are not trace preserving: (ΣK†K)[" + r + "," + c + "] = " + re + "+" + im + "i");
        }
      }
    }
  }

  /** A classical store ({@link io.qubitd.circuit.Operation.Store}): sets classical bits, touches no qubit. */
  record Store(io.qubitd.circuit.Operation.Store op) implements NoisyInstruction {
    @Override public List<Integer> qubits() { return List.of(); }
    @Override public Condition condition() { return op.condition(); }
  }
}
