package io.qubitd.trainer.quantum;

import io.qubitd.circuit.Circuit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The layer over any {@link ExpectationEstimator}: one circuit per row forward, parameter shift
 * backward. Over the general kernel ({@link ExactEstimator}) it is the independent reference the tests hold
 * the adjoint and family paths against; training uses {@link ExactQuantumLayer} and {@link FamilyLayer}.
 */
public final class ShiftRuleLayer implements QuantumLayer {
  private final LayerAnsatz ansatz;
  private final ExpectationEstimator estimator;
  private final AtomicLong circuits = new AtomicLong();

  public ShiftRuleLayer(LayerAnsatz ansatz, ExpectationEstimator estimator) {
    this.ansatz = ansatz;
    this.estimator = estimator;
  }

  @Override
  public LayerAnsatz ansatz() { return ansatz; }

  @Override
  public double[][] forward(double[][] u, double[] theta) {
    ansatz.check(u, theta, null);
    List<Circuit> batch = new ArrayList<>(u.length);
    for (double[] row : u) batch.add(ansatz.circuit(row, theta));
    double[][] z = estimator.zExpectations(batch);
    circuits.addAndGet(batch.size());
    return z;
  }

  @Override
  public Gradients backward(double[][] u, double[] theta, double[][] gradOut) {
    Gradients g = ParameterShiftGradients.compute(ansatz, estimator, u, theta, gradOut);
    circuits.addAndGet((long) u.length * ParameterShiftGradients.circuitsPerRow(ansatz));
    return g;
  }

  @Override
  public long circuitsEvaluated() { return circuits.get(); }
}
