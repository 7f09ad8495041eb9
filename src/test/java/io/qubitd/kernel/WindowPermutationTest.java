package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Permutations on the lowest 8 qubits go window by window through one flat table: against the
 * circuit gates' matrices applied by plain loops, on group ranges that start and end inside a
 * window (the ragged ends take the cycle kernel), with and without phases, in both precisions.
 */
class WindowPermutationTest {
  private static final double TOL = 1e-10;
  private static final double FLOAT_TOL = 1e-5;
  private static final int N = 10;

  private record Step(Gate gate, int... qubits) {}

  /** Each gate's full matrix applied by plain loops to the amplitudes whose group (the other qubits' bits) lies in [from, to). */
  private static double[][] reference(List<Step> steps, int[] gateQubits, double[][] start, int from, int to) {
    double[][] v = {start[0].clone(), start[1].clone()};
    for (Step s : steps) {
      applyPlain(s.gate().matrix(), s.qubits(), v, base -> {
        int group = groupOf(base, gateQubits);
        return group >= from && group < to;
      });
    }
    return v;
  }

  /** The index of amplitude i's group: its bits off the gate's qubits, packed. */
  private static int groupOf(int i, int[] gateQubits) {
    int g = 0, k = 0;
    for (int bit = 0; bit < N; bit++) {
      if (Arrays.binarySearch(gateQubits, bit) >= 0) continue;
      g |= ((i >> bit) & 1) << k++;
    }
    return g;
  }

  @Test
  void windowPermutationsMatchPlainMatricesOnRaggedRanges() {
    Gate cx = Gate.controlled(GateKind.X, 1);
    List<List<Step>> cases = List.of(
        List.of(new Step(cx, 0, 1), new Step(cx, 1, 2), new Step(cx, 2, 3), new Step(cx, 3, 4), new Step(cx, 4, 5),
            new Step(cx, 5, 6), new Step(cx, 6, 7)),
        List.of(new Step(Gate.of(GateKind.Y), 1), new Step(cx, 1, 4), new Step(Gate.of(GateKind.S), 4)),
        List.of(new Step(Gate.of(GateKind.X), 2)),
        List.of(new Step(Gate.controlled(GateKind.X, 2), 0, 5, 3), new Step(Gate.of(GateKind.SWAP), 3, 7)));
    double[][] start = randomAmplitudes(N, 5);
    boolean phased = false;
    for (List<Step> steps : cases) {
      FusedGate g = null;
      for (Step s : steps) g = g == null ? FusedGate.of(s.gate(), s.qubits()) : g.then(FusedGate.of(s.gate(), s.qubits()));
      assertTrue(g.isPermutation(), g.toString());
      phased |= !g.unitPhases();
      int groups = 1 << (N - g.width()), per = 1 << (g.windowBits() - g.width());
      for (int[] range : new int[][] {{0, groups}, {per / 2 + 1, groups - per - 1}, {1, per - 1}}) {
        double[][] want = reference(steps, g.qubitsShared(), start, range[0], range[1]);
        double[] re = start[0].clone(), im = start[1].clone();
        float[] fre = toFloat(re), fim = toFloat(im);
        DoubleKernels.windowPermutation(g, re, im, range[0], range[1]);
        FloatKernels.windowPermutation(g, fre, fim, range[0], range[1]);
        for (int i = 0; i < re.length; i++) {
          String where = g + " groups " + Arrays.toString(range) + " at " + i;
          assertEquals(want[0][i], re[i], TOL, where);
          assertEquals(want[1][i], im[i], TOL, where);
          assertEquals(want[0][i], fre[i], FLOAT_TOL, where);
          assertEquals(want[1][i], fim[i], FLOAT_TOL, where);
        }
      }
    }
    assertTrue(phased, "one case has phases");
  }
}
