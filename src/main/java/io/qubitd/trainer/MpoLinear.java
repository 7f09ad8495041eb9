package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.qubitd.trainer.tensor.TensorTrainMatrix;
import io.qubitd.trainer.tensor.TensorTrainOps;
import java.util.ArrayList;
import java.util.List;

/**
 * A linear map in tensor-train (MPO) form as a DJL block: the same core-by-core contraction as
 * {@link TensorTrainOps#apply}, written with reshapes, transposes and matrix products so autograd
 * reaches every core. Acts on the last axis.
 */
final class MpoLinear extends AbstractBlock {
  private final TensorTrainMatrix shape;
  private final List<Parameter> cores = new ArrayList<>();

  MpoLinear(List<Integer> inFactors, List<Integer> outFactors, int bond) {
    this.shape = TensorTrainMatrix.zeros(inFactors, outFactors, bond);
    for (int k = 0; k < shape.order(); k++) {
      cores.add(addParameter(Parameter.builder().setName("core" + k).setType(Parameter.Type.WEIGHT)
          .optShape(new Shape(shape.coreShape(k))).optInitializer(Initializer.ZEROS).build()));
    }
  }

  int inDim() { return shape.inDim(); }

  int outDim() { return shape.outDim(); }

  /**
   * Gaussian cores with σ_k = 1/√(in_k·rank_k), which keeps the output's variance near the input's;
   * the last core stays zero when {@code zeroLast} (so the path starts silent, like LoRA's B).
   */
  void randomize(NDManager m, DataType type, SplitMix rnd, boolean zeroLast) {
    initialize(m, type);
    for (int k = 0; k < cores.size(); k++) {
      if (zeroLast && k == cores.size() - 1) continue;
      long[] s = shape.coreShape(k);
      NdArrays.set(cores.get(k).getArray(),
          rnd.gaussians((int) (s[0] * s[1] * s[2] * s[3]), 1 / Math.sqrt(s[0] * s[1])));
    }
  }

  /** The current cores as plain numbers. */
  TensorTrainMatrix toTensorTrain() {
    double[][] values = new double[cores.size()][];
    for (int k = 0; k < cores.size(); k++) values[k] = NdArrays.toDoubles(cores.get(k).getArray());
    return new TensorTrainMatrix(shape.inFactors(), shape.outFactors(), shape.ranks(), values);
  }

  /** y = W·x on the last axis of x. */
  NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    Shape lead = x.getShape().slice(0, x.getShape().dimension() - 1);
    long n = lead.size();
    long rem = shape.inDim();
    long done = 1;
    NDArray state = x.reshape(n, rem, 1, 1);
    for (int k = 0; k < shape.order(); k++) {
      long[] s = shape.coreShape(k);
      long r0 = s[0];
      long ik = s[1];
      long ok = s[2];
      long r1 = s[3];
      long remNext = rem / ik;
      NDArray g = ps.getValue(cores.get(k), x.getDevice(), training);
      // (n, ik, remNext, done, r0) → (n, remNext, done, ik, r0) → rows of (ik·r0)
      NDArray rows = state.reshape(n, ik, remNext, done, r0).transpose(0, 2, 3, 1, 4).reshape(n * remNext * done, ik * r0);
      NDArray gm = g.transpose(1, 0, 2, 3).reshape(ik * r0, ok * r1);
      state = rows.matMul(gm).reshape(n, remNext, done * ok, r1);
      rem = remNext;
      done *= ok;
    }
    return state.reshape(lead.addAll(new Shape(done)));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(ps, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {in.slice(0, in.dimension() - 1).addAll(new Shape(shape.outDim()))};
  }
}
