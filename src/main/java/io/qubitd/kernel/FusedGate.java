package io.qubitd.kernel;

import io.qubitd.circuit.Gate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.ejml.data.ZMatrixRMaj;

/**
 * A unitary on a few qubits, held in ascending qubit order (little-endian: the lowest qubit is bit
 * 0 of the matrix index), in the cheapest of three structures that survive fusion: a diagonal (one
 * multiplication per amplitude), a permutation with phases (amplitudes move, at most one
 * multiplication each; controlled permutations such as CX leave the rest untouched), or dense.
 * Products keep the structure when they can (diagonal × diagonal, permutation × diagonal) and a
 * dense product that turns out monomial (H·CZ·H = CX) becomes a permutation.
 */
public final class FusedGate {
  /** Entries of a product below this are rounding residue (exact zeros of the unitary). */
  private static final double ZERO = 1e-15;

  private final int[] qubits;
  private final boolean diagonal;
  /** For a permutation: column u's amplitude goes to row perm[u] (times phase u); null otherwise. */
  private final int[] perm;
  /** Row-major dim×dim entries, or the dim diagonal entries (phases, for a permutation). */
  private final double[] re;
  private final double[] im;
  private final int sourceGates;
  /** For a dense gate: bit j set when qubit j is a control (the matrix is the identity where it is 0). */
  private final int controlBits;
  /** For a controlled gate: its matrix on the target qubits, where every control is 1 (built lazily). */
  private volatile double[][] targetMatrix;
  /** The cycles of a permutation that move or rephase amplitudes, built lazily. */
  private volatile int[][] cycles;
  /** Lazily built by {@link #windowSources()}. */
  private volatile int[][] windowSources;
  /** State offsets of the 2^width matrix basis states, built lazily for the kernels that need them. */
  private volatile int[] offsets;
  /** Lazily built by {@link #keyTables()}; volatile publishes complete tables, a racing rebuild yields equal ones. */
  private volatile int[][] keyTables;

  private FusedGate(int[] qubits, boolean diagonal, double[] re, double[] im, int sourceGates) {
    this(qubits, diagonal, null, re, im, sourceGates);
  }

  private FusedGate(int[] qubits, boolean diagonal, int[] perm, double[] re, double[] im, int sourceGates) {
    this(qubits, diagonal, perm, re, im, sourceGates, diagonal || perm != null ? 0 : controlBits(qubits.length, re, im));
  }

  private FusedGate(int[] qubits, boolean diagonal, int[] perm, double[] re, double[] im, int sourceGates, int controlBits) {
    this.qubits = qubits;
    this.diagonal = diagonal;
    this.perm = perm;
    this.re = re;
    this.im = im;
    this.sourceGates = sourceGates;
    this.controlBits = controlBits;
  }

  /** The qubits on whose 0 the dense matrix acts as the identity, as bits of the matrix index. */
  private static int controlBits(int k, double[] r, double[] i) {
    int dim = 1 << k, mask = 0;
    for (int j = 0; j < k; j++) {
      boolean control = true;
      for (int a = 0; a < dim && control; a++) {
        for (int b = 0; b < dim && control; b++) {
          if (((a >> j) & 1) == 1 && ((b >> j) & 1) == 1) continue;
          double er = r[a * dim + b], ei = i[a * dim + b];
          control = a == b ? er == 1 && ei == 0 : er == 0 && ei == 0;
        }
      }
      if (control) mask |= 1 << j;
    }
    // with every qubit a control the gate would be diagonal; keep one target
    return Integer.bitCount(mask) == k ? 0 : mask;
  }

  /**
   * A dense dim×dim matrix in its cheapest structure: diagonal or permutation when every column
   * has one entry (up to rounding residue, dropped), dense otherwise.
   */
  private static FusedGate structured(int[] qubits, double[] r, double[] i, int sourceGates) {
    int dim = 1 << qubits.length;
    int[] p = new int[dim];
    boolean[] hit = new boolean[dim];
    boolean diag = true;
    for (int c = 0; c < dim; c++) {
      int row = -1;
      for (int a = 0; a < dim; a++) {
        if (Math.abs(r[a * dim + c]) > ZERO || Math.abs(i[a * dim + c]) > ZERO) {
          if (row >= 0) return new FusedGate(qubits, false, r, i, sourceGates);
          row = a;
        }
      }
      if (row < 0 || hit[row]) return new FusedGate(qubits, false, r, i, sourceGates);
      hit[row] = true;
      p[c] = row;
      diag &= row == c;
    }
    double[] pr = new double[dim], pi = new double[dim];
    for (int c = 0; c < dim; c++) {
      pr[c] = snap(r[p[c] * dim + c]);
      pi[c] = snap(i[p[c] * dim + c]);
    }
    return diag ? new FusedGate(qubits, true, pr, pi, sourceGates) : new FusedGate(qubits, false, p, pr, pi, sourceGates);
  }

  /** The gate {@code g} on {@code qubits} (controls first, as in the circuit IR). */
  public static FusedGate of(Gate g, int[] qubits) {
    return of(g.matrix(), g.isDiagonal(), qubits);
  }

  /** A 2^k matrix on k distinct qubits, little-endian in the given order. */
  public static FusedGate of(ZMatrixRMaj m, boolean diagonal, int[] qubits) {
    int k = qubits.length;
    int dim = 1 << k;
    if (m.numRows != dim || m.numCols != dim) {
      throw new IllegalArgumentException("matrix is " + m.numRows + "x" + m.numCols + " for " + k + " qubit(s) "
          + Arrays.toString(qubits));
    }
    int[] sorted = qubits.clone();
    Arrays.sort(sorted);
    for (int j = 1; j < k; j++) {
      if (sorted[j] == sorted[j - 1]) throw new IllegalArgumentException("repeated qubit in " + Arrays.toString(qubits));
    }
    // sub[u] = index in the caller's qubit order of sorted-order basis index u
    int[] sub = new int[dim];
    for (int u = 0; u < dim; u++) {
      int s = 0;
      for (int j = 0; j < k; j++) {
        int pos = Arrays.binarySearch(sorted, qubits[j]);
        s |= ((u >> pos) & 1) << j;
      }
      sub[u] = s;
    }
    if (diagonal) {
      double[] dr = new double[dim], di = new double[dim];
      for (int u = 0; u < dim; u++) {
        dr[u] = m.getReal(sub[u], sub[u]);
        di[u] = m.getImag(sub[u], sub[u]);
      }
      return new FusedGate(sorted, true, dr, di, 1);
    }
    double[] r = new double[dim * dim], i = new double[dim * dim];
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < dim; b++) {
        r[a * dim + b] = m.getReal(sub[a], sub[b]);
        i[a * dim + b] = m.getImag(sub[a], sub[b]);
      }
    }
    return structured(sorted, r, i, 1);
  }

  /** A diagonal with entries (re, im) on ascending qubits (possibly none: a global factor). */
  static FusedGate diagonal(int[] ascending, double[] re, double[] im) {
    return new FusedGate(ascending, true, re, im, 1);
  }

  /** The butterfly [[1, 1], [1, -1]] on one qubit: a Hadamard without its 1/√2. */
  static FusedGate butterfly(int qubit) {
    return new FusedGate(new int[] {qubit}, false, new double[] {1, 1, 1, -1}, new double[4], 1);
  }

  /** c when this is c·[[1, 1], [1, -1]] on one qubit with real c (a Hadamard up to its factor), else 0. */
  double hadamardFactor() {
    if (diagonal || perm != null || qubits.length != 1 || im[0] != 0 || im[1] != 0 || im[2] != 0 || im[3] != 0) return 0;
    double c = re[0];
    return re[1] == c && re[2] == c && re[3] == -c ? c : 0;
  }

  /** The unitary "this, then {@code next}" on the union of both qubit sets. */
  public FusedGate then(FusedGate next) {
    int[] union = union(qubits, next.qubits);
    int dim = 1 << union.length;
    FusedGate a = expand(union), b = next.expand(union);
    if (a.diagonal && b.diagonal) {
      double[] r = new double[dim], i = new double[dim];
      for (int u = 0; u < dim; u++) {
        r[u] = b.re[u] * a.re[u] - b.im[u] * a.im[u];
        i[u] = b.re[u] * a.im[u] + b.im[u] * a.re[u];
      }
      return new FusedGate(union, true, r, i, sourceGates + next.sourceGates);
    }
    if (a.isMonomial() && b.isMonomial()) {
      // column u goes to a.perm[u], then on to b.perm of that: phases multiply
      int[] p = new int[dim];
      double[] r = new double[dim], i = new double[dim];
      for (int u = 0; u < dim; u++) {
        int v = a.target(u);
        p[u] = b.target(v);
        r[u] = b.re[v] * a.re[u] - b.im[v] * a.im[u];
        i[u] = b.re[v] * a.im[u] + b.im[v] * a.re[u];
      }
      boolean identityOrder = true;
      for (int u = 0; u < dim; u++) identityOrder &= p[u] == u;
      return identityOrder ? new FusedGate(union, true, r, i, sourceGates + next.sourceGates)
          : new FusedGate(union, false, p, r, i, sourceGates + next.sourceGates);
    }
    double[] ar = a.denseRe(), ai = a.denseIm(), br = b.denseRe(), bi = b.denseIm();
    double[] r = new double[dim * dim], i = new double[dim * dim];
    for (int row = 0; row < dim; row++) {
      for (int k = 0; k < dim; k++) {
        double xr = br[row * dim + k], xi = bi[row * dim + k];
        if (xr == 0 && xi == 0) continue;
        for (int col = 0; col < dim; col++) {
          double yr = ar[k * dim + col], yi = ai[k * dim + col];
          r[row * dim + col] += xr * yr - xi * yi;
          i[row * dim + col] += xr * yi + xi * yr;
        }
      }
    }
    return structured(union, r, i, sourceGates + next.sourceGates);
  }

  /** The same unitary held and applied as a dense matrix, whatever its structure (the kernels' plain path). */
  FusedGate asDense() {
    return diagonal || perm != null || controlBits != 0
        ? new FusedGate(qubits, false, null, denseRe(), denseIm(), sourceGates, 0) : this;
  }

  /** 0 and ±1 for a phase part within rounding residue of them (so CX from H·CZ·H only moves amplitudes). */
  private static double snap(double x) {
    if (Math.abs(x) <= ZERO) return 0;
    if (Math.abs(Math.abs(x) - 1) <= 4 * Math.ulp(1.0)) return Math.signum(x);
    return x;
  }

  /** Diagonal or permutation: one entry per column. */
  private boolean isMonomial() { return diagonal || perm != null; }

  /** The row where column u's amplitude lands. Precondition: {@link #isMonomial()}. */
  private int target(int u) { return perm == null ? u : perm[u]; }

  /** This gate on a superset of its qubits (sorted ascending). */
  private FusedGate expand(int[] union) {
    if (Arrays.equals(union, qubits)) return this;
    int dim = 1 << union.length;
    int own = 0;
    int[] pos = new int[qubits.length];
    for (int j = 0; j < qubits.length; j++) {
      pos[j] = Arrays.binarySearch(union, qubits[j]);
      own |= 1 << pos[j];
    }
    int[] sub = new int[dim];
    for (int u = 0; u < dim; u++) {
      int s = 0;
      for (int j = 0; j < qubits.length; j++) s |= ((u >> pos[j]) & 1) << j;
      sub[u] = s;
    }
    int small = 1 << qubits.length;
    if (diagonal) {
      double[] r = new double[dim], i = new double[dim];
      for (int u = 0; u < dim; u++) {
        r[u] = re[sub[u]];
        i[u] = im[sub[u]];
      }
      return new FusedGate(union, true, r, i, sourceGates);
    }
    if (perm != null) {
      int[] p = new int[dim];
      double[] r = new double[dim], i = new double[dim];
      for (int u = 0; u < dim; u++) {
        int t = perm[sub[u]], rest = u & ~own;
        for (int j = 0; j < qubits.length; j++) rest |= ((t >> j) & 1) << pos[j];
        p[u] = rest;
        r[u] = re[sub[u]];
        i[u] = im[sub[u]];
      }
      return new FusedGate(union, false, p, r, i, sourceGates);
    }
    double[] r = new double[dim * dim], i = new double[dim * dim];
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < dim; b++) {
        if ((a & ~own) != (b & ~own)) continue;
        r[a * dim + b] = re[sub[a] * small + sub[b]];
        i[a * dim + b] = im[sub[a] * small + sub[b]];
      }
    }
    return new FusedGate(union, false, r, i, sourceGates);
  }

  /** The full row-major matrix's real parts (shared when dense). */
  double[] denseRe() { return isMonomial() ? monomialToDense(re) : re; }

  /** The full row-major matrix's imaginary parts (shared when dense). */
  double[] denseIm() { return isMonomial() ? monomialToDense(im) : im; }

  private double[] monomialToDense(double[] d) {
    int dim = d.length;
    double[] m = new double[dim * dim];
    for (int u = 0; u < dim; u++) m[target(u) * dim + u] = d[u];
    return m;
  }

  static int[] union(int[] a, int[] b) {
    return IntStream.concat(Arrays.stream(a), Arrays.stream(b)).distinct().sorted().toArray();
  }

  /** The qubits, ascending; bit j of the matrix index is qubit {@code qubits()[j]}. */
  public int[] qubits() { return qubits.clone(); }

  int[] qubitsShared() { return qubits; }

  /** The same matrix on other qubits. Precondition: ascending, same count (so the matrix order is kept). */
  FusedGate onQubits(int[] ascending) {
    return new FusedGate(ascending, diagonal, perm, re, im, sourceGates, controlBits);
  }

  public int width() { return qubits.length; }

  public boolean isDiagonal() { return diagonal; }

  /** Whether this is a permutation of the basis states with phases (and not a diagonal). */
  public boolean isPermutation() { return perm != null; }

  /** The structure the kernels apply this gate by. */
  public GateStructure structure() {
    return diagonal ? GateStructure.DIAGONAL : perm != null ? GateStructure.PERMUTATION
        : controlBits != 0 ? GateStructure.CONTROLLED : GateStructure.DENSE;
  }

  /** Control qubits of a controlled gate, as bits of the matrix index (0 otherwise). */
  int controlBits() { return controlBits; }

  /**
   * A controlled gate's matrix on its targets (real and imaginary parts, row-major), where every
   * control is 1; bit j of its index is the j-th target in ascending order.
   */
  double[][] targetMatrix() {
    double[][] t = targetMatrix;
    if (t == null) {
      int k = qubits.length, dim = 1 << k, targets = k - Integer.bitCount(controlBits), tdim = 1 << targets;
      int[] full = new int[tdim];
      for (int u = 0; u < tdim; u++) {
        int v = controlBits;
        for (int j = 0, b = 0; j < k; j++) {
          if (((controlBits >> j) & 1) == 0) v |= ((u >> b++) & 1) << j;
        }
        full[u] = v;
      }
      double[] r = new double[tdim * tdim], i = new double[tdim * tdim];
      for (int a = 0; a < tdim; a++) {
        for (int b = 0; b < tdim; b++) {
          r[a * tdim + b] = re[full[a] * dim + full[b]];
          i[a * tdim + b] = im[full[a] * dim + full[b]];
        }
      }
      t = new double[][] {r, i};
      targetMatrix = t;
    }
    return t;
  }

  /** Estimated time per amplitude of a block to apply this gate (see {@link FusionCostModel}). */
  public double cost() {
    return FusionCostModel.cost(this);
  }

  /** Whether every matrix entry is real. */
  boolean isReal() {
    for (double x : im) if (x != 0) return false;
    return true;
  }

  /**
   * For a permutation: the cycles of basis states it moves or rephases, each {u0, u1, …} with
   * column u_j going to row u_{j+1} (the last to u0); fixed points with phase 1 are left out.
   */
  int[][] cycles() {
    int[][] c = cycles;
    if (c == null) {
      int dim = perm.length;
      boolean[] seen = new boolean[dim];
      List<int[]> out = new ArrayList<>();
      for (int u = 0; u < dim; u++) {
        if (seen[u] || perm[u] == u && re[u] == 1 && im[u] == 0) continue;
        List<Integer> cyc = new ArrayList<>();
        for (int v = u; !seen[v]; v = perm[v]) {
          seen[v] = true;
          cyc.add(v);
        }
        out.add(cyc.stream().mapToInt(Integer::intValue).toArray());
      }
      c = out.toArray(new int[0][]);
      cycles = c;
    }
    return c;
  }

  /** Widest window (2^8 amplitudes) {@link #windowSources()} covers: its tables stay in L1. */
  static final int MAX_WINDOW_BITS = 8;
  /** Narrowest window: shorter ones would pay a call and two copies per few amplitudes. */
  static final int MIN_WINDOW_BITS = 6;

  /** The window width {@link #windowSources()} uses: the highest qubit's bit and below, at least {@link #MIN_WINDOW_BITS}. */
  int windowBits() { return Math.max(qubits[qubits.length - 1] + 1, MIN_WINDOW_BITS); }

  /**
   * For a permutation whose qubits lie below {@link #MAX_WINDOW_BITS}: what it does to each aligned
   * window of 2^{@link #windowBits()} amplitudes, as {from, column}: window position y receives
   * position from[y]'s amplitude times column[y]'s phase.
   */
  int[][] windowSources() {
    int[][] w = windowSources;
    if (w == null) {
      int size = 1 << windowBits(), own = 0;
      for (int q : qubits) own |= 1 << q;
      int[] from = new int[size], column = new int[size];
      for (int x = 0; x < size; x++) {
        int u = 0;
        for (int j = 0; j < qubits.length; j++) u |= ((x >> qubits[j]) & 1) << j;
        int v = perm[u], y = x & ~own;
        for (int j = 0; j < qubits.length; j++) y |= ((v >> j) & 1) << qubits[j];
        from[y] = x;
        column[y] = u;
      }
      w = new int[][] {from, column};
      windowSources = w;
    }
    return w;
  }

  /** Amplitudes per 2^width a permutation moves or rephases. */
  int touched() {
    int t = 0;
    for (int[] c : cycles()) t += c.length;
    return t;
  }

  /** Whether every phase of a permutation is exactly 1 (it only moves amplitudes). */
  boolean unitPhases() {
    for (int u = 0; u < re.length; u++) if (re[u] != 1 || im[u] != 0) return false;
    return true;
  }

  /** For a permutation: the basis state column {@code u}'s amplitude moves to. */
  int permutedColumn(int u) { return perm[u]; }

  /** How many circuit gates this one stands for. */
  public int sourceGates() { return sourceGates; }

  double[] re() { return re; }

  int[] offsets() {
    int[] o = offsets;
    if (o == null) {
      o = DoubleKernels.offsets(qubits);
      offsets = o;
    }
    return o;
  }

  /**
   * For diagonals: three tables that map the bits of an amplitude index, split in three equal
   * fields of {@link #keyFieldBits()} bits, to their part of the diagonal index (OR the three).
   */
  int[][] keyTables() {
    int[][] t = keyTables;
    if (t == null) {
      int w = keyFieldBits();
      t = new int[3][1 << w];
      for (int p = 0; p < 3; p++) {
        for (int v = 0; v < (1 << w); v++) {
          int key = 0;
          for (int j = 0; j < qubits.length; j++) {
            int bit = qubits[j] - p * w;
            if (bit >= 0 && bit < w && ((v >> bit) & 1) == 1) key |= 1 << j;
          }
          t[p][v] = key;
        }
      }
      keyTables = t;
    }
    return t;
  }

  int keyFieldBits() {
    int bits = qubits.length == 0 ? 1 : qubits[qubits.length - 1] + 1;
    return (bits + 2) / 3;
  }

  double[] im() { return im; }

  /** The full 2^width matrix (a fresh copy). */
  public ZMatrixRMaj matrix() {
    int dim = 1 << qubits.length;
    ZMatrixRMaj m = new ZMatrixRMaj(dim, dim);
    double[] r = denseRe(), i = denseIm();
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < dim; b++) m.set(a, b, r[a * dim + b], i[a * dim + b]);
    }
    return m;
  }

  @Override
  public String toString() {
    return (diagonal ? "diag" : perm != null ? "perm" : "dense") + Arrays.toString(qubits) + "×" + sourceGates;
  }
}
