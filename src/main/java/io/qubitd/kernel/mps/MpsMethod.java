package io.qubitd.kernel.mps;

import io.qubitd.circuit.Condition;
import io.qubitd.device.noise.NoisyInstruction;
import io.qubitd.device.noise.NoisyProgram;
import io.qubitd.kernel.ClassicalMemory;
import io.qubitd.kernel.Interruption;
import io.qubitd.kernel.Program;
import io.qubitd.kernel.SimulationMethod;
import io.qubitd.kernel.SimulationResult;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.ejml.data.ZMatrixRMaj;

/**
 * Matrix product states: memory and time grow with the entanglement across each cut of the
 * site order (bond dimension χ), not with 2^n. Qubits lie along {@link Program#siteOrder()}
 * (a snake over the chip's lattice, or the circuit's own order); a two-qubit operation on distant
 * sites swaps one qubit along the chain first, unless it is diagonal (then a bond-2 operator acts in place). Every split keeps at most
 * {@link MpsSettings#maxBondDimension()} singular values and drops the weakest within
 * {@link MpsSettings#truncationThreshold()} ({@link MpsSettings#noisyTruncationThreshold()} for trajectories); the weight dropped is summed over the run and
 * reported, so a result says how far it may be from the exact one (the infidelity of the
 * final state is at most that sum, to first order).
 *
 * <p>Noise runs as quantum trajectories with the same semantics as the state-vector
 * trajectories: a mixed unitary draws one unitary, a Kraus channel draws operator K_j with weight
 * ‖K_jψ‖² (read at the orthogonality center, O(χ²)), measurements collapse and record a bit
 * flipped with P01/P10, conditions read the trajectory's bits. A program without any draw (no
 * noise, no mid-circuit measurement) runs one trajectory for all shots. Final measurements are
 * sampled site by site from the canonical state, O(n·χ²) a shot, without copying it.
 */
public final class MpsMethod implements SimulationMethod {
  public static final String NAME = "mps";
  /** Outcomes less likely than this are left out of exact distributions. */
  private static final double ZERO_PROBABILITY = 1e-14;
  private static final double IDENTITY_TOLERANCE = 1e-15;

  private final MpsSettings settings;

  public MpsMethod(MpsSettings settings) { this.settings = settings; }

  public MpsSettings settings() { return settings; }

  @Override public String name() { return NAME; }

  @Override
  public Optional<String> refusal(Program program) {
    if (program.computedRegisters() != null) return Optional.of(program.computedRegisters());
    int w = program.widestInstruction();
    if (w > 2) {
      return Optional.of("the mps method applies operations on at most 2 qubits; " + program.label() + " has one on " + w
          + " (decompose it first)");
    }
    long need = memoryBytes(program);
    if (need > settings.maxStateBytes()) {
      return Optional.of("an MPS of " + program.numQubits() + " qubits at bond dimension " + settings.maxBondDimension()
          + " (kernel.mps.max-bond-dimension) may need " + need + " bytes, over the limit of " + settings.maxStateBytes()
          + " bytes set by kernel.max-state-memory; lower the bond dimension or use fewer qubits");
    }
    return Optional.empty();
  }

  /** Sites at full bond dimension χ_b = min(χ, 2^min(b, n−b)), plus the largest split's workspace. */
  @Override
  public long memoryBytes(Program program) {
    return memoryBytes(program.numQubits(), settings.maxBondDimension());
  }

  /** Bytes an n-site MPS at bond dimension χ may take. */
  public static long memoryBytes(int n, int chi) {
    double total = 0;
    for (int s = 0; s < n; s++) total += 2.0 * 16 * bond(s, n, chi) * bond(s + 1, n, chi);
    double work = 4.0 * chi * 4.0 * chi * 8 * 3;
    double b = total + work;
    return b >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) b;
  }

  private static double bond(int b, int n, int chi) {
    int cut = Math.min(b, n - b);
    return cut >= 31 ? chi : Math.min(chi, 1L << cut);
  }

  /** Widest program the settings let the MPS hold at its maximum bond dimension. */
  @Override
  public int maxQubits() {
    int lo = 1, hi = 1 << 24;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (memoryBytes(mid, settings.maxBondDimension()) <= settings.maxStateBytes()) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  @Override
  public SimulationResult run(Program program, int shots, long seed, boolean memory) {
    if (shots < 1) throw new IllegalArgumentException("shots must be >= 1, got " + shots);
    requireRunnable(program);
    Compiled c = compile(program);
    int t = c.random ? Math.min(shots, settings.maxTrajectories()) : 1;
    SplittableRandom root = new SplittableRandom(seed);
    long[] seeds = new long[t];
    for (int i = 0; i < t; i++) seeds[i] = root.nextLong();
    Thread owner = Thread.currentThread();
    List<Outcome> parts = IntStream.range(0, t).parallel().mapToObj(i -> {
      Trajectory traj = new Trajectory(c, seeds[i], owner);
      traj.evolve();
      int mine = shots / t + (i < shots % t ? 1 : 0);
      return traj.sample(mine, program, memory);
    }).toList();
    Map<String, Long> counts = new HashMap<>();
    List<String> mem = memory ? new ArrayList<>(shots) : null;
    int chi = 1;
    double truncation = 0;
    double fidelity = 1;
    for (Outcome o : parts) {
      o.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
      if (mem != null) mem.addAll(o.memory);
      chi = Math.max(chi, o.maxBond);
      truncation = Math.max(truncation, o.truncation);
      fidelity = Math.min(fidelity, o.fidelity);
    }
    if (mem != null) shuffle(mem, new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L));
    return new SimulationResult(NAME, counts, shots, mem, chi, truncation, fidelity);
  }

  /**
   * The exact distribution of the classical bits (exact up to the truncation the run reports).
   * Precondition: a program without draws, so one state holds every outcome.
   */
  @Override
  public Map<String, Double> probabilities(Program program) {
    return distribution(program).probabilities();
  }

  /** The final state of a program without draws (no noise, no mid-circuit measurement). */
  MpsState finalState(Program program) {
    requireRunnable(program);
    Compiled c = compile(program);
    if (c.random) throw new IllegalArgumentException(program.label() + " has draws; it has no single final state");
    Trajectory traj = new Trajectory(c, 0, Thread.currentThread());
    traj.evolve();
    traj.flushAll();
    return traj.state;
  }

  /** The distribution with the largest bond, summed truncation and estimated fidelity of the one evolution it took. */
  public record Distribution(Map<String, Double> probabilities, int maxBondDimension, double truncationError,
                             double estimatedFidelity) {}

  /** As {@link #probabilities}, with the figures of the run. */
  public Distribution distribution(Program program) {
    requireRunnable(program);
    Compiled c = compile(program);
    if (c.random) {
      throw new IllegalArgumentException("exact probabilities with the mps method need a program without noise or mid-circuit"
          + " measurement; " + program.label() + " has draws (sample counts instead)");
    }
    for (NoisyInstruction.Measure d : c.deferred) {
      if (d.p01() > 0 || d.p10() > 0) throw new IllegalArgumentException("exact probabilities with the mps method need error-free readout");
    }
    Trajectory traj = new Trajectory(c, 0, Thread.currentThread());
    traj.evolve();
    Map<String, Double> out = new LinkedHashMap<>();
    ClassicalMemory base = traj.memory;
    traj.state.enumerate(ZERO_PROBABILITY, (bits, p) -> {
      ClassicalMemory m = base.copy();
      for (NoisyInstruction.Measure d : c.deferred) m.set(d.clbit(), bits[d.qubit()]);
      out.merge(m.key(program.cregs()), p, Double::sum);
    });
    return new Distribution(out, traj.state.largestBond(), traj.state.truncationError(), traj.state.estimatedFidelity());
  }

  private static void shuffle(List<String> l, SplittableRandom rng) {
    for (int i = l.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      String x = l.get(i);
      l.set(i, l.get(j));
      l.set(j, x);
    }
  }

  // ---- compiled program ----

  private sealed interface Step permits Gate, Mixed, Kraus, Measure, Reset {
    Condition condition();
  }

  /**
   * A matrix on one or two qubits, row-major re/im. {@code diagonal}: no off-diagonal entries;
   * {@code flips} (one qubit): no diagonal entries, so a basis state goes to the other one;
   * {@code factors}: a two-qubit matrix that is a product A ⊗ B, as the gate on its first and on
   * its second qubit (a two-qubit Pauli of depolarizing noise), or null.
   */
  private record Gate(int[] qubits, double[] re, double[] im, Condition condition, boolean diagonal, boolean flips,
                      Gate[] factors) implements Step {}

  private record Mixed(double[] cumulative, Gate[] choices, Condition condition) implements Step {}

  private record Kraus(Gate[] operators, Condition condition) implements Step {}

  private record Measure(int qubit, int clbit, double p01, double p10, Condition condition) implements Step {}

  private record Reset(int qubit, Condition condition) implements Step {}

  private static final class Compiled {
    final int numQubits;
    final int numClbits;
    final int[] order;
    final List<Step> steps = new ArrayList<>();
    final List<NoisyInstruction.Measure> deferred = new ArrayList<>();
    boolean random;

    Compiled(int numQubits, int numClbits, int[] order) {
      this.numQubits = numQubits;
      this.numClbits = numClbits;
      this.order = order;
    }
  }

  private static Compiled compile(Program program) {
    NoisyProgram p = program.instructions();
    Compiled c = new Compiled(p.numQubits(), p.numClbits(), program.siteOrder());
    boolean[] late = DensityMatrixSimulator.deferrable(p);
    List<NoisyInstruction> ins = p.instructions();
    for (int i = 0; i < ins.size(); i++) {
      NoisyInstruction x = ins.get(i);
      if (late[i]) {
        c.deferred.add((NoisyInstruction.Measure) x);
        continue;
      }
      int[] qs = x.qubits().stream().mapToInt(Integer::intValue).toArray();
      if (x instanceof NoisyInstruction.Measure m) {
        c.steps.add(new Measure(m.qubit(), m.clbit(), m.p01(), m.p10(), m.condition()));
        c.random = true;
      } else if (x instanceof NoisyInstruction.Reset r) {
        c.steps.add(new Reset(r.qubit(), r.condition()));
        c.random = true;
      } else if (x instanceof NoisyInstruction.Unitary u) {
        if (!isIdentity(u.matrix())) c.steps.add(gate(u.matrix(), qs, u.condition()));
      } else if (x instanceof NoisyInstruction.MixedUnitary m) {
        int k = m.unitaries().size();
        double[] cumulative = new double[k];
        Gate[] choices = new Gate[k];
        double acc = 0;
        int nonIdentity = 0;
        for (int j = 0; j < k; j++) {
          acc += m.probabilities().get(j);
          cumulative[j] = acc;
          ZMatrixRMaj u = m.unitaries().get(j);
          choices[j] = isIdentity(u) ? null : gate(u, qs, null);
          if (choices[j] != null && m.probabilities().get(j) > 0) nonIdentity++;
        }
        if (nonIdentity > 0) {
          c.steps.add(new Mixed(cumulative, choices, m.condition()));
          c.random = true;
        }
      } else {
        NoisyInstruction.KrausChannel k = (NoisyInstruction.KrausChannel) x;
        Gate[] ops = new Gate[k.operators().size()];
        for (int j = 0; j < ops.length; j++) ops[j] = gate(k.operators().get(j), qs, null);
        c.steps.add(new Kraus(ops, k.condition()));
        c.random = true;
      }
    }
    return c;
  }

  private static Gate gate(ZMatrixRMaj m, int[] qs, Condition condition) {
    int d = m.numRows;
    double[] re = new double[d * d], im = new double[d * d];
    for (int r = 0; r < d; r++) {
      for (int col = 0; col < d; col++) {
        re[r * d + col] = m.getReal(r, col);
        im[r * d + col] = m.getImag(r, col);
      }
    }
    return gate(qs, re, im, condition);
  }

  private static Gate gate(int[] qs, double[] re, double[] im, Condition condition) {
    int d = qs.length == 1 ? 2 : 4;
    boolean diagonal = true, zeroDiagonal = true;
    for (int r = 0; r < d; r++) {
      for (int col = 0; col < d; col++) {
        boolean zero = Math.abs(re[r * d + col]) <= IDENTITY_TOLERANCE && Math.abs(im[r * d + col]) <= IDENTITY_TOLERANCE;
        if (r != col && !zero) diagonal = false;
        if (r == col && !zero) zeroDiagonal = false;
      }
    }
    Gate[] factors = qs.length == 2 && !diagonal ? factor(qs, re, im) : null;
    return new Gate(qs, re, im, condition, diagonal, qs.length == 1 && zeroDiagonal, factors);
  }

  /**
   * G = B ⊗ A on (bit 1, bit 0) = (qs[1], qs[0]) as {A on qs[0], B on qs[1]}, or null when G is
   * no product (to 1e-12): G[(b' a'), (b a)] = A[a', a]·B[b', b], read off at G's largest entry.
   */
  private static Gate[] factor(int[] qs, double[] re, double[] im) {
    int best = 0;
    for (int i = 1; i < 16; i++) if (re[i] * re[i] + im[i] * im[i] > re[best] * re[best] + im[best] * im[best]) best = i;
    int r0 = best / 4, c0 = best % 4;
    double pr = re[best], pi = im[best], p2 = pr * pr + pi * pi;
    // A[a', a] = G[(b0' a'), (b0 a)], B[b', b] = G[(b' a0'), (b a0)] / G[best]
    double[] aRe = new double[4], aIm = new double[4], bRe = new double[4], bIm = new double[4];
    for (int ao = 0; ao < 2; ao++) {
      for (int ai = 0; ai < 2; ai++) {
        int i = ((r0 & 2) | ao) * 4 + ((c0 & 2) | ai);
        aRe[ao * 2 + ai] = re[i];
        aIm[ao * 2 + ai] = im[i];
      }
    }
    for (int bo = 0; bo < 2; bo++) {
      for (int bi = 0; bi < 2; bi++) {
        int i = (bo * 2 | (r0 & 1)) * 4 + (bi * 2 | (c0 & 1));
        bRe[bo * 2 + bi] = (re[i] * pr + im[i] * pi) / p2;
        bIm[bo * 2 + bi] = (im[i] * pr - re[i] * pi) / p2;
      }
    }
    // unitary factors of a unitary product: A and B are each unitary up to a scalar, moved from A to B
    double fa = 0;
    for (int i = 0; i < 4; i++) fa += aRe[i] * aRe[i] + aIm[i] * aIm[i];
    fa = Math.sqrt(fa / 2);
    for (int i = 0; i < 4; i++) {
      aRe[i] /= fa;
      aIm[i] /= fa;
      bRe[i] *= fa;
      bIm[i] *= fa;
    }
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        int a = (r & 1) * 2 + (c & 1), b = (r >> 1) * 2 + (c >> 1);
        double xr = aRe[a] * bRe[b] - aIm[a] * bIm[b], xi = aRe[a] * bIm[b] + aIm[a] * bRe[b];
        if (Math.abs(xr - re[r * 4 + c]) > 1e-12 || Math.abs(xi - im[r * 4 + c]) > 1e-12) return null;
      }
    }
    return new Gate[] {gate(new int[] {qs[0]}, aRe, aIm, null), gate(new int[] {qs[1]}, bRe, bIm, null)};
  }

  private static boolean isIdentity(ZMatrixRMaj m) {
    for (int r = 0; r < m.numRows; r++) {
      for (int c = 0; c < m.numCols; c++) {
        double want = r == c ? 1 : 0;
        if (Math.abs(m.getReal(r, c) - want) > IDENTITY_TOLERANCE || Math.abs(m.getImag(r, c)) > IDENTITY_TOLERANCE) return false;
      }
    }
    return true;
  }

  // ---- one trajectory ----

  private record Outcome(Map<String, Long> counts, List<String> memory, int maxBond, double truncation, double fidelity) {}

  private final class Trajectory {
    private final Compiled c;
    private final SplittableRandom rng;
    final MpsState state;
    final ClassicalMemory memory;

    /** The thread a stop interrupts; this trajectory may run on another (a parallel stream's). */
    private final Thread owner;
    /**
     * Diagonal two-qubit gates not yet applied, by qubit and partner (the same array under both):
     * the four diagonal entries re, im, index bit 0 = the smaller qubit. Diagonal gates commute with
     * each other and with every diagonal operator, and leave every Z-basis probability as it is,
     * so one waits until a non-diagonal operator acts on one of its qubits (then it must be applied
     * first), or to the end, where only Z-basis measurements follow and it need not be applied at all.
     * Residual ZZ and CZ are diagonal: most never cost a swap of distant sites.
     */
    private final List<Map<Integer, double[]>> pending = new ArrayList<>();
    /**
     * basis[q] = b ≥ 0 when qubit q is known to be in |b⟩, a product with the rest (so a diagonal
     * two-qubit gate on it acts on its partner alone, and a damping jump needs no probability from
     * the state); −1 when not known. All start in |0⟩.
     */
    private final int[] basis;

    Trajectory(Compiled c, long seed, Thread owner) {
      this.owner = owner;
      this.c = c;
      this.rng = new SplittableRandom(seed);
      this.state = new MpsState(c.order, settings.maxBondDimension(),
          c.random ? settings.noisyTruncationThreshold() : settings.truncationThreshold());
      this.memory = new ClassicalMemory(c.numClbits);
      this.basis = new int[c.numQubits];
      for (int q = 0; q < c.numQubits; q++) pending.add(new HashMap<>(4));
    }

    /** Applies every diagonal gate still waiting, for a final state whose amplitudes are read. */
    void flushAll() {
      for (int q = 0; q < c.numQubits; q++) flush(q);
    }

    void evolve() {
      for (Step st : c.steps) {
        Interruption.check(owner);
        if (!memory.holds(st.condition())) continue;
        if (st instanceof Gate g) {
          apply(g);
        } else if (st instanceof Mixed m) {
          double x = rng.nextDouble() * m.cumulative()[m.cumulative().length - 1];
          int j = 0;
          while (j < m.cumulative().length - 1 && x >= m.cumulative()[j]) j++;
          if (m.choices()[j] != null) apply(m.choices()[j]);
        } else if (st instanceof Kraus k) {
          jump(k);
        } else if (st instanceof Measure m) {
          int outcome = settle(m.qubit());
          double flip = outcome == 1 ? m.p01() : m.p10();
          memory.set(m.clbit(), rng.nextDouble() < flip ? outcome ^ 1 : outcome);
        } else if (st instanceof Reset r) {
          if (settle(r.qubit()) == 1) apply1(gate(new int[] {r.qubit()}, new double[] {0, 1, 1, 0}, new double[4], null));
        }
      }
    }

    private void apply(Gate g) {
      if (g.qubits().length == 1) {
        apply1(g);
      } else if (g.factors() != null) {
        apply1(g.factors()[0]);
        apply1(g.factors()[1]);
      } else if (g.diagonal()) {
        defer(g);
      } else {
        int a = g.qubits()[0], b = g.qubits()[1];
        flush(a);
        flush(b);
        state.apply2(a, b, g.re(), g.im());
        basis[a] = -1;
        basis[b] = -1;
      }
    }

    /** A unitary (or, at the center, any) one-qubit matrix; waiting diagonals on its qubit go first unless it is diagonal too. */
    private void apply1(Gate g) {
      int q = g.qubits()[0];
      if (!g.diagonal()) flush(q);
      state.apply1(q, g.re(), g.im());
      if (!g.diagonal()) basis[q] = basis[q] >= 0 && g.flips() ? 1 - basis[q] : -1;
    }

    private void defer(Gate g) {
      int a = Math.min(g.qubits()[0], g.qubits()[1]), b = Math.max(g.qubits()[0], g.qubits()[1]);
      boolean swapped = a != g.qubits()[0];
      double[] d = pending.get(a).get(b);
      if (d == null) {
        d = new double[] {1, 1, 1, 1, 0, 0, 0, 0};
        pending.get(a).put(b, d);
        pending.get(b).put(a, d);
      }
      for (int x = 0; x < 4; x++) {
        int y = swapped ? (x >> 1) | ((x & 1) << 1) : x;
        double gr = g.re()[y * 5], gi = g.im()[y * 5];
        double r = d[x] * gr - d[4 + x] * gi, i = d[x] * gi + d[4 + x] * gr;
        d[x] = r;
        d[4 + x] = i;
      }
    }

    /** Applies the diagonal gates waiting on {@code q}: on its partner alone when either is in a known basis state. */
    private void flush(int q) {
      Map<Integer, double[]> mine = pending.get(q);
      if (mine.isEmpty()) return;
      for (Map.Entry<Integer, double[]> e : new ArrayList<>(mine.entrySet())) {
        int p = e.getKey();
        double[] d = e.getValue();
        pending.get(p).remove(q);
        int a = Math.min(p, q), b = Math.max(p, q);
        if (basis[a] >= 0) {
          int x = basis[a];
          state.apply1(b, new double[] {d[x], 0, 0, d[x + 2]}, new double[] {d[4 + x], 0, 0, d[6 + x]});
        } else if (basis[b] >= 0) {
          int y = 2 * basis[b];
          state.apply1(a, new double[] {d[y], 0, 0, d[y + 1]}, new double[] {d[4 + y], 0, 0, d[5 + y]});
        } else {
          state.applyDiagonal(a, b, java.util.Arrays.copyOfRange(d, 0, 4), java.util.Arrays.copyOfRange(d, 4, 8));
        }
      }
      mine.clear();
    }

    /** Draws K_j with weight ‖K_jψ‖², applies it and renormalises. */
    private void jump(Kraus k) {
      Gate[] ops = k.operators();
      if (ops[0].qubits().length == 1 && basis[ops[0].qubits()[0]] >= 0) {
        jumpFromBasis(ops, basis[ops[0].qubits()[0]]);
        return;
      }
      if (ops[0].qubits().length == 2) {
        flush(ops[0].qubits()[0]);
        flush(ops[0].qubits()[1]);
      }
      double[] w = new double[ops.length];
      double total = 0;
      for (int j = 0; j < ops.length; j++) {
        Gate g = ops[j];
        w[j] = g.qubits().length == 1 ? state.weight1(g.qubits()[0], g.re(), g.im())
            : state.weight2(g.qubits()[0], g.qubits()[1], g.re(), g.im());
        total += w[j];
      }
      double x = rng.nextDouble() * total;
      int j = 0;
      while (j < w.length - 1 && x >= w[j]) x -= w[j++];
      Gate g = ops[j];
      if (g.qubits().length == 2) {
        // not deferred nor factored: a non-unitary matrix keeps the form only when applied at the center
        state.apply2(g.qubits()[0], g.qubits()[1], g.re(), g.im());
        basis[g.qubits()[0]] = -1;
        basis[g.qubits()[1]] = -1;
      } else {
        if (!g.diagonal()) {
          // the waiting diagonals go first; they may move the center, which the non-unitary K_j needs at its site
          flush(g.qubits()[0]);
          state.weight1(g.qubits()[0], g.re(), g.im());
        }
        apply1(g);
      }
      state.scale(1 / Math.sqrt(state.normSquared()));
    }

    /**
     * A one-qubit channel on a qubit in |b⟩ (a product with the rest): K_j is drawn with weight
     * ‖K_j|b⟩‖², which needs nothing of the state; a diagonal K_j leaves |b⟩ as it is up to
     * normalisation, any other is applied scaled to unit norm on |b⟩, so the state stays normalised
     * and canonical without moving the center.
     */
    private void jumpFromBasis(Gate[] ops, int b) {
      double[] w = new double[ops.length];
      double total = 0;
      for (int j = 0; j < ops.length; j++) {
        Gate g = ops[j];
        w[j] = g.re()[b] * g.re()[b] + g.im()[b] * g.im()[b] + g.re()[2 + b] * g.re()[2 + b] + g.im()[2 + b] * g.im()[2 + b];
        total += w[j];
      }
      double x = rng.nextDouble() * total;
      int j = 0;
      while (j < w.length - 1 && x >= w[j]) x -= w[j++];
      Gate g = ops[j];
      if (g.diagonal()) return;
      double inv = 1 / Math.sqrt(w[j]);
      double[] re = g.re().clone(), im = g.im().clone();
      for (int i = 0; i < 4; i++) {
        re[i] *= inv;
        im[i] *= inv;
      }
      apply1(gate(g.qubits(), re, im, null));
    }

    private int settle(int qubit) {
      if (basis[qubit] >= 0) return basis[qubit];
      int outcome = rng.nextDouble() < state.probabilityOfOne(qubit) ? 1 : 0;
      state.collapse(qubit, outcome);
      basis[qubit] = outcome;
      return outcome;
    }

    Outcome sample(int shots, Program program, boolean keepMemory) {
      Map<String, Long> counts = new HashMap<>();
      List<String> mem = keepMemory ? new ArrayList<>(shots) : null;
      state.moveCenter(0);
      int[] bits = new int[c.numQubits];
      for (int s = 0; s < shots; s++) {
        String key;
        if (c.deferred.isEmpty()) {
          key = memory.key(program.cregs());
        } else {
          state.sample(rng, bits);
          ClassicalMemory m = memory.copy();
          for (NoisyInstruction.Measure d : c.deferred) {
            int bit = bits[d.qubit()];
            double flip = bit == 1 ? d.p01() : d.p10();
            if (flip > 0 && rng.nextDouble() < flip) bit ^= 1;
            m.set(d.clbit(), bit);
          }
          key = m.key(program.cregs());
        }
        counts.merge(key, 1L, Long::sum);
        if (mem != null) mem.add(key);
      }
      return new Outcome(counts, mem, state.largestBond(), state.truncationError(), state.estimatedFidelity());
    }
  }
}
