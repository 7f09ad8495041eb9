package io.qubitd.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.qubitd.trainer.quantum.QuantumLayer;
import java.util.List;

/**
 * Loss and gradients of the adapted model, with the graph split at every quantum layer call.
 *
 * <p>Forward: DJL records the graph; at each call of Q the input u stays in the graph and the
 * output q enters as a new leaf (see {@link QuantumTape}). Backward: one pass from the loss leaves
 * dL/dq on every leaf and the direct part of every gradient. Then, from the last call to the first,
 * Q.backward turns the now complete dL/dq into dL/du and dL/dθ, and a backward pass of the surrogate
 * Σ u ⊙ dL/du (dL/du a constant) adds dL/du's share to every parameter and to the leaves of earlier
 * calls. Each pass keeps the graph for the next, the last frees it. The forward order is a
 * topological order of the calls, so each call's dL/dq is complete when its turn comes.
 */
final class HybridBackprop {
  private HybridBackprop() {}

  /**
   * Mean cross-entropy of the batch's answer tokens; leaves dL/dw in the gradient of every
   * parameter of {@code trainable} (which it first clears) and dL/dθ in each quantum adapter called.
   * {@code tape} may be null when no adapter calls a quantum layer.
   */
  @SuppressWarnings("try") // the collector is never read: it records the graph while open
  static double lossAndGradients(DecoderModel model, List<Parameter> trainable, QuantumTape tape,
                                 TokenBatch batch, NDManager m) {
    for (Parameter p : trainable) JniUtils.zeroGrad((PtNDArray) p.getArray());
    DataType type = model.getParameters().valueAt(0).getArray().getDataType();
    if (tape != null) tape.start(true);
    ParameterStore ps = new ParameterStore(m, false);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray loss = loss(model, ps, batch, m, type, true);
      double value = NdArrays.toDoubles(loss)[0];
      List<QuantumTape.Call> calls = tape == null ? List.of() : tape.calls();
      backward(loss, !calls.isEmpty());
      for (QuantumTape.Call call : calls) call.adapter().clearThetaGradient();
      for (int i = calls.size() - 1; i >= 0; i--) {
        QuantumTape.Call call = calls.get(i);
        QuantumLayer.Gradients g = tape.backward(call, NdArrays.toRows(call.q().getGradient()));
        call.adapter().addThetaGradient(g.theta());
        NDArray surrogate = call.u().mul(NdArrays.create(m, g.input(), type)).sum();
        backward(surrogate, i > 0);
      }
      return value;
    } finally {
      if (tape != null) tape.start(false);
    }
  }

  /** Mean cross-entropy of the answer tokens, without gradients. */
  static double loss(DecoderModel model, TokenBatch batch, NDManager m) {
    DataType type = model.getParameters().valueAt(0).getArray().getDataType();
    return NdArrays.toDoubles(loss(model, new ParameterStore(m, false), batch, m, type, false))[0];
  }

  private static NDArray loss(DecoderModel model, ParameterStore ps, TokenBatch batch, NDManager m, DataType type,
                              boolean training) {
    NDArray logits = model.logits(ps, batch.inputArray(m), training);
    return logits.logSoftmax(-1).mul(batch.targetWeights(m, type)).sum().neg();
  }

  private static void backward(NDArray target, boolean keepGraph) {
    // DJL's GradientCollector.backward always frees the graph; the hybrid pass needs it kept between passes.
    JniUtils.backward((PtNDArray) target, (PtNDArray) target.onesLike(), keepGraph, false);
  }
}
