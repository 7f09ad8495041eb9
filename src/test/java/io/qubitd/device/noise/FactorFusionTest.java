package io.qubitd.device.noise;

import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.kernel.FusedGate;
import io.qubitd.kernel.FusionCostModel;
import io.qubitd.kernel.GateFuser;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.StateVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Fused products against the factors applied one by one, and the cost rule that decides what merges. */
class FactorFusionTest {
  private static final double EXACT = 1e-12;
  private static final int QUBITS = 6;
  private static final KernelSettings KERNEL = KernelSettings.defaults().withParallelism(14, 1);

  private static ZMatrixRMaj random(int k, boolean diagonal, SplittableRandom rng) {
    int d = 1 << k;
    ZMatrixRMaj m = new ZMatrixRMaj(d, d);
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < d; c++) if (!diagonal || r == c) m.set(r, c, rng.nextDouble(-1, 1), rng.nextDouble(-1, 1));
    }
    return m;
  }

  private static int[] distinctQubits(int k, SplittableRandom rng) {
    List<Integer> all = new ArrayList<>();
    for (int q = 0; q < QUBITS; q++) all.add(q);
    int[] qs = new int[k];
    for (int j = 0; j < k; j++) qs[j] = all.remove(rng.nextInt(all.size()));
    return qs;
  }

  private static StateVector randomState(SplittableRandom rng) {
    double[] re = new double[1 << QUBITS], im = new double[1 << QUBITS];
    for (int i = 0; i < re.length; i++) {
      re[i] = rng.nextDouble(-1, 1);
      im[i] = rng.nextDouble(-1, 1);
    }
    return StateVector.fromAmplitudes(re, im, KERNEL);
  }

  @Test
  void fusedProductsEqualTheFactorsAppliedOneByOne() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int trial = 0; trial < 20; trial++) {
      List<ZMatrixRMaj> ms = new ArrayList<>();
      List<int[]> qs = new ArrayList<>();
      List<FusedGate> gates = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int k = 1 + rng.nextInt(3);
        boolean diagonal = rng.nextInt(3) == 0;
        // random, non-unitary matrices: fusion must hold for no-jump Kraus operators too
        ZMatrixRMaj m = random(k, diagonal, rng);
        int[] q = distinctQubits(k, rng);
        ms.add(m);
        qs.add(q);
        gates.add(FusedGate.of(m, diagonal, q));
      }
      StateVector start = randomState(rng);
      StateVector want = start.copy();
      for (int i = 0; i < ms.size(); i++) want.applyMatrix(ms.get(i), qs.get(i));
      for (int width = 1; width <= StateVector.MAX_MATRIX_QUBITS; width++) {
        List<FusedGate> fused = GateFuser.fuseFactors(gates, width);
        for (FusedGate g : fused) assertTrue(g.width() <= width || g.isDiagonal() || g.sourceGates() == 1, "too wide: " + g);
        StateVector got = start.copy();
        got.applyFused(fused);
        double scale = Math.sqrt(want.normSquared());
        for (int i = 0; i < 1 << QUBITS; i++) {
          assertEquals(want.re(i) / scale, got.re(i) / scale, EXACT, "trial " + trial + " width " + width + " re " + i);
          assertEquals(want.im(i) / scale, got.im(i) / scale, EXACT, "trial " + trial + " width " + width + " im " + i);
        }
      }
    }
  }

  @Test
  void factorsMergeOnlyWhenTheProductCostsLess() {
    SplittableRandom rng = new SplittableRandom(3);
    FusedGate dense0 = FusedGate.of(random(1, false, rng), false, new int[] {0});
    FusedGate diag0 = FusedGate.of(random(1, true, rng), true, new int[] {0});
    FusedGate diag2 = FusedGate.of(random(1, true, rng), true, new int[] {2});
    FusedGate diag3 = FusedGate.of(random(1, true, rng), true, new int[] {3});
    FusedGate dense01 = FusedGate.of(random(2, false, rng), false, new int[] {0, 1});
    FusedGate dense12 = FusedGate.of(random(2, false, rng), false, new int[] {1, 2});
    FusedGate diag12 = FusedGate.of(random(2, true, rng), true, new int[] {1, 2});
    // a diagonal on a dense factor's qubit folds into it: 2 instead of 2 + 1
    List<FusedGate> folded = GateFuser.fuseFactors(List.of(dense0, diag0), 4);
    assertEquals(1, folded.size());
    assertFalse(folded.get(0).isDiagonal());
    // diagonals on other qubits than a dense factor join one wide diagonal across it
    List<FusedGate> wide = GateFuser.fuseFactors(List.of(diag2, dense0, diag3), 4);
    assertEquals(2, wide.size());
    assertArrayEquals(new int[] {2, 3}, wide.get(0).qubits());
    assertTrue(wide.get(0).isDiagonal());
    // two complex 2-qubit factors sharing a qubit: 8 columns of the general loop cost more than 4 + 4 of the 2-qubit one
    assertTrue(8 * FusionCostModel.COLUMN_WIDE > 8 * FusionCostModel.COLUMN_2);
    assertEquals(2, GateFuser.fuseFactors(List.of(dense01, dense12), 4).size());
    assertEquals(2, GateFuser.fuseFactors(List.of(dense01, dense12), 2).size());
    // a 2-qubit diagonal after a dense 2-qubit factor: a 3-qubit dense gate as one, far more than apart
    assertEquals(2, GateFuser.fuseFactors(List.of(dense01, diag12), 4).size());
  }

  @Test
  void costFollowsTheStructureAndWidth() {
    SplittableRandom rng = new SplittableRandom(5);
    assertEquals(FusionCostModel.DIAGONAL, FusedGate.of(random(3, true, rng), true, new int[] {0, 1, 2}).cost());
    assertEquals(8 * FusionCostModel.COLUMN_WIDE, FusedGate.of(random(3, false, rng), false, new int[] {0, 1, 2}).cost());
    ZMatrixRMaj hadamard = new ZMatrixRMaj(2, 2);
    double r = Math.sqrt(0.5);
    hadamard.set(0, 0, r, 0);
    hadamard.set(0, 1, r, 0);
    hadamard.set(1, 0, r, 0);
    hadamard.set(1, 1, -r, 0);
    // a real 1-qubit matrix: two columns at half the multiplies
    assertEquals(FusionCostModel.COLUMN_1, FusedGate.of(hadamard, false, new int[] {4}).cost());
  }
}
