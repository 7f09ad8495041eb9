package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/** LoRA: delta(x) = (α/r)·B·A·x with A r×d (Gaussian, σ = 1/√d) and B d×r starting at zero. */
final class LoraAdapter extends ProjectionAdapter {
  private final Parameter a;
  private final Parameter b;
  private final double scale;

  LoraAdapter(int d, int r, double alpha) {
    this.scale = alpha / r;
    this.a = addParameter(Parameter.builder().setName("A").setType(Parameter.Type.WEIGHT).optShape(new Shape(r, d))
        .optInitializer(Initializer.ZEROS).build());
    this.b = addParameter(Parameter.builder().setName("B").setType(Parameter.Type.WEIGHT).optShape(new Shape(d, r))
        .optInitializer(Initializer.ZEROS).build());
  }

  /** Draws A from {@code rnd}; B stays zero so the adapted model starts as the base. */
  void randomize(NDManager m, DataType type, SplitMix rnd) {
    initialize(m, type);
    long d = a.getShape().get(1);
    NdArrays.set(a.getArray(), rnd.gaussians((int) a.getShape().size(), 1 / Math.sqrt(d)));
  }

  @Override
  NDArray delta(ParameterStore ps, NDArray x, boolean training) {
    NDArray wa = ps.getValue(a, x.getDevice(), training);
    NDArray wb = ps.getValue(b, x.getDevice(), training);
    return NdArrays.scale(x.matMul(wa.transpose()).matMul(wb.transpose()), scale);
  }
}
