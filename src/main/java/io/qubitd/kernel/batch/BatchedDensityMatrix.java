package io.qubitd.kernel.batch;

import io.qubitd.kernel.Interruption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Density matrices of many bindings of one small noisy program, evolved together. The program is
 * the same for every binding except its {@link Phase} steps, RZ rotations whose angle each binding
 * gives; everything else (gates, decay, depolarizing, residual ZZ) is a fixed superoperator.
 *
 * <p>Steps are given in the computational basis (ρ over n qubits as a vector over 2n bits, ρ[r][c]
 * at r | c << n; a superoperator on qubits Q has index bits 0..k−1 on the row side, k..2k−1 on the
 * column side). The evolution runs on Pauli coordinates r_P = Tr(ρP), which are real and in which
 * native gates with their noise are sparse (SX and CZ permute Pauli strings up to sign, depolarizing
 * and dephasing scale them, damping adds one term): each fixed step is a sparse real matrix on 16
 * coordinates, and RZ a rotation of the X and Y coordinates of its qubit. The state of all bindings
 * is one array with the binding index fastest, r_b[P] at {@code P·B + b} (B the batch padded to whole
 * SIMD vectors), so each matrix entry is applied to a vector of bindings at once (Vector API), and a
 * step walks the batch one vector at a time with its inputs in L1 and its outputs in registers.
 */
public final class BatchedDensityMatrix {

  /** One step of a {@link Program}. */
  public sealed interface Step permits Superoperator, Phase {}

  /**
   * A fixed channel on {@code qubits} (k ≤ 2) as its 4^k × 4^k superoperator, row-major.
   * Precondition: re and im of length 16^k, qubits distinct.
   */
  public record Superoperator(int[] qubits, double[] re, double[] im) implements Step {
    public Superoperator {
      int d = 1 << (2 * qubits.length);
      if (qubits.length < 1 || qubits.length > 2) throw new IllegalArgumentException("superoperators act on 1 or 2 qubits, got " + qubits.length);
      if (re.length != d * d || im.length != d * d) {
        throw new IllegalArgumentException("a superoperator on " + qubits.length + " qubit(s) has " + d * d + " entries, got " + re.length);
      }
      if (qubits.length == 2 && qubits[0] == qubits[1]) throw new IllegalArgumentException("superoperator repeats qubit " + qubits[0]);
    }
  }

  /** RZ(angle) on {@code qubit}, the angle read per binding from row {@code slot} of the angle table. */
  public record Phase(int qubit, int slot) implements Step {}

  /**
   * A program: steps on {@code numQubits} qubits, then every qubit read out in the Z basis with its
   * assignment errors {@code p01[q]} = P(0|1) and {@code p10[q]} = P(1|0). Each fixed step's Pauli
   * transfer matrix is computed once here, since a program runs many batches.
   */
  public static final class Program {
    private final int numQubits;
    private final int numSlots;
    private final List<Step> steps;
    private final double[] p01;
    private final double[] p10;
    /** Per step, its {@link PauliTransfer} or its {@link Phase}. */
    private final List<Object> transfers;

    public Program(int numQubits, int numSlots, List<Step> steps, double[] p01, double[] p10) {
      if (numQubits < 1 || numQubits > 8) throw new IllegalArgumentException("batched density matrices take 1..8 qubits, got " + numQubits);
      if (p01.length != numQubits || p10.length != numQubits) {
        throw new IllegalArgumentException("readout errors for " + p01.length + " qubits in a program of " + numQubits);
      }
      List<Object> transfers = new ArrayList<>(steps.size());
      for (Step s : steps) {
        int[] qs = s instanceof Superoperator so ? so.qubits() : new int[] {((Phase) s).qubit()};
        for (int q : qs) if (q < 0 || q >= numQubits) throw new IllegalArgumentException("step on qubit " + q + " outside 0.." + (numQubits - 1));
        if (s instanceof Phase p && (p.slot() < 0 || p.slot() >= numSlots)) {
          throw new IllegalArgumentException("phase reads slot " + p.slot() + " of " + numSlots);
        }
        transfers.add(s instanceof Superoperator so ? PauliTransfer.of(so) : s);
      }
      this.numQubits = numQubits;
      this.numSlots = numSlots;
      this.steps = List.copyOf(steps);
      this.p01 = p01.clone();
      this.p10 = p10.clone();
      this.transfers = List.copyOf(transfers);
    }

    public int numQubits() { return numQubits; }

    public int numSlots() { return numSlots; }

    public List<Step> steps() { return steps; }

    public double[] p01() { return p01.clone(); }

    public double[] p10() { return p10.clone(); }
  }

  private BatchedDensityMatrix() {}

  /**
   * Probabilities of the 2^n readout outcomes (bit q of the outcome is qubit q's recorded bit) for
   * each of {@code batch} bindings: result[b][outcome]. {@code angles[slot][b]} is the angle of slot
   * {@code slot} for binding b. Precondition: batch ≥ 1, angles has numSlots rows of length batch.
   */
  public static double[][] probabilities(Program program, double[][] angles, int batch) {
    checkAngles(program, angles, batch);
    int n = program.numQubits();
    int size = 1 << (2 * n);
    // the batch padded to whole SIMD vectors; padding lanes evolve a valid state (RZ(0)) and are dropped
    int stride = (batch + LANES - 1) / LANES * LANES;
    // Pauli coordinates r_P = Tr(ρP): real, and |0…0⟩ has r_P = 1 exactly on the strings of I and Z
    double[] r = new double[size * stride];
    for (int idx = 0; idx < size; idx++) {
      if (onlyIAndZ(idx, n)) Arrays.fill(r, idx * stride, (idx + 1) * stride, 1.0);
    }
    double[] scratch = new double[16 * LANES];
    double[] cos = new double[stride], sin = new double[stride];
    Arrays.fill(cos, 1.0);
    for (Object s : program.transfers) {
      Interruption.check();
      if (s instanceof PauliTransfer t) {
        applyTransfer(t, stride, r, scratch);
      } else {
        Phase p = (Phase) s;
        double[] a = angles[p.slot()];
        for (int b = 0; b < batch; b++) {
          cos[b] = Math.cos(a[b]);
          sin[b] = Math.sin(a[b]);
        }
        rotateXY(p.qubit(), stride, r, cos, sin);
      }
    }
    int batchStride = stride;
    int dim = 1 << n;
    double[][] out = new double[batch][dim];
    // p(o) = 2^−n Σ_S r[Z_S] Π_{q∈S} (−1)^{o_q}
    for (int set = 0; set < dim; set++) {
      int idx = 0;
      for (int q = 0; q < n; q++) if ((set >> q & 1) == 1) idx |= 3 << (2 * q);
      int at = idx * batchStride;
      for (int o = 0; o < dim; o++) {
        double sign = (Integer.bitCount(o & set) & 1) == 0 ? 1.0 / dim : -1.0 / dim;
        for (int b = 0; b < batch; b++) out[b][o] += sign * r[at + b];
      }
    }
    for (double[] p : out) {
      for (int o = 0; o < dim; o++) p[o] = Math.max(0, p[o]);
      confuse(p, program.p01, program.p10);
    }
    return out;
  }

  private static boolean onlyIAndZ(int idx, int n) {
    for (int q = 0; q < n; q++) {
      int d = (idx >> (2 * q)) & 3;
      if (d == 1 || d == 2) return false;
    }
    return true;
  }

  /**
   * A superoperator as its Pauli transfer matrix R_ij = 2^−k Tr(P_i S(P_j)), real, stored by rows as
   * (column, value) lists: native gates with their noise leave most entries zero.
   */
  record PauliTransfer(int[] qubits, int[][] columns, double[][] values, int[] moved, int[] read) {
    /**
     * {@code moved}: the rows that are not the identity (the others leave their coordinate as it is,
     * e.g. II, and Z on a qubit that only dephases); {@code read}: the columns those rows read.
     */
    PauliTransfer(int[] qubits, int[][] columns, double[][] values) {
      this(qubits, columns, values, moved(columns, values), read(columns, values));
    }

    private static boolean identityRow(int[][] columns, double[][] values, int i) {
      return columns[i].length == 1 && columns[i][0] == i && values[i][0] == 1.0;
    }

    private static int[] moved(int[][] columns, double[][] values) {
      return IntStream.range(0, columns.length).filter(i -> !identityRow(columns, values, i)).toArray();
    }

    private static int[] read(int[][] columns, double[][] values) {
      BitSet used = new BitSet();
      for (int i : moved(columns, values)) for (int c : columns[i]) used.set(c);
      return used.stream().toArray();
    }

    private static final double[][][] PAULI_RE = {{{1, 0}, {0, 1}}, {{0, 1}, {1, 0}}, {{0, 0}, {0, 0}}, {{1, 0}, {0, -1}}};
    private static final double[][][] PAULI_IM = {{{0, 0}, {0, 0}}, {{0, 0}, {0, 0}}, {{0, -1}, {1, 0}}, {{0, 0}, {0, 0}}};
    private static final double ZERO = 1e-15;

    static PauliTransfer of(Superoperator so) {
      int k = so.qubits().length, d = 1 << k, dd = d * d;
      double[][] pr = new double[dd][dd], pi = new double[dd][dd];
      for (int p = 0; p < dd; p++) {
        for (int row = 0; row < d; row++) {
          for (int col = 0; col < d; col++) {
            double re = 1, im = 0;
            for (int j = 0; j < k; j++) {
              int digit = (p >> (2 * j)) & 3, rj = (row >> j) & 1, cj = (col >> j) & 1;
              double ar = PAULI_RE[digit][rj][cj], ai = PAULI_IM[digit][rj][cj];
              double nr = re * ar - im * ai;
              im = re * ai + im * ar;
              re = nr;
            }
            pr[p][row | (col << k)] = re;
            pi[p][row | (col << k)] = im;
          }
        }
      }
      int[][] columns = new int[dd][];
      double[][] values = new double[dd][];
      double[] sr = new double[dd], si = new double[dd];
      double[][] transfer = new double[dd][dd];
      for (int j = 0; j < dd; j++) {
        for (int row = 0; row < dd; row++) {
          double a = 0, c = 0;
          for (int x = 0; x < dd; x++) {
            double mr = so.re()[row * dd + x], mi = so.im()[row * dd + x];
            a += mr * pr[j][x] - mi * pi[j][x];
            c += mr * pi[j][x] + mi * pr[j][x];
          }
          sr[row] = a;
          si[row] = c;
        }
        for (int i = 0; i < dd; i++) {
          // Tr(P_i σ) = Σ_{r,c} P_i[c][r] σ[r][c]
          double t = 0;
          for (int row = 0; row < d; row++) {
            for (int col = 0; col < d; col++) {
              int at = row | (col << k), tr = col | (row << k);
              t += pr[i][tr] * sr[at] - pi[i][tr] * si[at];
            }
          }
          transfer[i][j] = t / d;
        }
      }
      for (int i = 0; i < dd; i++) {
        int count = 0;
        for (int j = 0; j < dd; j++) if (Math.abs(transfer[i][j]) > ZERO) count++;
        columns[i] = new int[count];
        values[i] = new double[count];
        int at = 0;
        for (int j = 0; j < dd; j++) {
          if (Math.abs(transfer[i][j]) > ZERO) {
            columns[i][at] = j;
            values[i][at++] = transfer[i][j];
          }
        }
      }
      return new PauliTransfer(so.qubits(), columns, values);
    }
  }

  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  /** Bindings per SIMD vector: the batch is walked in chunks of this many, so a step's 16 inputs stay in L1. */
  private static final int LANES = SPECIES.length();

  /**
   * r ← R r on the transfer matrix's qubits, for every binding ({@code stride} lanes, a multiple of
   * {@link #LANES}): per block of coordinates R mixes and per chunk of lanes, the block's inputs are
   * copied to {@code v} and each output is one register accumulating its row's nonzero entries.
   */
  private static void applyTransfer(PauliTransfer t, int stride, double[] r, double[] v) {
    int k = t.qubits().length, dim = 1 << (2 * k);
    int[] offset = new int[dim];
    int mask = 0;
    for (int j = 0; j < k; j++) {
      int shift = 2 * t.qubits()[j];
      mask |= 3 << shift;
      for (int s = 0; s < dim; s++) offset[s] |= ((s >> (2 * j)) & 3) << shift;
    }
    int[][] columns = t.columns();
    double[][] values = t.values();
    int[] moved = t.moved(), read = t.read();
    int[] at = new int[dim];
    int size = r.length / stride;
    for (int base = 0; base < size; base++) {
      if ((base & mask) != 0) continue;
      for (int s = 0; s < dim; s++) at[s] = (base | offset[s]) * stride;
      for (int b = 0; b < stride; b += LANES) {
        for (int s : read) DoubleVector.fromArray(SPECIES, r, at[s] + b).intoArray(v, s * LANES);
        for (int i : moved) {
          int[] cols = columns[i];
          double[] vals = values[i];
          DoubleVector acc = DoubleVector.zero(SPECIES);
          for (int j = 0; j < cols.length; j++) {
            acc = DoubleVector.fromArray(SPECIES, v, cols[j] * LANES).fma(DoubleVector.broadcast(SPECIES, vals[j]), acc);
          }
          acc.intoArray(r, at[i] + b);
        }
      }
    }
  }

  /** RZ(θ) on {@code qubit}: r_X ← cos θ r_X − sin θ r_Y, r_Y ← sin θ r_X + cos θ r_Y. */
  private static void rotateXY(int qubit, int stride, double[] r, double[] cos, double[] sin) {
    int shift = 2 * qubit, field = 3 << shift;
    int size = r.length / stride;
    for (int idx = 0; idx < size; idx++) {
      if ((idx & field) != 1 << shift) continue;
      int x = idx * stride, y = (idx ^ (3 << shift)) * stride;
      for (int b = 0; b < stride; b += LANES) {
        DoubleVector rx = DoubleVector.fromArray(SPECIES, r, x + b), ry = DoubleVector.fromArray(SPECIES, r, y + b);
        DoubleVector c = DoubleVector.fromArray(SPECIES, cos, b), sn = DoubleVector.fromArray(SPECIES, sin, b);
        rx.mul(c).sub(ry.mul(sn)).intoArray(r, x + b);
        rx.mul(sn).add(ry.mul(c)).intoArray(r, y + b);
      }
    }
  }

  /** ⟨Z_q⟩ of the recorded bits from outcome probabilities over {@code qubits} bits. */
  public static double[] zExpectations(double[] probabilities, int qubits) {
    double[] z = new double[qubits];
    for (int o = 0; o < probabilities.length; o++) {
      for (int q = 0; q < qubits; q++) z[q] += ((o >> q) & 1) == 0 ? probabilities[o] : -probabilities[o];
    }
    return z;
  }

  /**
   * Fewer, larger steps with the same effect. A superoperator moves back past steps on other qubits
   * (they commute), and a diagonal one also past phases (diagonal too), and folds into an earlier
   * superoperator when together they act on at most 2 qubits: a gate with its decay and depolarizing,
   * and the CZ and residual-ZZ phases around it, cost one pass over ρ.
   */
  public static List<Step> fuse(List<Step> steps) {
    List<Step> out = new ArrayList<>();
    for (Step s : steps) {
      if (s instanceof Phase) {
        out.add(s);
        continue;
      }
      Superoperator next = (Superoperator) s;
      boolean diagonal = isDiagonal(next);
      int mask = mask(next);
      boolean folded = false;
      for (int j = out.size() - 1; j >= 0 && !folded; j--) {
        Step prev = out.get(j);
        if (prev instanceof Superoperator ps && union(ps.qubits(), next.qubits()).length <= 2) {
          out.set(j, compose(ps, next, union(ps.qubits(), next.qubits())));
          folded = true;
        } else if ((mask(prev) & mask) != 0 && !(diagonal && prev instanceof Phase)) {
          break;
        }
      }
      if (!folded) out.add(next);
    }
    return out;
  }

  private static int mask(Step s) {
    if (s instanceof Phase p) return 1 << p.qubit();
    int m = 0;
    for (int q : ((Superoperator) s).qubits()) m |= 1 << q;
    return m;
  }

  private static boolean isDiagonal(Superoperator so) {
    int d = 1 << (2 * so.qubits().length);
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < d; c++) if (r != c && (so.re()[r * d + c] != 0 || so.im()[r * d + c] != 0)) return false;
    }
    return true;
  }

  private static void checkAngles(Program program, double[][] angles, int batch) {
    if (batch < 1) throw new IllegalArgumentException("the batch is empty");
    if (angles.length != program.numSlots()) {
      throw new IllegalArgumentException("angle table has " + angles.length + " slots; the program reads " + program.numSlots());
    }
    for (double[] a : angles) {
      if (a.length != batch) throw new IllegalArgumentException("an angle row has " + a.length + " values for a batch of " + batch);
    }
  }

  /** Applies each qubit's assignment error to outcome probabilities over n bits, in place. */
  static void confuse(double[] p, double[] p01, double[] p10) {
    for (int q = 0; q < p01.length; q++) {
      if (p01[q] == 0 && p10[q] == 0) continue;
      int bit = 1 << q;
      for (int o = 0; o < p.length; o++) {
        if ((o & bit) != 0) continue;
        double zero = p[o], one = p[o | bit];
        p[o] = zero * (1 - p10[q]) + one * p01[q];
        p[o | bit] = zero * p10[q] + one * (1 - p01[q]);
      }
    }
  }

  private static int[] union(int[] a, int[] b) {
    int[] u = Arrays.copyOf(a, a.length + b.length);
    int len = a.length;
    for (int q : b) {
      boolean seen = false;
      for (int j = 0; j < len; j++) seen |= u[j] == q;
      if (!seen) u[len++] = q;
    }
    return Arrays.copyOf(u, len);
  }

  /** The superoperator of {@code first} then {@code second} on {@code qubits}: the product second · first. */
  private static Superoperator compose(Superoperator first, Superoperator second, int[] qubits) {
    int dim = 1 << (2 * qubits.length);
    double[][] a = embed(first, qubits), b = embed(second, qubits);
    double[] ar = a[0], ai = a[1], br = b[0], bi = b[1];
    double[] re = new double[dim * dim], im = new double[dim * dim];
    for (int i = 0; i < dim; i++) {
      int row = i * dim;
      for (int k = 0; k < dim; k++) {
        double xr = br[row + k], xi = bi[row + k];
        if (xr == 0 && xi == 0) continue;
        int from = k * dim;
        for (int j = 0; j < dim; j++) {
          re[row + j] += xr * ar[from + j] - xi * ai[from + j];
          im[row + j] += xr * ai[from + j] + xi * ar[from + j];
        }
      }
    }
    return new Superoperator(qubits, re, im);
  }

  /**
   * {@code s} as a superoperator on {@code qubits} (a superset of its own), identity on the others:
   * {re, im}, row-major, index bits 0..K−1 the row side and K..2K−1 the column side.
   */
  private static double[][] embed(Superoperator s, int[] qubits) {
    if (Arrays.equals(s.qubits(), qubits)) return new double[][] {s.re(), s.im()};
    int big = qubits.length, small = s.qubits().length;
    int[] pos = relabel(s, qubits).qubits();
    int dim = 1 << (2 * big), ds = 1 << (2 * small);
    int mine = 0;
    for (int p : pos) mine |= 1 << p | 1 << (p + big);
    int others = (dim - 1) & ~mine;
    int[] local = new int[dim];
    for (int x = 0; x < dim; x++) {
      for (int j = 0; j < small; j++) local[x] |= ((x >> pos[j]) & 1) << j | ((x >> (pos[j] + big)) & 1) << (j + small);
    }
    double[] re = new double[dim * dim], im = new double[dim * dim];
    for (int out = 0; out < dim; out++) {
      for (int in = 0; in < dim; in++) {
        if ((out & others) != (in & others)) continue;
        int at = local[out] * ds + local[in];
        re[out * dim + in] = s.re()[at];
        im[out * dim + in] = s.im()[at];
      }
    }
    return new double[][] {re, im};
  }

  /** {@code s} with its qubits renamed to their positions in {@code qubits}, acting on a k-qubit ρ. */
  private static Superoperator relabel(Superoperator s, int[] qubits) {
    int[] local = new int[s.qubits().length];
    for (int j = 0; j < local.length; j++) {
      for (int i = 0; i < qubits.length; i++) if (qubits[i] == s.qubits()[j]) local[j] = i;
    }
    return new Superoperator(local, s.re(), s.im());
  }
}
