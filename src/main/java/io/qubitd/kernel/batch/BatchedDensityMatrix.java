package io.qubitd.kernel.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Density matrices of many bindings of one small noisy program, evolved together. The program is
 * the same for every binding except its {@link Phase} steps, RZ rotations whose angle each binding
 * gives; everything else (gates, decay, depolarizing, residual ZZ) is a fixed superoperator. The
 * state of all bindings is one array with the binding index fastest, ρ_b[i] at {@code i·B + b}, so
 * each fixed superoperator entry is read once and applied across the batch in a contiguous loop the
 * JIT vectorises.
 *
 * <p>ρ over n qubits is a vector over 2n bits, ρ[r][c] at index r | c << n (as the unbatched
 * density-matrix method stores it); a superoperator on qubits Q has index bits 0..k−1 on the row
 * side and k..2k−1 on the column side.
 */
public final class BatchedDensityMatrix {

  /** One step of a {@link Program}. */
  public sealed interface Step permits Superoperator, Phase, Diagonal {}

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

  /**
   * A fixed channel diagonal on ρ (CZ, residual ZZ, dephasing, drive detuning, and their products):
   * ρ[i] ← factor[i]·ρ[i] over all 4^n entries, touching the qubits in the bit mask {@code support}.
   */
  public record Diagonal(int support, double[] re, double[] im) implements Step {}

  /** RZ(angle) on {@code qubit}, the angle read per binding from row {@code slot} of the angle table. */
  public record Phase(int qubit, int slot) implements Step {}

  /**
   * A program: steps on {@code numQubits} qubits, then every qubit read out in the Z basis with its
   * assignment errors {@code p01[q]} = P(0|1) and {@code p10[q]} = P(1|0).
   */
  public record Program(int numQubits, int numSlots, List<Step> steps, double[] p01, double[] p10) {
    public Program {
      if (numQubits < 1 || numQubits > 8) throw new IllegalArgumentException("batched density matrices take 1..8 qubits, got " + numQubits);
      steps = List.copyOf(steps);
      if (p01.length != numQubits || p10.length != numQubits) {
        throw new IllegalArgumentException("readout errors for " + p01.length + " qubits in a program of " + numQubits);
      }
      for (Step s : steps) {
        if (s instanceof Diagonal d) {
          if (d.re().length != 1 << (2 * numQubits)) throw new IllegalArgumentException("a diagonal step has " + d.re().length + " factors for " + numQubits + " qubits");
          continue;
        }
        int[] qs = s instanceof Superoperator so ? so.qubits() : new int[] {((Phase) s).qubit()};
        for (int q : qs) if (q < 0 || q >= numQubits) throw new IllegalArgumentException("step on qubit " + q + " outside 0.." + (numQubits - 1));
        if (s instanceof Phase p && (p.slot() < 0 || p.slot() >= numSlots)) {
          throw new IllegalArgumentException("phase reads slot " + p.slot() + " of " + numSlots);
        }
      }
    }
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
    double[] re = new double[size * batch], im = new double[size * batch];
    Arrays.fill(re, 0, batch, 1.0);
    double[] scratchRe = new double[16 * batch], scratchIm = new double[16 * batch];
    double[] cos = new double[batch], sin = new double[batch];
    for (Step s : program.steps()) {
      if (s instanceof Superoperator so) {
        apply(so, n, batch, re, im, scratchRe, scratchIm);
      } else if (s instanceof Diagonal d) {
        diagonal(d, batch, re, im);
      } else {
        Phase p = (Phase) s;
        double[] a = angles[p.slot()];
        for (int b = 0; b < batch; b++) {
          cos[b] = Math.cos(a[b]);
          sin[b] = Math.sin(a[b]);
        }
        phase(p.qubit(), n, batch, re, im, cos, sin);
      }
    }
    int dim = 1 << n;
    double[][] out = new double[batch][dim];
    for (int r = 0; r < dim; r++) {
      int at = (r | (r << n)) * batch;
      for (int b = 0; b < batch; b++) out[b][r] = Math.max(0, re[at + b]);
    }
    for (double[] p : out) confuse(p, program.p01(), program.p10());
    return out;
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
   * Fewer, larger steps with the same effect on an n-qubit program. A superoperator moves back past
   * steps on other qubits (they commute) and folds into an earlier one when together they act on at
   * most 2 qubits; a diagonal one also moves past phases and folds into an earlier {@link Diagonal},
   * or else starts one over all of ρ. A gate with its decay and depolarizing,
   * and every CZ and ZZ phase between two non-diagonal gates, so cost one pass over ρ each.
   */
  public static List<Step> fuse(List<Step> steps, int n) {
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
        } else if (diagonal && prev instanceof Diagonal pd) {
          out.set(j, multiply(pd, toDiagonal(next, n)));
          folded = true;
        } else if ((mask(prev) & mask) != 0 && !(diagonal && prev instanceof Phase)) {
          break;
        }
      }
      if (!folded) out.add(diagonal ? toDiagonal(next, n) : next);
    }
    return out;
  }

  private static int mask(Step s) {
    if (s instanceof Diagonal d) return d.support();
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

  private static Diagonal toDiagonal(Superoperator so, int n) {
    int k = so.qubits().length, d = 1 << (2 * k);
    int size = 1 << (2 * n);
    double[] re = new double[size], im = new double[size];
    for (int i = 0; i < size; i++) {
      int local = 0;
      for (int j = 0; j < k; j++) {
        local |= ((i >> so.qubits()[j]) & 1) << j;
        local |= ((i >> (so.qubits()[j] + n)) & 1) << (j + k);
      }
      re[i] = so.re()[local * d + local];
      im[i] = so.im()[local * d + local];
    }
    return new Diagonal(mask(so), re, im);
  }

  private static Diagonal multiply(Diagonal a, Diagonal b) {
    double[] re = new double[a.re().length], im = new double[a.re().length];
    for (int i = 0; i < re.length; i++) {
      re[i] = a.re()[i] * b.re()[i] - a.im()[i] * b.im()[i];
      im[i] = a.re()[i] * b.im()[i] + a.im()[i] * b.re()[i];
    }
    return new Diagonal(a.support() | b.support(), re, im);
  }

  private static void diagonal(Diagonal d, int batch, double[] re, double[] im) {
    double[] fr = d.re(), fi = d.im();
    for (int i = 0; i < fr.length; i++) {
      double a = fr[i], c = fi[i];
      int at = i * batch;
      if (c == 0) {
        if (a == 1) continue;
        for (int b = 0; b < batch; b++) {
          re[at + b] *= a;
          im[at + b] *= a;
        }
      } else {
        for (int b = 0; b < batch; b++) {
          double x = re[at + b], y = im[at + b];
          re[at + b] = a * x - c * y;
          im[at + b] = a * y + c * x;
        }
      }
    }
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

  /** out = S on qubits {@code so.qubits()} of every binding's ρ, in place. */
  private static void apply(Superoperator so, int n, int batch, double[] re, double[] im, double[] vr, double[] vi) {
    int k = so.qubits().length;
    int dim = 1 << (2 * k);
    int[] offset = new int[dim];
    int mask = 0;
    for (int j = 0; j < k; j++) {
      int row = 1 << so.qubits()[j], col = 1 << (so.qubits()[j] + n);
      mask |= row | col;
      for (int s = 0; s < dim; s++) {
        if ((s >> j & 1) == 1) offset[s] |= row;
        if ((s >> (j + k) & 1) == 1) offset[s] |= col;
      }
    }
    double[] mr = so.re(), mi = so.im();
    int size = re.length / batch;
    for (int base = 0; base < size; base++) {
      if ((base & mask) != 0) continue;
      for (int s = 0; s < dim; s++) {
        int from = (base | offset[s]) * batch;
        System.arraycopy(re, from, vr, s * batch, batch);
        System.arraycopy(im, from, vi, s * batch, batch);
      }
      for (int r = 0; r < dim; r++) {
        int to = (base | offset[r]) * batch;
        Arrays.fill(re, to, to + batch, 0);
        Arrays.fill(im, to, to + batch, 0);
        int row = r * dim;
        for (int c = 0; c < dim; c++) {
          double ar = mr[row + c], ai = mi[row + c];
          if (ar == 0 && ai == 0) continue;
          int v = c * batch;
          if (ai == 0) {
            for (int b = 0; b < batch; b++) {
              re[to + b] += ar * vr[v + b];
              im[to + b] += ar * vi[v + b];
            }
          } else {
            for (int b = 0; b < batch; b++) {
              re[to + b] += ar * vr[v + b] - ai * vi[v + b];
              im[to + b] += ar * vi[v + b] + ai * vr[v + b];
            }
          }
        }
      }
    }
  }

  /**
   * ρ → RZ ρ RZ† on {@code qubit}: ρ[r][c] unchanged where the qubit's row and column bits agree,
   * times e^{−iθ} where the row bit is 0 and the column bit 1, e^{+iθ} the other way.
   */
  private static void phase(int qubit, int n, int batch, double[] re, double[] im, double[] cos, double[] sin) {
    int rowBit = 1 << qubit, colBit = 1 << (qubit + n);
    int size = re.length / batch;
    for (int i = 0; i < size; i++) {
      boolean r1 = (i & rowBit) != 0, c1 = (i & colBit) != 0;
      if (r1 == c1) continue;
      double sign = r1 ? 1 : -1;
      int at = i * batch;
      for (int b = 0; b < batch; b++) {
        double x = re[at + b], y = im[at + b], s = sign * sin[b];
        re[at + b] = cos[b] * x - s * y;
        im[at + b] = cos[b] * y + s * x;
      }
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

  /** The superoperator of {@code first} then {@code second} on {@code qubits}, built column by column. */
  private static Superoperator compose(Superoperator first, Superoperator second, int[] qubits) {
    int k = qubits.length;
    int dim = 1 << (2 * k);
    Superoperator a = relabel(first, qubits), b = relabel(second, qubits);
    double[] re = new double[dim * dim], im = new double[dim * dim];
    double[] vr = new double[16], vi = new double[16];
    for (int col = 0; col < dim; col++) {
      double[] sr = new double[dim], si = new double[dim];
      sr[col] = 1;
      apply(a, k, 1, sr, si, vr, vi);
      apply(b, k, 1, sr, si, vr, vi);
      for (int row = 0; row < dim; row++) {
        re[row * dim + col] = sr[row];
        im[row * dim + col] = si[row];
      }
    }
    return new Superoperator(qubits, re, im);
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
