package io.qubitd.kernel;

import io.qubitd.circuit.Gate;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.ejml.data.ZMatrixRMaj;

/**
 * A unitary on a few qubits, held in ascending qubit order (little-endian: the lowest qubit is bit
 * 0 of the matrix index). Diagonal unitaries keep only their diagonal so the kernel applies them
 * with one multiplication per amplitude.
 */
public final class FusedGate {
  private final int[] qubits;
  private final boolean diagonal;
  /** Row-major dim×dim entries, or the dim diagonal entries when {@link #diagonal}. */
  private final double[] re;
  private final double[] im;
  private final int sourceGates;
  /** State offsets of the 2^width matrix basis states, built lazily for the kernels that need them. */
  private volatile int[] offsets;
  /** Lazily built by {@link #keyTables()}; volatile publishes complete tables, a racing rebuild yields equal ones. */
  private volatile int[][] keyTables;

  private FusedGate(int[] qubits, boolean diagonal, double[] re, double[] im, int sourceGates) {
    this.qubits = qubits;
    this.diagonal = diagonal;
    this.re = re;
    this.im = im;
    this.sourceGates = sourceGates;
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
    return new FusedGate(sorted, false, r, i, 1);
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
    if (diagonal || qubits.length != 1 || im[0] != 0 || im[1] != 0 || im[2] != 0 || im[3] != 0) return 0;
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
    return new FusedGate(union, false, r, i, sourceGates + next.sourceGates);
  }

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

  private double[] denseRe() { return diagonal ? diagToDense(re) : re; }

  private double[] denseIm() { return diagonal ? diagToDense(im) : im; }

  private static double[] diagToDense(double[] d) {
    int dim = d.length;
    double[] m = new double[dim * dim];
    for (int u = 0; u < dim; u++) m[u * dim + u] = d[u];
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
    return new FusedGate(ascending, diagonal, re, im, sourceGates);
  }

  public int width() { return qubits.length; }

  public boolean isDiagonal() { return diagonal; }

  /**
   * Multiply-adds per amplitude to apply this gate, in units of one complex product: a dense
   * k-qubit gate costs 2^k (half for a real matrix), a diagonal 1 whatever its width.
   */
  public double cost() {
    if (diagonal) return 1;
    double c = 1 << qubits.length;
    for (double x : im) if (x != 0) return c;
    return c / 2;
  }

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
    return (diagonal ? "diag" : "dense") + Arrays.toString(qubits) + "×" + sourceGates;
  }
}
