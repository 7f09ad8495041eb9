package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A trainable correction added to a frozen projection: h = W0·x + delta(x), on (batch, time, d).
 * All of its DJL parameters train; the quantum adapter also holds angles outside DJL.
 */
abstract class ProjectionAdapter extends AbstractBlock {

  /** The correction for x of shape (batch, time, d); same shape out. */
  abstract NDArray delta(ParameterStore ps, NDArray x, boolean training);

  /** Trainable numbers of this adapter, angles included. */
  long trainableParameters() {
    long n = 0;
    for (var p : getParameters().values()) n += p.getShape().size();
    return n;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(delta(ps, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
