package io.qubitd.trainer.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorTrainOpsTest {

  private static final double TOL = 1e-10;

  /** W[o][i] by the definition: the product of the rank matrices G_k[·, i_k, o_k, ·], one entry at a time. */
  private static double[][] denseByDefinition(TensorTrainMatrix w) {
    int k = w.order();
    double[][] dense = new double[w.outDim()][w.inDim()];
    for (int o = 0; o < w.outDim(); o++) {
      for (int i = 0; i < w.inDim(); i++) {
        int[] iDigits = digits(i, w.inFactors());
        int[] oDigits = digits(o, w.outFactors());
        double[] row = {1.0};
        for (int c = 0; c < k; c++) {
          int r0 = w.ranks()[c];
          int r1 = w.ranks()[c + 1];
          double[] nextRow = new double[r1];
          for (int a = 0; a < r0; a++) {
            for (int b = 0; b < r1; b++) {
              nextRow[b] += row[a] * w.cores()[c][((a * w.inFactors()[c] + iDigits[c]) * w.outFactors()[c] + oDigits[c]) * r1 + b];
            }
          }
          row = nextRow;
        }
        dense[o][i] = row[0];
      }
    }
    return dense;
  }

  private static int[] digits(int index, int[] factors) {
    int[] d = new int[factors.length];
    for (int k = factors.length - 1; k >= 0; k--) {
      d[k] = index % factors[k];
      index /= factors[k];
    }
    return d;
  }

  private static TensorTrainMatrix random(List<Integer> in, List<Integer> out, int bond, long seed) {
    TensorTrainMatrix w = TensorTrainMatrix.zeros(in, out, bond);
    Random rnd = new Random(seed);
    for (double[] core : w.cores()) {
      for (int j = 0; j < core.length; j++) core[j] = rnd.nextGaussian();
    }
    return w;
  }

  @Test
  void contractionEqualsDenseProduct() {
    TensorTrainMatrix w = random(List.of(4, 2, 3), List.of(2, 3, 1), 3, 11);
    double[][] dense = denseByDefinition(w);
    Random rnd = new Random(12);
    double[][] x = new double[5][w.inDim()];
    for (double[] row : x) for (int j = 0; j < row.length; j++) row[j] = rnd.nextGaussian();
    double[][] y = TensorTrainOps.apply(w, x);
    for (int n = 0; n < x.length; n++) {
      for (int o = 0; o < w.outDim(); o++) {
        double expect = 0;
        for (int i = 0; i < w.inDim(); i++) expect += dense[o][i] * x[n][i];
        assertEquals(expect, y[n][o], TOL * (1 + Math.abs(expect)), "row " + n + ", output " + o);
      }
    }
  }

  @Test
  void denseFormMatchesDefinition() {
    TensorTrainMatrix w = random(List.of(2, 4), List.of(4, 2), 2, 21);
    double[][] expect = denseByDefinition(w);
    double[][] got = TensorTrainOps.toDense(w);
    for (int o = 0; o < expect.length; o++) {
      for (int i = 0; i < expect[o].length; i++) assertEquals(expect[o][i], got[o][i], TOL, "W[" + o + "][" + i + "]");
    }
  }

  @Test
  void parameterCountIsTheSumOfCoreSizes() {
    // cores (1,4,2,3) (3,2,3,3) (3,3,1,1): 24 + 54 + 9
    assertEquals(87, TensorTrainOps.parameterCount(List.of(4, 2, 3), List.of(2, 3, 1), 3));
    assertEquals(87, random(List.of(4, 2, 3), List.of(2, 3, 1), 3, 1).parameterCount());
  }

  @Test
  void wrongShapesAreRejected() {
    TensorTrainMatrix w = random(List.of(2, 2), List.of(2, 2), 2, 3);
    assertThrows(IllegalArgumentException.class, () -> TensorTrainOps.apply(w, new double[][] {{1, 2, 3}}));
    assertThrows(IllegalArgumentException.class, () -> TensorTrainMatrix.zeros(List.of(2), List.of(2, 2), 2));
    assertThrows(IllegalArgumentException.class, () -> new TensorTrainMatrix(new int[] {2}, new int[] {2}, new int[] {1, 1}, new double[][] {{1}}));
  }
}
