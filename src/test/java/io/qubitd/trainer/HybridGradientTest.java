package io.qubitd.trainer;

import io.qubitd.trainer.quantum.ExactQuantumLayer;
import io.qubitd.trainer.quantum.LayerAnsatz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hybrid step's gradients (autograd split at every quantum call, Q's own backward, surrogate
 * passes) against central finite differences of the full loss, in float64, through two layers so
 * that the second layer's quantum calls depend on the first's.
 */
class HybridGradientTest {
  private static final double STEP = 1e-6;
  /** Round-off of a central difference in float64: about 1e-16 · loss / STEP ≈ 2e-10; gradients here are ~1e-6. */
  private static final double ABS_TOL = 2e-9;
  private static final double REL_TOL = 1e-5;

  @Test
  void adapterAndAngleGradientsMatchFiniteDifferences() {
    NdArrays.offline();
    try (NDManager m = NDManager.newBaseManager()) {
      DecoderModel model = new DecoderModel(8, 2, 2, 32);
      Engine.getInstance().setRandomSeed(17);
      model.initialize(m, DataType.FLOAT64);
      model.freezeParameters(true);
      ExactQuantumLayer q = new ExactQuantumLayer(new LayerAnsatz(2, 2));
      QuantumTape tape = new QuantumTape(q);
      SplitMix rnd = new SplitMix(23);
      List<QthaAdapter> adapters = new ArrayList<>();
      for (DecoderModel.Layer layer : model.layers()) {
        layer.attach(() -> {
          QthaAdapter a = new QthaAdapter(List.of(4, 2), List.of(2, 1), 2, 4.0, tape);
          a.randomize(m, DataType.FLOAT64, rnd);
          adapters.add(a);
          return a;
        });
      }
      List<Parameter> trainable = new ArrayList<>();
      for (QthaAdapter a : adapters) {
        // every weight non-zero (MPO_B's last core starts at zero, which would hide most gradients)
        for (Parameter p : a.getParameters().values()) {
          NdArrays.set(p.getArray(), rnd.gaussians((int) p.getArray().size(), 0.7));
          trainable.add(p);
        }
      }
      TokenBatch batch = TokenBatch.of(MathTasks.wordProblems(2, 1, 9).train().stream()
          .map(e -> new MathTasks.Example(e.prompt().substring(e.prompt().length() - 12), e.answer())).toList(), 32);

      HybridBackprop.lossAndGradients(model, trainable, tape, batch, m);
      assertTrue(tape.calls().isEmpty(), "the tape is left not recording");
      int checked = 0;
      for (Parameter p : trainable) {
        double[] grad = NdArrays.toDoubles(p.getArray().getGradient());
        double[] w = NdArrays.toDoubles(p.getArray());
        for (int i = 0; i < w.length; i++) {
          double[] up = w.clone();
          double[] down = w.clone();
          up[i] += STEP;
          down[i] -= STEP;
          NdArrays.set(p.getArray(), up);
          double lUp = HybridBackprop.loss(model, batch, m);
          NdArrays.set(p.getArray(), down);
          double lDown = HybridBackprop.loss(model, batch, m);
          NdArrays.set(p.getArray(), w);
          double fd = (lUp - lDown) / (2 * STEP);
          assertEquals(fd, grad[i], ABS_TOL + REL_TOL * Math.abs(fd), p.getName() + "[" + i + "]");
          checked++;
        }
      }
      for (int k = 0; k < adapters.size(); k++) {
        QthaAdapter a = adapters.get(k);
        double[] grad = a.thetaGradient().clone();
        double[] theta = a.theta();
        for (int i = 0; i < theta.length; i++) {
          double t = theta[i];
          theta[i] = t + STEP;
          double lUp = HybridBackprop.loss(model, batch, m);
          theta[i] = t - STEP;
          double lDown = HybridBackprop.loss(model, batch, m);
          theta[i] = t;
          double fd = (lUp - lDown) / (2 * STEP);
          assertEquals(fd, grad[i], ABS_TOL + REL_TOL * Math.abs(fd), "adapter " + k + " θ[" + i + "]");
          checked++;
        }
      }
      assertEquals(adapters.stream().mapToLong(QthaAdapter::trainableParameters).sum(), checked);
    }
  }
}
