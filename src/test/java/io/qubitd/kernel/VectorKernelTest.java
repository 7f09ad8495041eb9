package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Operation;
import io.qubitd.kernel.bench.KernelBench;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The SIMD paths (1-qubit dense loops on high and low qubits, lane-table diagonals in whole-state,
 * in-place and gathered blocks) against the scalar loops and against a naive gate-by-gate
 * reference written here, sequential and parallel, double and single.
 */
class VectorKernelTest {
  private static final double TOL = 1e-10;
  private static final double FLOAT_TOL = 1e-4;
  /** Blocks smaller than the 16–18-qubit test states, so runs are gathered and split. */
  private static final int SMALL_BLOCK = 12;

  private static double[] randomMatrix1(SplittableRandom r, boolean real) {
    double[] m = new double[8];
    for (int k = 0; k < 8; k++) m[k] = real && k >= 4 ? 0 : r.nextDouble(-1, 1);
    return m;
  }

  /** The 2x2 matrix with real parts m[0..3] and imaginary parts m[4..7] (row-major) on qubit q. */
  private static FusedGate oneQubit(int q, double[] m) {
    org.ejml.data.ZMatrixRMaj z = new org.ejml.data.ZMatrixRMaj(2, 2);
    for (int k = 0; k < 4; k++) z.set(k / 2, k % 2, m[k], m.length > 4 ? m[k + 4] : 0);
    return FusedGate.of(z, false, new int[] {q});
  }

  @Test
  void denseOneQubitOnEveryQubitAndSubrangeMatchesScalarLoop() {
    SplittableRandom r = new SplittableRandom(21);
    int n = 9, groups = 1 << (n - 1);
    for (int q = 0; q < n; q++) {
      for (boolean real : new boolean[] {true, false}) {
        double[] m = randomMatrix1(r, real);
        double[] mr = java.util.Arrays.copyOfRange(m, 0, 4), mi = java.util.Arrays.copyOfRange(m, 4, 8);
        double[][] amp = randomAmplitudes(n, r.nextLong());
        double[] sr = amp[0].clone(), si = amp[1].clone(), vr = amp[0].clone(), vi = amp[1].clone();
        float[] fr = toFloat(amp[0]), fi = toFloat(amp[1]);
        DoubleKernels.dense1(sr, si, q, mr, mi, 0, groups);
        // uneven subranges, aligned to half a vector as the low-qubit form requires
        int step = Math.max(DoubleVectorKernels.LANES, FloatVectorKernels.LANES) / 2 * 3;
        for (int from = 0; from < groups; from += step) {
          int to = Math.min(groups, from + step);
          DoubleVectorKernels.dense1(vr, vi, q, mr, mi, from, to);
          FloatVectorKernels.dense1(fr, fi, q, mr, mi, from, to);
        }
        for (int i = 0; i < 1 << n; i++) {
          assertEquals(sr[i], vr[i], TOL, "double, qubit " + q + " real " + real + " at " + i);
          assertEquals(si[i], vi[i], TOL, "double, qubit " + q + " real " + real + " at " + i);
          assertEquals(sr[i], fr[i], FLOAT_TOL, "single, qubit " + q + " real " + real + " at " + i);
          assertEquals(si[i], fi[i], FLOAT_TOL, "single, qubit " + q + " real " + real + " at " + i);
        }
      }
    }
  }

  @Test
  void pairedSweepsAndButterfliesMatchTwoScalarGates() {
    SplittableRandom r = new SplittableRandom(23);
    int n = 10;
    double[] butterfly = {1, 1, 1, -1};
    for (int qa = DoubleVectorKernels.LANE_BITS; qa < n; qa++) {
      for (int qb = DoubleVectorKernels.LANE_BITS; qb < n; qb++) {
        if (qa == qb) continue;
        // butterflies, real and complex matrices in turn
        int kind = (qa + qb) % 3;
        double[] ma = kind == 0 ? butterfly : randomMatrix1(r, kind == 1), mb = kind == 0 ? butterfly : randomMatrix1(r, kind == 1);
        FusedGate ga = oneQubit(qa, ma), gb = oneQubit(qb, mb);
        double[][] amp = randomAmplitudes(n, r.nextLong());
        double[] sr = amp[0].clone(), si = amp[1].clone(), vr = amp[0].clone(), vi = amp[1].clone();
        float[] fr = toFloat(amp[0]), fi = toFloat(amp[1]);
        boolean single = Math.min(qa, qb) >= FloatVectorKernels.LANE_BITS;
        DoubleKernels.dense1(sr, si, qa, ga.re(), ga.im(), 0, 1 << (n - 1));
        DoubleKernels.dense1(sr, si, qb, gb.re(), gb.im(), 0, 1 << (n - 1));
        // two halves, each aligned above both qubits when the higher one is below n - 1
        int half = Math.max(qa, qb) < n - 1 ? 1 << (n - 1) : 1 << n;
        for (int from = 0; from < 1 << n; from += half) {
          DoubleVectorKernels.dense1Pair(vr, vi, ga, gb, from, from + half);
          if (single) FloatVectorKernels.dense1Pair(fr, fi, ga, gb, from, from + half);
        }
        for (int i = 0; i < 1 << n; i++) {
          assertEquals(sr[i], vr[i], TOL, "double pair " + qa + ", " + qb + " at " + i);
          assertEquals(si[i], vi[i], TOL, "double pair " + qa + ", " + qb + " at " + i);
          if (!single) continue;
          assertEquals(sr[i], fr[i], FLOAT_TOL * Math.max(1, Math.abs(sr[i])), "single pair " + qa + ", " + qb + " at " + i);
          assertEquals(si[i], fi[i], FLOAT_TOL * Math.max(1, Math.abs(si[i])), "single pair " + qa + ", " + qb + " at " + i);
        }
      }
    }
  }

  @Test
  void tripleButterflySweepsMatchThreeScalarGates() {
    SplittableRandom r = new SplittableRandom(24);
    int n = 11, low = Math.max(DoubleVectorKernels.LANE_BITS, FloatVectorKernels.LANE_BITS);
    double[] butterfly = {1, 1, 1, -1}, zero = new double[4];
    for (int trial = 0; trial < 12; trial++) {
      int[] qs = randomQubits(n - low, 3, r);
      for (int j = 0; j < 3; j++) qs[j] += low;
      double[][] amp = randomAmplitudes(n, r.nextLong());
      double[] sr = amp[0].clone(), si = amp[1].clone(), vr = amp[0].clone(), vi = amp[1].clone();
      float[] fr = toFloat(amp[0]), fi = toFloat(amp[1]);
      for (int q : qs) DoubleKernels.dense1(sr, si, q, butterfly, zero, 0, 1 << (n - 1));
      DoubleVectorKernels.butterflyTriple(vr, qs[0], qs[1], qs[2], 0, 1 << n);
      DoubleVectorKernels.butterflyTriple(vi, qs[0], qs[1], qs[2], 0, 1 << n);
      FloatVectorKernels.butterflyTriple(fr, qs[0], qs[1], qs[2], 0, 1 << n);
      FloatVectorKernels.butterflyTriple(fi, qs[0], qs[1], qs[2], 0, 1 << n);
      for (int i = 0; i < 1 << n; i++) {
        assertEquals(sr[i], vr[i], TOL, "double triple " + java.util.Arrays.toString(qs) + " at " + i);
        assertEquals(si[i], vi[i], TOL, "double triple " + java.util.Arrays.toString(qs) + " at " + i);
        assertEquals(sr[i], fr[i], FLOAT_TOL * Math.max(1, Math.abs(sr[i])), "single triple at " + i);
        assertEquals(si[i], fi[i], FLOAT_TOL * Math.max(1, Math.abs(si[i])), "single triple at " + i);
      }
    }
  }

  @Test
  void hadamardFactorIsFoundOnlyForHadamardShapes() {
    double h = Math.sqrt(0.5);
    assertEquals(h, FusedGate.of(io.qubitd.circuit.Gate.of(io.qubitd.circuit.GateKind.H), new int[] {3}).hadamardFactor());
    assertEquals(0, FusedGate.of(io.qubitd.circuit.Gate.of(io.qubitd.circuit.GateKind.X), new int[] {3}).hadamardFactor());
    assertEquals(0, FusedGate.of(io.qubitd.circuit.Gate.of(io.qubitd.circuit.GateKind.SX), new int[] {3}).hadamardFactor());
  }

  @Test
  void laneDiagonalsOfEveryWidthMatchDirectProduct() {
    SplittableRandom r = new SplittableRandom(22);
    int n = 17;
    for (int width = 1; width <= GateFuser.MAX_DIAGONAL_WIDTH; width++) {
      int[] qs = randomQubits(n, width, r);
      java.util.Arrays.sort(qs);
      double[] dr = new double[1 << width], di = new double[1 << width];
      for (int u = 0; u < dr.length; u++) {
        double phase = r.nextDouble(0, 2 * Math.PI);
        dr[u] = Math.cos(phase);
        di[u] = Math.sin(phase);
      }
      FusedGate g = FusedGate.diagonal(qs, dr, di);
      assertTrue(LaneDiagonal.pays(g, FloatVectorKernels.LANE_BITS, 1 << n, 1 << n), "the SIMD path is taken");
      double[][] amp = randomAmplitudes(n, r.nextLong());
      double[][] expected = new double[2][1 << n];
      for (int i = 0; i < 1 << n; i++) {
        int key = 0;
        for (int j = 0; j < width; j++) key |= ((i >> qs[j]) & 1) << j;
        expected[0][i] = dr[key] * amp[0][i] - di[key] * amp[1][i];
        expected[1][i] = dr[key] * amp[1][i] + di[key] * amp[0][i];
      }
      for (KernelSettings s : List.of(sequential(4), parallel(4))) {
        StateVector v = StateVector.fromAmplitudes(amp[0], amp[1], s);
        v.apply(g);
        assertTrue(maxDiff(v, expected) < TOL, "double, width " + width + " " + s);
        FloatStateVector f = FloatStateVector.fromAmplitudes(amp[0], amp[1], s);
        f.apply(g);
        assertTrue(floatDiff(f, expected) < FLOAT_TOL, "single, width " + width + " " + s);
      }
    }
  }

  @Test
  void rcCircuitsAndRandomCircuitsMatchNaiveReference() {
    List<Circuit> circuits = List.of(KernelBench.randomCircuit(18, 4, 3), RandomCircuits.layered(17, 3, 4),
        RandomCircuits.random(16, 150, 5));
    for (Circuit c : circuits) {
      double[][] expected = naive(c);
      List<FusedGate> fused = GateFuser.fuse(c.operations().stream().map(o -> (Operation.GateOp) o).toList(), 4);
      for (KernelSettings s : List.of(sequential(4), parallel(4))) {
        for (int block : new int[] {StateVector.BLOCK_QUBITS, SMALL_BLOCK}) {
          StateVector v = StateVector.zero(c.numQubits(), s);
          v.applyFused(fused, block);
          assertTrue(maxDiff(v, expected) < TOL, c.numQubits() + " qubits, double, block " + block + ", " + s);
          FloatStateVector f = FloatStateVector.zero(c.numQubits(), s);
          f.applyFused(fused, block);
          assertTrue(floatDiff(f, expected) < FLOAT_TOL, c.numQubits() + " qubits, single, block " + block + ", " + s);
        }
      }
    }
  }

  /** In blocks of 2^12 the rc circuit on 18 qubits has split diagonals with lane tables in gathered blocks, so the test above covers them. */
  @Test
  void rcCircuitExercisesSplitLaneDiagonalsInGatheredBlocks() {
    Circuit c = KernelBench.randomCircuit(18, 4, 3);
    List<FusedGate> fused = GateFuser.fuse(c.operations().stream().map(o -> (Operation.GateOp) o).toList(), 4);
    boolean found = false;
    for (BlockPlan.Run run : BlockPlan.plan(fused, 18, SMALL_BLOCK)) {
      for (BlockPlan.Local l : run.gates()) {
        found |= !run.inPlace() && l instanceof BlockPlan.SplitDiagonal d
            && LaneDiagonal.pays(d.gate(), DoubleVectorKernels.LANE_BITS, 1 << 18, 1 << SMALL_BLOCK);
      }
    }
    assertTrue(found);
  }

  static double floatDiff(FloatStateVector s, double[][] v) {
    double worst = 0;
    for (int i = 0; i < v[0].length; i++) worst = Math.max(worst, Math.hypot(s.re(i) - v[0][i], s.im(i) - v[1][i]));
    return worst;
  }

  /** Each gate's full matrix applied to each group of amplitudes: no fusion, blocking, tables or SIMD. */
  private static double[][] naive(Circuit c) {
    int n = c.numQubits();
    double[] re = new double[1 << n], im = new double[1 << n];
    re[0] = 1;
    for (Operation op : c.operations()) {
      Operation.GateOp g = (Operation.GateOp) op;
      ZMatrixRMaj m = g.gate().matrix();
      int[] qs = g.qubits().stream().mapToInt(Integer::intValue).toArray();
      int dim = 1 << qs.length, mask = 0;
      for (int q : qs) mask |= 1 << q;
      double[] xr = new double[dim], xi = new double[dim];
      for (int base = 0; base < 1 << n; base++) {
        if ((base & mask) != 0) continue;
        for (int u = 0; u < dim; u++) {
          int idx = base;
          for (int j = 0; j < qs.length; j++) idx |= ((u >> j) & 1) << qs[j];
          xr[u] = re[idx];
          xi[u] = im[idx];
        }
        for (int a = 0; a < dim; a++) {
          double sr = 0, si = 0;
          for (int b = 0; b < dim; b++) {
            sr += m.getReal(a, b) * xr[b] - m.getImag(a, b) * xi[b];
            si += m.getReal(a, b) * xi[b] + m.getImag(a, b) * xr[b];
          }
          int idx = base;
          for (int j = 0; j < qs.length; j++) idx |= ((a >> j) & 1) << qs[j];
          re[idx] = sr;
          im[idx] = si;
        }
      }
    }
    return new double[][] {re, im};
  }
}
