package io.qubitd.trainer.quantum;

import io.qubitd.scheduler.GatewayProtocol;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The layer on an emulated chip through the daemon: circuits compiled onto the backend with its
 * noise, ⟨Z_i⟩ from measured counts, gradients by parameter shift. Each call blocks until the
 * chip has answered; run it off the actors' default dispatcher.
 */
public final class ChipQuantumLayer implements QuantumLayer {
  private final ChipEstimator chip;
  private final ShiftRuleLayer layer;

  public ChipQuantumLayer(LayerAnsatz ansatz, ActorSystem<?> system, ActorRef<GatewayProtocol.Command> gateway,
                          QuantumSettings settings) {
    this.chip = new ChipEstimator(system, gateway, settings);
    this.layer = new ShiftRuleLayer(ansatz, chip);
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

  /** Jobs submitted to the backend so far. */
  public long jobsSubmitted() { return chip.jobsSubmitted(); }
}
