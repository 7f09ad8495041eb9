package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * Quantum tensor hybrid adaptation: delta(x) = (α/r)·MPO_B(MLP_B(QW·Q(u) + CW·u)) with
 * u = MLP_A(MPO_A(x)). MLP_A is s·π·tanh(Linear) (s the encoding scale, default 1), so the encoding
 * angles stay in (−sπ, sπ): at s = 1 a saturated u = ±π gives RY(±π), one state up to a global phase,
 * so the circuit cannot tell the two signs apart; s = ½ keeps RY(u) one-to-one. MLP_B is
 * GELU(Linear); QW and CW are r×r without bias; Q is the quantum layer, one circuit per token,
 * with its own 4·r·L angles θ held here as plain numbers and trained by the same Adam rule.
 */
final class QthaAdapter extends ProjectionAdapter {
  private final MpoLinear down;
  private final MpoLinear up;
  private final Linear mlpA;
  private final Linear mlpB;
  private final Linear quantumWeight;
  private final Linear classicalWeight;
  private final QuantumTape tape;
  private final ClassicalBranch classicalBranch;
  private final int rank;
  private final double scale;
  private final double[] theta;
  private final double[] thetaGradient;
  private double encodingScale = 1;

  QthaAdapter(List<Integer> widthFactors, List<Integer> rankFactors, int bond, double alpha, QuantumTape tape) {
    this(widthFactors, rankFactors, bond, alpha, tape, 0);
  }

  /**
   * The ablation: Q replaced by a {@link ClassicalBranch} of {@code classicalLayers} layers, whose
   * 4·r·L weights train as DJL parameters in place of the angles (same trainable count).
   */
  static QthaAdapter classical(List<Integer> widthFactors, List<Integer> rankFactors, int bond, double alpha,
                               int classicalLayers) {
    return new QthaAdapter(widthFactors, rankFactors, bond, alpha, null, classicalLayers);
  }

  private QthaAdapter(List<Integer> widthFactors, List<Integer> rankFactors, int bond, double alpha, QuantumTape tape,
                      int classicalLayers) {
    this.down = addChildBlock("mpoA", new MpoLinear(widthFactors, rankFactors, bond));
    this.rank = down.outDim();
    this.mlpA = addChildBlock("mlpA", Linear.builder().setUnits(rank).build());
    this.quantumWeight = addChildBlock("qw", Linear.builder().setUnits(rank).optBias(false).build());
    this.classicalWeight = addChildBlock("cw", Linear.builder().setUnits(rank).optBias(false).build());
    this.mlpB = addChildBlock("mlpB", Linear.builder().setUnits(rank).build());
    this.up = addChildBlock("mpoB", new MpoLinear(rankFactors, widthFactors, bond));
    this.tape = tape;
    this.classicalBranch = tape == null ? addChildBlock("branch", new ClassicalBranch(rank, classicalLayers)) : null;
    this.scale = alpha / rank;
    if (tape != null && tape.layer().qubits() != rank) {
      throw new IllegalArgumentException("the quantum layer has " + tape.layer().qubits() + " qubits; the adapter's rank is " + rank);
    }
    this.theta = new double[tape == null ? 0 : tape.layer().numParameters()];
    this.thetaGradient = new double[theta.length];
  }

  /** Sets the encoding scale s of u = s·π·tanh(·) (the classical ablation reads the same u). Precondition: 0 < s ≤ 1. */
  void encodingScale(double s) { this.encodingScale = s; }

  /** The quantum layer's angles (live: the optimiser updates them in place). */
  double[] theta() { return theta; }

  /** dL/dθ accumulated since the last {@link #clearThetaGradient()}. */
  double[] thetaGradient() { return thetaGradient; }

  void clearThetaGradient() {
    java.util.Arrays.fill(thetaGradient, 0);
  }

  void addThetaGradient(double[] g) {
    for (int i = 0; i < g.length; i++) thetaGradient[i] += g[i];
  }

  /** As {@link #randomize(NDManager, DataType, SplitMix, TrainerSettings.AngleInit)} with the angles uniform. */
  void randomize(NDManager m, DataType type, SplitMix rnd) {
    randomize(m, type, rnd, TrainerSettings.AngleInit.UNIFORM);
  }

  /**
   * Gaussian weights with σ = 1/√fan-in, MPO_B's last core zero (the adapter starts silent),
   * angles θ uniform in [−π, π) or zero as {@code angles} says (the classical branch: see
   * {@link ClassicalBranch#randomize}).
   */
  void randomize(NDManager m, DataType type, SplitMix rnd, TrainerSettings.AngleInit angles) {
    down.randomize(m, type, rnd, false);
    up.randomize(m, type, rnd, true);
    Shape rows = new Shape(1, rank);
    for (Linear l : List.of(mlpA, quantumWeight, classicalWeight, mlpB)) {
      l.initialize(m, type, rows);
      for (var p : l.getParameters().values()) {
        NdArrays.set(p.getArray(), rnd.gaussians((int) p.getShape().size(), 1 / Math.sqrt(rank)));
      }
    }
    for (int i = 0; i < theta.length; i++) {
      theta[i] = angles == TrainerSettings.AngleInit.ZERO ? 0 : Math.PI * (2 * rnd.nextDouble() - 1);
    }
    if (classicalBranch != null) classicalBranch.randomize(m, type, rnd);
  }

  @Override
  long trainableParameters() {
    return super.trainableParameters() + theta.length;
  }

  @Override
  NDArray delta(ParameterStore ps, NDArray x, boolean training) {
    NDArray z = down.apply(ps, x, training).reshape(-1, rank);
    NDArray u = NdArrays.scale(apply(mlpA, ps, z, training).tanh(), encodingScale * Math.PI);
    NDArray q = tape != null ? tape.forward(this, u) : classicalBranch.apply(ps, u, training);
    NDArray mixed = apply(quantumWeight, ps, q, training).add(apply(classicalWeight, ps, u, training));
    NDArray h = Activation.gelu(apply(mlpB, ps, mixed, training));
    return NdArrays.scale(up.apply(ps, h, training).reshape(x.getShape()), scale);
  }

  private static NDArray apply(Linear l, ParameterStore ps, NDArray x, boolean training) {
    return l.forward(ps, new NDList(x), training).singletonOrThrow();
  }
}
