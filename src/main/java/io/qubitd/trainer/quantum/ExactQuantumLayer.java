package io.qubitd.trainer.quantum;

import io.qubitd.circuit.Circuit;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.StateVector;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exact expectations from the kernel's state vector, gradients by adjoint differentiation: one
 * circuit per row for the forward pass, and one per row for the backward pass (the forward state is
 * recomputed, then swept back), whatever the number of angles.
 */
public final class ExactQuantumLayer implements QuantumLayer {
  private final LayerAnsatz ansatz;
  private final IdealSimulator simulator;
  private final AtomicLong circuits = new AtomicLong();

  public ExactQuantumLayer(LayerAnsatz ansatz, IdealSimulator simulator) {
    this.ansatz = ansatz;
    this.simulator = simulator;
  }

  @Override
  public int qubits() { return ansatz.qubits(); }

  @Override
  public int layers() { return ansatz.layers(); }

  @Override
  public double[][] forward(double[][] u, double[] theta) {
    ansatz.check(u, theta, null);
    double[][] z = new double[u.length][];
    for (int b = 0; b < u.length; b++) {
      z[b] = ExpectationOps.fromProbabilities(state(u[b], theta).probabilities(), ansatz.qubits());
    }
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
      StateVector s = state(u[b], theta);
      for (int k = 0; k < dim; k++) {
        re[k] = s.re(k);
        im[k] = s.im(k);
      }
      AdjointDifferentiation.accumulate(ansatz, re, im, u[b], theta, gradOut[b], gradU[b], gradTheta);
    }
    return new Gradients(gradU, gradTheta);
  }

  @Override
  public long circuitsEvaluated() { return circuits.get(); }

  private StateVector state(double[] row, double[] theta) {
    Circuit c = ansatz.circuit(row, theta);
    circuits.incrementAndGet();
    return simulator.finalState(c);
  }
}
