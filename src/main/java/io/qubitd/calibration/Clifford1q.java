package io.qubitd.calibration;

import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_ZDRM;

/**
 * The 24-element single-qubit Clifford group, each element as a shortest native sequence
 * RZ(a) [SX RZ(b) [SX RZ(c)]] with angles multiples of π/2: 4 elements need no SX, 16 one and 4
 * two, so a uniformly random Clifford costs {@link #MEAN_SX_PER_CLIFFORD} = 1 SX on average.
 * Elements are numbered 0..23, 0 being the identity.
 */
public final class Clifford1q {
  private Clifford1q() {}

  public static final int SIZE = 24;
  /** Mean number of SX pulses per uniformly random Clifford: (4·0 + 16·1 + 4·2)/24. */
  public static final double MEAN_SX_PER_CLIFFORD = 1.0;

  /** Two matrices are the same Clifford when |tr(A†B)| equals 2 up to this. */
  private static final double SAME_TOLERANCE = 1e-9;

  /**
   * One native step of a Clifford, in time order: either an RZ by {@code angle} or an SX.
   *
   * @param sx true for an SX pulse, false for RZ(angle)
   */
  public record Step(boolean sx, double angle) {}

  private static final List<List<Step>> SEQUENCES = new ArrayList<>();
  private static final List<ZMatrixRMaj> MATRICES = new ArrayList<>();
  private static final int[][] PRODUCT = new int[SIZE][SIZE];
  private static final int[] INVERSE = new int[SIZE];

  static {
    double[] angles = {0, Math.PI / 2, Math.PI, 3 * Math.PI / 2};
    for (int sxCount = 0; sxCount <= 2 && MATRICES.size() < SIZE; sxCount++) {
      int combos = (int) Math.pow(4, sxCount + 1);
      for (int code = 0; code < combos; code++) {
        List<Step> seq = new ArrayList<>();
        int c = code;
        for (int k = 0; k <= sxCount; k++) {
          if (k > 0) seq.add(new Step(true, 0));
          double a = angles[c % 4];
          c /= 4;
          if (a != 0) seq.add(new Step(false, a));
        }
        ZMatrixRMaj m = matrixOf(seq);
        if (indexOf(m) < 0) {
          SEQUENCES.add(List.copyOf(seq));
          MATRICES.add(m);
        }
      }
    }
    if (MATRICES.size() != SIZE) throw new IllegalStateException("generated " + MATRICES.size() + " Cliffords, expected 24");
    for (int i = 0; i < SIZE; i++) {
      for (int j = 0; j < SIZE; j++) {
        ZMatrixRMaj p = new ZMatrixRMaj(2, 2);
        CommonOps_ZDRM.mult(MATRICES.get(j), MATRICES.get(i), p);
        PRODUCT[i][j] = indexOf(p);
      }
    }
    for (int i = 0; i < SIZE; i++) for (int j = 0; j < SIZE; j++) if (PRODUCT[i][j] == 0) INVERSE[i] = j;
  }

  /** The native steps of Clifford {@code c}, in time order. */
  public static List<Step> sequence(int c) { return SEQUENCES.get(c); }

  /** The unitary of Clifford {@code c} (one representative of its phase class); a copy. */
  public static ZMatrixRMaj matrix(int c) { return MATRICES.get(c).copy(); }

  /** The Clifford of applying {@code first}, then {@code then}. */
  public static int compose(int first, int then) { return PRODUCT[first][then]; }

  public static int inverse(int c) { return INVERSE[c]; }

  private static ZMatrixRMaj matrixOf(List<Step> seq) {
    ZMatrixRMaj m = CommonOps_ZDRM.identity(2);
    for (Step s : seq) {
      ZMatrixRMaj g = s.sx() ? Gate.of(GateKind.SX).matrix() : Gate.of(GateKind.RZ, s.angle()).matrix();
      ZMatrixRMaj next = new ZMatrixRMaj(2, 2);
      CommonOps_ZDRM.mult(g, m, next);
      m = next;
    }
    return m;
  }

  private static int indexOf(ZMatrixRMaj m) {
    for (int i = 0; i < MATRICES.size(); i++) {
      ZMatrixRMaj a = MATRICES.get(i);
      double re = 0, im = 0;
      for (int r = 0; r < 2; r++) for (int c = 0; c < 2; c++) {
        double ar = a.getReal(r, c), ai = -a.getImag(r, c), br = m.getReal(r, c), bi = m.getImag(r, c);
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      if (Math.abs(Math.hypot(re, im) - 2) < SAME_TOLERANCE) return i;
    }
    return -1;
  }
}
