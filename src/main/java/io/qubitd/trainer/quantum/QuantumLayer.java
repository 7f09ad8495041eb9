package io.qubitd.trainer.quantum;

/**
 * The quantum layer Q of the QTHA adapter, as the classical side sees it: r qubits, L layers;
 * each layer is RY(u_i) on every qubit (angle encoding), a ring of trainable CRZ from i to i+1,
 * trainable RY, a ring of trainable CRZ from i to i−1, trainable RY. The output is ⟨Z_i⟩ for
 * every qubit, one circuit per input row (token).
 *
 * <p>Implementations differ in how expectations are obtained — exactly from the state, from
 * sampled shots, or from circuits compiled onto a noisy chip — and in how gradients are taken
 * (adjoint differentiation in exact mode, the parameter-shift rule otherwise: two-term for RY,
 * four-term for CRZ). Pure: no DJL, no Pekko in this interface.
 */
public interface QuantumLayer {

  /** The circuit every row runs: its qubits, layers and angle layout. */
  LayerAnsatz ansatz();

  /** Qubits r (equals the adapter's rank). */
  default int qubits() { return ansatz().qubits(); }

  /** Layers L. */
  default int layers() { return ansatz().layers(); }

  /** Trainable angles: per layer r CRZ + r RY + r CRZ + r RY = 4·r·L. */
  default int numParameters() { return 4 * qubits() * layers(); }

  /**
   * ⟨Z_i⟩ for each row: {@code u} is batch × r encoding angles, {@code theta} the trainable angles
   * (length {@link #numParameters()}); returns batch × r.
   */
  double[][] forward(double[][] u, double[] theta);

  /**
   * Vector–Jacobian products: given dL/d⟨Z⟩ ({@code gradOut}, batch × r) at ({@code u}, {@code theta}),
   * returns dL/du (batch × r) and dL/dθ (summed over the batch).
   */
  Gradients backward(double[][] u, double[] theta, double[][] gradOut);

  /** Circuits evaluated so far (forward and gradient circuits), for progress reports. */
  long circuitsEvaluated();

  /** dL/du and dL/dθ. */
  record Gradients(double[][] input, double[] theta) {}
}
