package io.qubitd.trainer.quantum;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Exact expectations from the state vector, gradients by adjoint differentiation: one circuit per
 * row for the forward pass, and one per row for the backward pass (the forward state is recomputed,
 * then swept back), whatever the number of angles.
 */
public final class ExactQuantumLayer implements QuantumLayer {
  private final LayerAnsatz ansatz;
  private final AtomicLong circuits = new AtomicLong();

  public ExactQuantumLayer(LayerAnsatz ansatz) { this.ansatz = ansatz; }

  @Override
  public LayerAnsatz ansatz() { return ansatz; }

  @Override
  public double[][] forward(double[][] u, double[] theta) {
    ansatz.check(u, theta, null);
    int dim = 1 << ansatz.qubits();
    double[] re = new double[dim], im = new double[dim];
    double[][] z = new double[u.length][];
    for (int b = 0; b < u.length; b++) {
      AnsatzStates.finalState(ansatz, u[b], theta, re, im);
      z[b] = AnsatzStates.zExpectations(re, im, ansatz.qubits());
    }
    circuits.addAndGet(u.length);
    return z;
  }

  @Override
  public Gradients backward(double[][] u, double[] theta, double[][] gradOut) {
    ansatz.check(u, theta, gradOut);
    int dim = 1 << ansatz.qubits();
    double[][] gradU = new double[u.length][ansatz.qubits()];
    double[] gradTheta = new double[ansatz.numParameters()];
    double[] re = new double[dim], im = new double[dim];
    for (int b = 0; b < u.length; b++) {
      AnsatzStates.finalState(ansatz, u[b], theta, re, im);
      AdjointDifferentiation.accumulate(ansatz, re, im, u[b], theta, gradOut[b], gradU[b], gradTheta);
    }
    circuits.addAndGet(u.length);
    return new Gradients(gradU, gradTheta);
  }

  @Override
  public long circuitsEvaluated() { return circuits.get(); }
}
