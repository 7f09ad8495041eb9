package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import org.junit.jupiter.api.Test;

/**
 * The lane exchange of the low-qubit gates (a 32-bit rotation for lane bit 0 in single precision,
 * shuffles elsewhere) against its definition, and triple butterflies (one flat loop over octets,
 * whose offsets insert three zero bits) with the lowest qubit inside and above a vector's run, on
 * sub-ranges of a state against three scalar gates applied to the same range, in both precisions.
 */
class LaneExchangeAndTripleTest {
  private static final double TOL = 1e-10;
  private static final double FLOAT_TOL = 1e-4;

  @Test
  void everyLaneReceivesItsPartnerAcrossEachLaneBit() {
    double[] d = new double[DoubleVectorKernels.LANES];
    float[] f = new float[FloatVectorKernels.LANES];
    for (int l = 0; l < d.length; l++) d[l] = 10 + l;
    for (int l = 0; l < f.length; l++) f[l] = 10 + l;
    for (int j = 0; j < DoubleVectorKernels.LANE_BITS; j++) {
      int s = 1 << j;
      double[] got = DoubleVectorKernels.partners(DoubleVector.fromArray(DoubleVectorKernels.S, d, 0), j,
          VectorShuffle.fromOp(DoubleVectorKernels.S, l -> l ^ s)).toArray();
      for (int l = 0; l < d.length; l++) assertEquals(d[l ^ s], got[l], "double, lane bit " + j + ", lane " + l);
    }
    for (int j = 0; j < FloatVectorKernels.LANE_BITS; j++) {
      int s = 1 << j;
      float[] got = FloatVectorKernels.partners(FloatVector.fromArray(FloatVectorKernels.S, f, 0), j,
          VectorShuffle.fromOp(FloatVectorKernels.S, l -> l ^ s)).toArray();
      for (int l = 0; l < f.length; l++) assertEquals(f[l ^ s], got[l], "single, lane bit " + j + ", lane " + l);
    }
  }

  @Test
  void tripleButterfliesFromTheLowestVectorQubitsMatchScalarGatesOnSubranges() {
    for (boolean single : new boolean[] {false, true}) {
      int low = single ? FloatVectorKernels.LANE_BITS : DoubleVectorKernels.LANE_BITS;
      // lowest qubit at LANE_BITS, one and two above, consecutive or spread
      int[][] sets = {{low, low + 1, low + 2}, {low + 3, low, low + 5}, {low + 1, low + 2, low + 4},
          {low + 1, low + 6, low + 3}, {low + 2, low + 3, low + 4}, {low + 4, low + 2, low + 6}};
      SplittableRandom r = new SplittableRandom(single ? 61 : 62);
      for (int[] qs : sets) {
        int hi = Math.max(qs[0], Math.max(qs[1], qs[2])), n = hi + 3;
        double[][] amp = randomAmplitudes(n, r.nextLong());
        double[] sr = amp[0].clone(), si = amp[1].clone(), vr = amp[0].clone(), vi = amp[1].clone();
        float[] fr = toFloat(amp[0]), fi = toFloat(amp[1]);
        // two ranges of one and two blocks of 2^(hi + 1), away from 0; the rest stays as it was
        int block = 1 << (hi + 1);
        int[][] ranges = {{block, 2 * block}, {2 * block, 4 * block}};
        double[] butterfly = {1, 1, 1, -1}, zero = new double[4];
        for (int[] range : ranges) {
          for (int q : qs) DoubleKernels.dense1(sr, si, q, butterfly, zero, range[0] / 2, range[1] / 2);
          if (single) {
            FloatVectorKernels.butterflyTriple(fr, qs[0], qs[1], qs[2], range[0], range[1]);
            FloatVectorKernels.butterflyTriple(fi, qs[0], qs[1], qs[2], range[0], range[1]);
          } else {
            DoubleVectorKernels.butterflyTriple(vr, qs[0], qs[1], qs[2], range[0], range[1]);
            DoubleVectorKernels.butterflyTriple(vi, qs[0], qs[1], qs[2], range[0], range[1]);
          }
        }
        String what = (single ? "single" : "double") + " triple " + java.util.Arrays.toString(qs) + " at ";
        if (single) assertSameAmplitudes(sr, si, toDouble(fr), toDouble(fi), FLOAT_TOL, true, what);
        else assertSameAmplitudes(sr, si, vr, vi, TOL, false, what);
      }
    }
  }
}
