package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.util.List;

/** The low-rank path through tensor-train projections: delta(x) = (α/r)·MPO_B(MPO_A(x)), MPO_B's last core at zero. */
final class MpoAdapter extends ProjectionAdapter {
  private final MpoLinear down;
  private final MpoLinear up;
  private final double scale;

  MpoAdapter(List<Integer> widthFactors, List<Integer> rankFactors, int bond, double alpha) {
    this.down = addChildBlock("mpoA", new MpoLinear(widthFactors, rankFactors, bond));
    this.up = addChildBlock("mpoB", new MpoLinear(rankFactors, widthFactors, bond));
    this.scale = alpha / down.outDim();
  }

  void randomize(NDManager m, DataType type, SplitMix rnd) {
    down.randomize(m, type, rnd, false);
    up.randomize(m, type, rnd, true);
  }

  @Override
  NDArray delta(ParameterStore ps, NDArray x, boolean training) {
    return NdArrays.scale(up.apply(ps, down.apply(ps, x, training), training), scale);
  }
}
