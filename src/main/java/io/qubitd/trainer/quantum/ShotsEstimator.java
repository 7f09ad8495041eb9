package io.qubitd.trainer.quantum;

import io.qubitd.circuit.Circuit;
import io.qubitd.kernel.IdealSimulator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * ⟨Z_i⟩ estimated from {@code shots} noiseless samples per circuit: the statistical error of real
 * hardware without its noise. Each circuit draws its own seed from one stream, so a run is reproducible.
 */
public final class ShotsEstimator implements ExpectationEstimator {
  private final IdealSimulator simulator;
  private final int shots;
  private final SplittableRandom seeds;

  /** Precondition: shots >= 1. */
  public ShotsEstimator(IdealSimulator simulator, int shots, long seed) {
    if (shots < 1) throw new IllegalArgumentException("qubitd.trainer.quantum.shots must be >= 1, got " + shots);
    this.simulator = simulator;
    this.shots = shots;
    this.seeds = new SplittableRandom(seed);
  }

  @Override
  public synchronized double[][] zExpectations(List<Circuit> circuits) {
    double[][] out = new double[circuits.size()][];
    for (int c = 0; c < out.length; c++) {
      Circuit circuit = circuits.get(c);
      var result = simulator.run(circuit.withDefaultMeasurements(), shots, seeds.nextLong(), false);
      out[c] = ExpectationOps.fromCounts(result.counts(), circuit.numQubits());
    }
    return out;
  }
}
