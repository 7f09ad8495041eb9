package io.qubitd.kernel.density;

import io.qubitd.circuit.Condition;
import io.qubitd.kernel.Interruption;
import io.qubitd.device.noise.NoisyInstruction;
import io.qubitd.device.noise.NoisyProgram;
import io.qubitd.kernel.NoisyResult;
import io.qubitd.kernel.NoisySimulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.ejml.data.ZMatrixRMaj;

/**
 * Exact noisy simulation with density matrices, for small programs. The state is one
 * unnormalised density matrix per value of the classical memory (its trace is that value's
 * probability), so mid-circuit measurements, resets and conditions are exact. A measurement that
 * nothing later depends on (its bit neither read nor overwritten, its qubit touched later only by
 * channels with diagonal Kraus operators, which commute with the projection) is deferred to the
 * end and read off the diagonal, so final measurements do not multiply branches.
 *
 * <p>ρ is stored as a vector over 2n qubits, ρ[r][c] at index r | c << n; a channel with Kraus
 * operators K_i on qubits Q acts as the superoperator Σ K_i ⊗ conj(K_i) on qubits Q and Q + n.
 */
public final class DensityMatrixSimulator implements NoisySimulator {

  /**
   * Limits that keep memory bounded: a branch takes 16·4^n bytes.
   *
   * @param maxQubits   largest program accepted
   * @param maxBranches most classical-memory values held at once by mid-circuit measurements
   */
  public record Settings(int maxQubits, int maxBranches) {
    public Settings {
      if (maxQubits < 1 || maxQubits > 14) throw new IllegalArgumentException("maxQubits must be within 1..14, got " + maxQubits);
      if (maxBranches < 1) throw new IllegalArgumentException("maxBranches must be positive, got " + maxBranches);
    }

    public static Settings defaults() { return new Settings(10, 16); }
  }

  /** Branches whose probability falls below this are dropped; they cannot change any reported figure. */
  private static final double PRUNE_PROBABILITY = 1e-15;

  private final Settings settings;

  public DensityMatrixSimulator(Settings settings) { this.settings = settings; }

  public DensityMatrixSimulator() { this(Settings.defaults()); }

  @Override
  public NoisyResult run(NoisyProgram program, int shots, long seed) {
    if (shots < 0) throw new IllegalArgumentException("shots must be >= 0, got " + shots);
    Map<Long, Double> probs = new TreeMap<>(probabilities(program));
    long[] keys = new long[probs.size()];
    double[] cumulative = new double[probs.size()];
    double acc = 0;
    int i = 0;
    for (Map.Entry<Long, Double> e : probs.entrySet()) {
      acc += e.getValue();
      keys[i] = e.getKey();
      cumulative[i++] = acc;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    Map<Long, Long> counts = new HashMap<>();
    for (int s = 0; s < shots; s++) {
      int at = Arrays.binarySearch(cumulative, rng.nextDouble() * acc);
      if (at < 0) at = -at - 1;
      counts.merge(keys[Math.min(at, keys.length - 1)], 1L, Long::sum);
    }
    return new NoisyResult(program.numClbits(), shots, counts);
  }

  @Override
  public Map<Long, Double> probabilities(NoisyProgram program) {
    int n = checkSize(program);
    boolean[] deferred = deferrable(program);
    Map<Long, double[][]> branches = evolve(program, deferred);
    List<NoisyInstruction.Measure> late = new ArrayList<>();
    for (int i = 0; i < deferred.length; i++) {
      if (deferred[i]) late.add((NoisyInstruction.Measure) program.instructions().get(i));
    }
    int dim = 1 << n;
    Map<Long, Double> dist = new HashMap<>();
    for (Map.Entry<Long, double[][]> b : branches.entrySet()) {
      double[] re = b.getValue()[0];
      for (int r = 0; r < dim; r++) {
        double p = re[r | (r << n)];
        if (!(p > 0)) continue;
        long key = b.getKey();
        for (NoisyInstruction.Measure m : late) {
          key = (key & ~(1L << m.clbit())) | ((long) ((r >> m.qubit()) & 1) << m.clbit());
        }
        dist.merge(key, p, Double::sum);
      }
    }
    for (NoisyInstruction.Measure m : late) dist = confuse(dist, m);
    return dist;
  }

  /**
   * The density matrix at the end of the program, averaged over all classical outcomes (the state
   * an observer who ignores the classical bits would assign).
   */
  public ZMatrixRMaj densityMatrix(NoisyProgram program) {
    int n = checkSize(program);
    Map<Long, double[][]> branches = evolve(program, new boolean[program.instructions().size()]);
    int dim = 1 << n;
    ZMatrixRMaj rho = new ZMatrixRMaj(dim, dim);
    for (double[][] b : branches.values()) {
      for (int r = 0; r < dim; r++) {
        for (int c = 0; c < dim; c++) {
          int i = r | (c << n);
          rho.set(r, c, rho.getReal(r, c) + b[0][i], rho.getImag(r, c) + b[1][i]);
        }
      }
    }
    return rho;
  }

  private int checkSize(NoisyProgram program) {
    int n = program.numQubits();
    if (program.numClbits() > 63) {
      throw new IllegalArgumentException("program has " + program.numClbits() + " classical bits; the density-matrix method keeps at most 63");
    }
    if (n > settings.maxQubits()) {
      throw new IllegalArgumentException("program uses " + n + " qubits; the density-matrix method is limited to "
          + settings.maxQubits() + " (setting maxQubits): use trajectories for larger programs");
    }
    return n;
  }

  /**
   * Marks measurements nothing after depends on: unconditional, bit not read or rewritten, qubit
   * touched later only by diagonal channels.
   */
  public static boolean[] deferrable(NoisyProgram program) {
    List<NoisyInstruction> ins = program.instructions();
    boolean[] out = new boolean[ins.size()];
    boolean[] qubitUsedLater = new boolean[program.numQubits()];
    java.util.BitSet bitsUsedLater = new java.util.BitSet(program.numClbits());
    for (int i = ins.size() - 1; i >= 0; i--) {
      NoisyInstruction x = ins.get(i);
      if (x instanceof NoisyInstruction.Measure m && m.condition() == null
          && !qubitUsedLater[m.qubit()] && !bitsUsedLater.get(m.clbit())) {
        out[i] = true;
      }
      if (!(x instanceof NoisyInstruction.Channel ch && diagonal(ch))) {
        for (int q : x.qubits()) qubitUsedLater[q] = true;
      }
      if (x instanceof NoisyInstruction.Measure m) bitsUsedLater.set(m.clbit());
      if (x instanceof NoisyInstruction.Store st) {
        for (int b : st.op().clbits()) bitsUsedLater.set(b);
        for (int b : st.op().reads()) bitsUsedLater.set(b);
      }
      if (x.condition() != null) for (int b : x.condition().clbits()) bitsUsedLater.set(b);
    }
    return out;
  }

  public static boolean diagonal(NoisyInstruction.Channel ch) {
    for (ZMatrixRMaj k : ch.krausOperators()) {
      for (int r = 0; r < k.numRows; r++) for (int c = 0; c < k.numCols; c++) {
        if (r != c && (k.getReal(r, c) != 0 || k.getImag(r, c) != 0)) return false;
      }
    }
    return true;
  }

  private Map<Long, double[][]> evolve(NoisyProgram program, boolean[] skip) {
    int n = program.numQubits();
    int size = 1 << (2 * n);
    double[][] rho0 = new double[2][size];
    rho0[0][0] = 1;
    Map<Long, double[][]> branches = new LinkedHashMap<>();
    branches.put(0L, rho0);
    List<NoisyInstruction> ins = program.instructions();
    for (int i = 0; i < ins.size(); i++) {
      Interruption.check();
      if (skip[i]) continue;
      NoisyInstruction x = ins.get(i);
      if (x instanceof NoisyInstruction.Measure m) {
        branches = measure(branches, m, n);
        if (branches.size() > settings.maxBranches()) {
          throw new IllegalArgumentException("mid-circuit measurements split the state into " + branches.size()
              + " classical branches, above the limit of " + settings.maxBranches() + " (setting maxBranches)");
        }
      } else if (x instanceof NoisyInstruction.Store st) {
        // each branch's memory changes; branches that come to hold the same memory add up
        Map<Long, double[][]> next = new LinkedHashMap<>();
        for (Map.Entry<Long, double[][]> b : branches.entrySet()) {
          next.merge(st.op().apply(b.getKey()), b.getValue(), (u, v) -> {
            for (int part = 0; part < 2; part++) for (int k = 0; k < u[part].length; k++) u[part][k] += v[part][k];
            return u;
          });
        }
        branches = next;
      } else {
        NoisyInstruction.Channel ch = (NoisyInstruction.Channel) x;
        double[][] superop = superoperator(ch.krausOperators());
        int[] targets = targets(ch.qubits(), n);
        for (Map.Entry<Long, double[][]> b : branches.entrySet()) {
          if (holds(ch.condition(), b.getKey())) apply(b.getValue(), superop, targets);
        }
      }
    }
    return branches;
  }

  private static boolean holds(Condition c, long bits) { return c == null || c.holds(bits); }

  private static Map<Long, double[][]> measure(Map<Long, double[][]> branches, NoisyInstruction.Measure m, int n) {
    Map<Long, double[][]> next = new LinkedHashMap<>();
    int rowBit = 1 << m.qubit(), colBit = 1 << (m.qubit() + n);
    for (Map.Entry<Long, double[][]> b : branches.entrySet()) {
      if (!holds(m.condition(), b.getKey())) {
        add(next, b.getKey(), b.getValue());
        continue;
      }
      double[][] rho = b.getValue();
      for (int recorded = 0; recorded <= 1; recorded++) {
        // Weight of each true outcome for this recorded bit: P(recorded | outcome).
        double w0 = recorded == 0 ? 1 - m.p10() : m.p10();
        double w1 = recorded == 1 ? 1 - m.p01() : m.p01();
        double[][] out = new double[2][rho[0].length];
        double trace = 0;
        for (int i = 0; i < rho[0].length; i++) {
          boolean r1 = (i & rowBit) != 0, c1 = (i & colBit) != 0;
          if (r1 != c1) continue;
          double w = r1 ? w1 : w0;
          out[0][i] = w * rho[0][i];
          out[1][i] = w * rho[1][i];
        }
        for (int r = 0; r < 1 << n; r++) trace += out[0][r | (r << n)];
        if (trace < PRUNE_PROBABILITY) continue;
        long key = (b.getKey() & ~(1L << m.clbit())) | ((long) recorded << m.clbit());
        add(next, key, out);
      }
    }
    return next;
  }

  private static void add(Map<Long, double[][]> map, long key, double[][] rho) {
    double[][] have = map.get(key);
    if (have == null) {
      map.put(key, rho);
      return;
    }
    for (int i = 0; i < rho[0].length; i++) {
      have[0][i] += rho[0][i];
      have[1][i] += rho[1][i];
    }
  }

  /** Applies the readout assignment error of {@code m} to bit m.clbit() of a distribution. */
  public static Map<Long, Double> confuse(Map<Long, Double> dist, NoisyInstruction.Measure m) {
    if (m.p01() == 0 && m.p10() == 0) return dist;
    Map<Long, Double> out = new HashMap<>();
    long bit = 1L << m.clbit();
    for (Map.Entry<Long, Double> e : dist.entrySet()) {
      boolean one = (e.getKey() & bit) != 0;
      double flip = one ? m.p01() : m.p10();
      out.merge(e.getKey(), e.getValue() * (1 - flip), Double::sum);
      if (flip > 0) out.merge(e.getKey() ^ bit, e.getValue() * flip, Double::sum);
    }
    return out;
  }

  private static int[] targets(List<Integer> qubits, int n) {
    int k = qubits.size();
    int[] t = new int[2 * k];
    for (int j = 0; j < k; j++) {
      t[j] = qubits.get(j);
      t[j + k] = qubits.get(j) + n;
    }
    return t;
  }

  /**
   * S = Σ K ⊗ conj(K) as [re, im] row-major 4^k × 4^k arrays; index bits 0..k-1 are the row
   * (ket) side, bits k..2k-1 the column (bra) side.
   */
  public static double[][] superoperator(List<ZMatrixRMaj> kraus) {
    int d = kraus.get(0).numRows;
    int dd = d * d;
    double[] re = new double[dd * dd], im = new double[dd * dd];
    for (ZMatrixRMaj k : kraus) {
      for (int r2 = 0; r2 < d; r2++) for (int c2 = 0; c2 < d; c2++) {
        int row = r2 | (c2 * d);
        for (int r = 0; r < d; r++) {
          double ar = k.getReal(r2, r), ai = k.getImag(r2, r);
          if (ar == 0 && ai == 0) continue;
          for (int c = 0; c < d; c++) {
            double br = k.getReal(c2, c), bi = -k.getImag(c2, c);
            int col = r | (c * d);
            re[row * dd + col] += ar * br - ai * bi;
            im[row * dd + col] += ar * bi + ai * br;
          }
        }
      }
    }
    return new double[][] {re, im};
  }

  /** Applies a 2^m square matrix on qubits {@code targets} (little-endian) of a state vector, in place. */
  private static void apply(double[][] state, double[][] m, int[] targets) {
    int k = targets.length;
    int dim = 1 << k;
    int[] offset = new int[dim];
    int mask = 0;
    for (int s = 0; s < dim; s++) {
      for (int j = 0; j < k; j++) if ((s >> j & 1) == 1) offset[s] |= 1 << targets[j];
    }
    for (int t : targets) mask |= 1 << t;
    double[] re = state[0], im = state[1], mr = m[0], mi = m[1];
    double[] vr = new double[dim], vi = new double[dim];
    for (int base = 0; base < re.length; base++) {
      if ((base & mask) != 0) continue;
      for (int s = 0; s < dim; s++) {
        vr[s] = re[base | offset[s]];
        vi[s] = im[base | offset[s]];
      }
      for (int r = 0; r < dim; r++) {
        double sr = 0, si = 0;
        int row = r * dim;
        for (int c = 0; c < dim; c++) {
          double ar = mr[row + c], ai = mi[row + c];
          sr += ar * vr[c] - ai * vi[c];
          si += ar * vi[c] + ai * vr[c];
        }
        re[base | offset[r]] = sr;
        im[base | offset[r]] = si;
      }
    }
  }
}
