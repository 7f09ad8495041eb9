package io.qubitd.trainer.quantum;

import io.qubitd.kernel.IdealSimulator;

/**
 * Expectations from a finite number of noiseless shots per circuit, gradients by parameter shift:
 * what hardware would give without its noise, for studying the cost of sampling alone.
 */
public final class ShotsQuantumLayer implements QuantumLayer {
  private final ShiftRuleLayer layer;

  /** Precondition: shots >= 1. */
  public ShotsQuantumLayer(LayerAnsatz ansatz, IdealSimulator simulator, int shots, long seed) {
    this.layer = new ShiftRuleLayer(ansatz, new ShotsEstimator(simulator, shots, seed));
  }

  @Override
  public int qubits() { return layer.qubits(); }

  @Override
  public int layers() { return layer.layers(); }

  @Override
  public double[][] forward(double[][] u, double[] theta) { return layer.forward(u, theta); }

  @Override
  public Gradients backward(double[][] u, double[] theta, double[][] gradOut) { return layer.backward(u, theta, gradOut); }

  @Override
  public long circuitsEvaluated() { return layer.circuitsEvaluated(); }
}
