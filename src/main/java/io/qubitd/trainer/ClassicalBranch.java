package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The ablation of the QTHA adapter's quantum branch: a classical map (−π, π)^r → (−1, 1)^r with the
 * same 4·r·L trainable numbers as the circuit's angles, the same ring connectivity and the input
 * uploaded again in every layer, as the circuit's RY(u_i) are. With h⁰ = 0 and z = u + h^l, layer l
 * computes h^{l+1}_i = tanh(a_i·z_i + b_i·z_{i−1} + c_i·z_{i+1} + d_i) (a, b, c, d: row 0..3 of the
 * layer's 4×r weight; indices mod r); the output is h^L, bounded like the circuit's ⟨Z_i⟩.
 */
final class ClassicalBranch extends AbstractBlock {
  private final int units;
  private final List<Parameter> layers = new ArrayList<>();

  ClassicalBranch(int units, int layerCount) {
    if (units < 2) throw new IllegalArgumentException("the classical branch needs at least 2 units for its ring, got " + units);
    if (layerCount < 1) throw new IllegalArgumentException("the classical branch needs at least 1 layer, got " + layerCount);
    this.units = units;
    for (int l = 0; l < layerCount; l++) {
      layers.add(addParameter(Parameter.builder().setName("layer" + l).setType(Parameter.Type.WEIGHT)
          .optShape(new Shape(4, units)).optInitializer(Initializer.ZEROS).build()));
    }
  }

  /** Gaussian weights with σ = 1/√3 (three inputs per unit) and biases with σ = 1, drawn from {@code rnd}. */
  void randomize(NDManager m, DataType type, SplitMix rnd) {
    initialize(m, type);
    for (Parameter p : layers) {
      double[] w = rnd.gaussians(3 * units, 1 / Math.sqrt(3));
      double[] bias = rnd.gaussians(units, 1);
      double[] all = new double[4 * units];
      System.arraycopy(w, 0, all, 0, w.length);
      System.arraycopy(bias, 0, all, w.length, units);
      NdArrays.set(p.getArray(), all);
    }
  }

  /** The branch on rows u of shape (n, r). */
  NDArray apply(ParameterStore ps, NDArray u, boolean training) {
    NDArray h = null;
    for (Parameter p : layers) {
      NDArray w = ps.getValue(p, u.getDevice(), training);
      NDArray z = h == null ? u : u.add(h);
      NDArray previous = NDArrays.concat(new NDList(z.get(":, -1:"), z.get(":, :-1")), 1);
      NDArray next = NDArrays.concat(new NDList(z.get(":, 1:"), z.get(":, :1")), 1);
      h = z.mul(w.get(0)).add(previous.mul(w.get(1))).add(next.mul(w.get(2))).add(w.get(3)).tanh();
    }
    return h;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(ps, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
