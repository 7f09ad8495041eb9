package io.qubitd.trainer;

import io.qubitd.trainer.quantum.ExactQuantumLayer;
import io.qubitd.trainer.quantum.LayerAnsatz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.qubitd.trainer.tensor.TensorTrainMatrix;
import io.qubitd.trainer.tensor.TensorTrainOps;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdapterTest {
  private static final double TOL = 1e-10;
  private static final TrainerSettings TINY = TrainerSettings.tiny();

  /** Σ over cores of r_{k}·in_k·out_k·r_{k+1}, with ranks (1, b, …, b, 1). */
  private static long ttCount(List<Integer> in, List<Integer> out, int bond) {
    long n = 0;
    for (int k = 0; k < in.size(); k++) {
      long r0 = k == 0 ? 1 : bond;
      long r1 = k == in.size() - 1 ? 1 : bond;
      n += r0 * in.get(k) * out.get(k) * r1;
    }
    return n;
  }

  @Test
  void parameterCountsFollowTheFormulas() {
    int d = TINY.width();
    int r = TINY.rank();
    int adapted = 2 * TINY.depth();
    long mpo = ttCount(TINY.widthFactors(), TINY.rankFactors(), TINY.bondRank())
        + ttCount(TINY.rankFactors(), TINY.widthFactors(), TINY.bondRank());
    long lora = 2L * d * r;
    // MPO_A, MLP_A (r×r + bias), QW, CW (r×r), MLP_B (r×r + bias), MPO_B, and 4·r·L angles
    long qtha = mpo + (r * r + r) + 2L * r * r + (r * r + r) + 4L * r * TINY.quantumLayers();
    ExactQuantumLayer q = new ExactQuantumLayer(new LayerAnsatz(r, TINY.quantumLayers()));
    try (FineTuneSession s = FineTuneSession.create(TINY, AdapterKind.LORA, null, TrainerFixtures.dataDir(), 1)) {
      assertEquals(adapted * lora, s.trainableParameters());
    }
    try (FineTuneSession s = FineTuneSession.create(TINY, AdapterKind.MPO, null, TrainerFixtures.dataDir(), 1)) {
      assertEquals(adapted * mpo, s.trainableParameters());
    }
    try (FineTuneSession s = FineTuneSession.create(TINY, AdapterKind.QTHA, q, TrainerFixtures.dataDir(), 1)) {
      assertEquals(adapted * qtha, s.trainableParameters());
    }
  }

  @Test
  void freshAdaptersLeaveTheBaseModelUnchanged() {
    // LoRA's B and MPO_B's last core start at zero, so the adapted model starts as the base.
    NdArrays.offline();
    List<MathTasks.Example> ex = MathTasks.wordProblems(3, 1, 2).train();
    double[] base;
    try (FineTuneSession s = FineTuneSession.create(TINY, AdapterKind.NONE, null, TrainerFixtures.dataDir(), 1);
         NDManager m = NDManager.newBaseManager()) {
      base = NdArrays.toDoubles(s.model().logits(new ParameterStore(m, false), TokenBatch.of(ex, 96).inputArray(m), false));
    }
    for (AdapterKind k : List.of(AdapterKind.LORA, AdapterKind.MPO, AdapterKind.QTHA)) {
      try (FineTuneSession s = FineTuneSession.create(TINY, k, new ExactQuantumLayer(new LayerAnsatz(TINY.rank(), 1)), TrainerFixtures.dataDir(), 4);
           NDManager m = NDManager.newBaseManager()) {
        double[] adapted = NdArrays.toDoubles(s.model().logits(new ParameterStore(m, false), TokenBatch.of(ex, 96).inputArray(m), false));
        assertArrayEquals(base, adapted, 1e-6, k.label());
      }
    }
  }

  @Test
  void adapterOutputsHaveTheProjectionsShape() {
    NdArrays.offline();
    try (NDManager m = NDManager.newBaseManager()) {
      SplitMix rnd = new SplitMix(1);
      NDArray x = NdArrays.create(m, rnd.gaussians(2 * 5 * 16, 1), new Shape(2, 5, 16), DataType.FLOAT64);
      LoraAdapter lora = new LoraAdapter(16, 4, 8);
      lora.randomize(m, DataType.FLOAT64, rnd);
      MpoAdapter mpo = new MpoAdapter(List.of(4, 4), List.of(2, 2), 2, 8);
      mpo.randomize(m, DataType.FLOAT64, rnd);
      QthaAdapter qtha = new QthaAdapter(List.of(4, 4), List.of(2, 2), 2, 8, new QuantumTape(new ExactQuantumLayer(new LayerAnsatz(4, 1))));
      qtha.randomize(m, DataType.FLOAT64, rnd);
      ParameterStore ps = new ParameterStore(m, false);
      for (ProjectionAdapter a : List.of(lora, mpo, qtha)) assertEquals(x.getShape(), a.delta(ps, x, false).getShape());
    }
  }

  @Test
  void djlTensorTrainOpEqualsThePureContraction() {
    NdArrays.offline();
    try (NDManager m = NDManager.newBaseManager()) {
      SplitMix rnd = new SplitMix(5);
      MpoLinear w = new MpoLinear(List.of(4, 2, 3), List.of(2, 3, 2), 3);
      w.randomize(m, DataType.FLOAT64, rnd, false);
      double[] xs = rnd.gaussians(7 * 24, 1);
      NDArray x = NdArrays.create(m, xs, new Shape(7, 24), DataType.FLOAT64);
      double[][] y = NdArrays.toRows(w.apply(new ParameterStore(m, false), x, false));
      double[][] rows = new double[7][24];
      for (int n = 0; n < 7; n++) System.arraycopy(xs, n * 24, rows[n], 0, 24);
      TensorTrainMatrix tt = w.toTensorTrain();
      double[][] dense = TensorTrainOps.toDense(tt);
      for (int n = 0; n < 7; n++) {
        for (int o = 0; o < 12; o++) {
          double expect = 0;
          for (int i = 0; i < 24; i++) expect += dense[o][i] * rows[n][i];
          assertEquals(expect, y[n][o], TOL * (1 + Math.abs(expect)), "row " + n + " output " + o);
        }
      }
    }
  }

  @Test
  void outsideRecordingEachDistinctRowIsSentOnce() {
    // greedy decoding re-runs every prefix; with the angles fixed, a row already answered is not sent again
    NdArrays.offline();
    ExactQuantumLayer layer = new ExactQuantumLayer(new LayerAnsatz(2, 1));
    QuantumTape tape = new QuantumTape(layer);
    QthaAdapter a = new QthaAdapter(List.of(4, 2), List.of(2, 1), 2, 4.0, tape);
    try (NDManager m = NDManager.newBaseManager()) {
      a.randomize(m, DataType.FLOAT64, new SplitMix(3));
      double[][] rows = {{0.1, -0.4}, {0.7, 0.2}, {0.1, -0.4}};
      tape.start(false);
      double[][] q = NdArrays.toRows(tape.forward(a, NdArrays.create(m, rows, DataType.FLOAT64)));
      assertEquals(2, layer.circuitsEvaluated(), "two distinct rows");
      double[][] direct = layer.forward(rows, a.theta());
      for (int i = 0; i < rows.length; i++) assertArrayEquals(direct[i], q[i], 0.0, "row " + i);
      tape.forward(a, NdArrays.create(m, new double[][] {{0.7, 0.2}}, DataType.FLOAT64));
      assertEquals(2 + 3, layer.circuitsEvaluated(), "a row seen before is answered from memory");
      a.theta()[0] += 0.25;
      double[][] moved = NdArrays.toRows(tape.forward(a, NdArrays.create(m, rows, DataType.FLOAT64)));
      assertEquals(2 + 3 + 2, layer.circuitsEvaluated(), "new angles: the rows are sent again");
      double[][] directMoved = layer.forward(rows, a.theta());
      for (int i = 0; i < rows.length; i++) assertArrayEquals(directMoved[i], moved[i], 0.0, "row " + i + " after θ moved");
      tape.start(true);
      tape.forward(a, NdArrays.create(m, rows, DataType.FLOAT64));
      assertEquals(2 + 3 + 2 + 3 + 3, layer.circuitsEvaluated(), "a recorded pass sends every row");
      tape.start(false);
    }
  }
}
