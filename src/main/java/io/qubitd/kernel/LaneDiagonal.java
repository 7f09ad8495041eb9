package io.qubitd.kernel;

/**
 * A diagonal laid out for SIMD. A vector covers 2^laneBits consecutive local amplitudes, which
 * differ only in the gate's qubits among the lane bits; so each vector takes one row of a table of
 * lane factors, and the row index comes from the vector index (three lookups) and, in a gathered
 * block, from the gate's qubits outside the block (constant per block). When none of the gate's
 * qubits is a lane bit (QFT's controlled phases on high qubits) every lane of a vector takes the
 * same factor: the table holds one entry per row, broadcast, and is a lane count smaller (a
 * 10-qubit diagonal: 16 KiB, in L1, instead of 128 KiB).
 */
final class LaneDiagonal {
  private final int[] t0, t1, t2;
  private final int fieldBits;
  /** Global qubits of the gate outside the block, and the row bit each sets. */
  private final int[] outsideQubits, outsideRowBits;
  private final double[] doubleRe, doubleIm;
  private final float[] floatRe, floatIm;
  /** No gate qubit among the lane bits: one table entry per row, the same for every lane. */
  private final boolean broadcast;
  /** Log2 of the run of consecutive amplitudes that share a row: the lowest local gate qubit (30 when none). */
  private final int rowRunBits;
  /**
   * Rows whose every factor is exactly 1, or null when there are none: their amplitudes are left
   * as they are, not loaded and stored (a controlled-phase chain is 1 wherever its target is 0, so
   * half of a QFT stage's diagonal, or three quarters of two stages' merged, is skipped).
   */
  private final boolean[] identity;

  /**
   * @param gate the diagonal; {@code qubitsShared()} are global qubits when some lie outside the block
   * @param localPos local bit of each gate qubit, or -1 for one outside the block
   * @param laneBits log2 of the vector length
   */
  private LaneDiagonal(FusedGate gate, int[] localPos, int laneBits, boolean single) {
    int k = localPos.length;
    int[] rowBit = new int[k];
    int rows = 0, maxLocal = 0, outside = 0, lowestLocal = 30;
    for (int j = 0; j < k; j++) {
      if (localPos[j] >= 0) lowestLocal = Math.min(lowestLocal, localPos[j]);
      if (localPos[j] >= 0 && localPos[j] < laneBits) {
        rowBit[j] = -1;
      } else {
        rowBit[j] = rows++;
        if (localPos[j] < 0) outside++;
        else maxLocal = Math.max(maxLocal, localPos[j] - laneBits + 1);
      }
    }
    int[] gq = gate.qubitsShared();
    outsideQubits = new int[outside];
    outsideRowBits = new int[outside];
    for (int j = 0, o = 0; j < k; j++) {
      if (localPos[j] < 0) {
        outsideQubits[o] = gq[j];
        outsideRowBits[o++] = rowBit[j];
      }
    }
    fieldBits = Math.max(1, (maxLocal + 2) / 3);
    int[][] t = new int[3][1 << fieldBits];
    for (int p = 0; p < 3; p++) {
      for (int v = 0; v < (1 << fieldBits); v++) {
        int row = 0;
        for (int j = 0; j < k; j++) {
          int bit = localPos[j] - laneBits - p * fieldBits;
          if (rowBit[j] >= 0 && localPos[j] >= laneBits && bit >= 0 && bit < fieldBits && ((v >> bit) & 1) == 1) {
            row |= 1 << rowBit[j];
          }
        }
        t[p][v] = row;
      }
    }
    t0 = t[0];
    t1 = t[1];
    t2 = t[2];
    broadcast = lowestLocal >= laneBits;
    rowRunBits = lowestLocal;
    int lanes = broadcast ? 1 : 1 << laneBits, size = (1 << rows) * lanes;
    double[] dr = gate.re(), di = gate.im();
    double[] r = new double[size], i = new double[size];
    // a diagonal index is the OR of its lane bits and its row bits (disjoint): both tabled once, as
    // this runs per gate and pass on one thread (a bit-by-bit loop was 2–5 % of rc_20q_20l in JFR samples)
    int[] laneKey = new int[lanes], rowKey = new int[1 << rows];
    for (int j = 0; j < k; j++) {
      if (rowBit[j] < 0) {
        for (int l = 0; l < lanes; l++) laneKey[l] |= ((l >> localPos[j]) & 1) << j;
      } else {
        for (int row = 0; row < rowKey.length; row++) rowKey[row] |= ((row >> rowBit[j]) & 1) << j;
      }
    }
    for (int row = 0; row < rowKey.length; row++) {
      for (int l = 0; l < lanes; l++) {
        r[row * lanes + l] = dr[rowKey[row] | laneKey[l]];
        i[row * lanes + l] = di[rowKey[row] | laneKey[l]];
      }
    }
    identity = identityRows(r, i, lanes);
    if (single) {
      floatRe = new float[size];
      floatIm = new float[size];
      for (int x = 0; x < size; x++) {
        floatRe[x] = (float) r[x];
        floatIm[x] = (float) i[x];
      }
      doubleRe = null;
      doubleIm = null;
    } else {
      doubleRe = r;
      doubleIm = i;
      floatRe = null;
      floatIm = null;
    }
  }

  private LaneDiagonal(LaneDiagonal d, double factor) {
    broadcast = d.broadcast;
    rowRunBits = d.rowRunBits;
    t0 = d.t0;
    t1 = d.t1;
    t2 = d.t2;
    fieldBits = d.fieldBits;
    outsideQubits = d.outsideQubits;
    outsideRowBits = d.outsideRowBits;
    doubleRe = d.doubleRe == null ? null : d.doubleRe.clone();
    doubleIm = d.doubleIm == null ? null : d.doubleIm.clone();
    floatRe = d.floatRe == null ? null : d.floatRe.clone();
    floatIm = d.floatIm == null ? null : d.floatIm.clone();
    for (double[] a : new double[][] {doubleRe, doubleIm}) {
      if (a != null) for (int x = 0; x < a.length; x++) a[x] *= factor;
    }
    for (float[] a : new float[][] {floatRe, floatIm}) {
      if (a != null) for (int x = 0; x < a.length; x++) a[x] = (float) (a[x] * factor);
    }
    identity = factor == 1 ? d.identity : null;
  }

  private static boolean[] identityRows(double[] r, double[] i, int lanes) {
    boolean[] one = new boolean[r.length / lanes];
    boolean any = false;
    for (int row = 0; row < one.length; row++) {
      boolean all = true;
      for (int l = row * lanes; l < (row + 1) * lanes; l++) all &= r[l] == 1 && i[l] == 0;
      one[row] = all;
      any |= all;
    }
    return any ? one : null;
  }

  /** This diagonal times a real factor. */
  LaneDiagonal scaled(double factor) {
    return new LaneDiagonal(this, factor);
  }

  /** For a double-precision state. Precondition: the lane bits hold no outside qubit. */
  static LaneDiagonal forDouble(FusedGate gate, int[] localPos) {
    return new LaneDiagonal(gate, localPos, DoubleVectorKernels.LANE_BITS, false);
  }

  /** For a single-precision state. Precondition: the lane bits hold no outside qubit. */
  static LaneDiagonal forFloat(FusedGate gate, int[] localPos) {
    return new LaneDiagonal(gate, localPos, FloatVectorKernels.LANE_BITS, true);
  }

  /**
   * Whether the table (2^width rows of lanes at most) is small next to the {@code amplitudes} it
   * serves, and every vector is whole.
   */
  static boolean pays(FusedGate gate, int laneBits, int amplitudes, int blockAmplitudes) {
    return blockAmplitudes >= (1 << laneBits) && (long) amplitudes >= 4L << (gate.width() + laneBits);
  }

  int[] t0() { return t0; }

  int[] t1() { return t1; }

  int[] t2() { return t2; }

  int fieldBits() { return fieldBits; }

  /** Whether a row is one factor for all lanes ({@code re()[row]}) rather than a vector of them ({@code re()[row << laneBits]}). */
  boolean broadcast() { return broadcast; }

  /** Per row, whether all its factors are exactly 1; null when no row is. */
  boolean[] identity() { return identity; }

  /** Log2 of the run of consecutive local amplitudes sharing one row. */
  int rowRunBits() { return rowRunBits; }

  double[] doubleRe() { return doubleRe; }

  double[] doubleIm() { return doubleIm; }

  float[] floatRe() { return floatRe; }

  float[] floatIm() { return floatIm; }

  /**
   * The row of the local vector index {@code v} (a local amplitude index shifted right by the lane
   * bits) in a block whose {@link #fixedRow} is {@code fixedRow}.
   */
  int row(int fixedRow, int v) {
    int m = (1 << fieldBits) - 1;
    return fixedRow | t0[v & m] | t1[(v >>> fieldBits) & m] | t2[(v >>> 2 * fieldBits) & m];
  }

  /** Row bits set by the gate's qubits outside the block whose global base index is {@code base}. */
  int fixedRow(int base) {
    int row = 0;
    for (int o = 0; o < outsideQubits.length; o++) row |= ((base >>> outsideQubits[o]) & 1) << outsideRowBits[o];
    return row;
  }
}
