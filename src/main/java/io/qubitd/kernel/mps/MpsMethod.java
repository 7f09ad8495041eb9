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
 * sites swaps one qubit along the chain first. Every split keeps at most
 * {@link MpsSettings#maxBondDimension()} singular values and drops the weakest within
 * {@link MpsSettings#truncationThreshold()}; the weight dropped is summed over the run and
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
    for (Outcome o : parts) {
      o.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
      if (mem != null) mem.addAll(o.memory);
      chi = Math.max(chi, o.maxBond);
      truncation = Math.max(truncation, o.truncation);
    }
    if (mem != null) shuffle(mem, new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L));
    return new SimulationResult(NAME, counts, shots, mem, chi, truncation);
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
    return traj.state;
  }

  /** The distribution with the largest bond and summed truncation of the one evolution it took. */
  public record Distribution(Map<String, Double> probabilities, int maxBondDimension, double truncationError) {}

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
    return new Distribution(out, traj.state.largestBond(), traj.state.truncationError());
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

  /** A matrix on one or two qubits, row-major re/im. */
  private record Gate(int[] qubits, double[] re, double[] im, Condition condition) implements Step {}

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
    return new Gate(qs, re, im, condition);
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

  private record Outcome(Map<String, Long> counts, List<String> memory, int maxBond, double truncation) {}

  private final class Trajectory {
    private final Compiled c;
    private final SplittableRandom rng;
    final MpsState state;
    final ClassicalMemory memory;

    /** The thread a stop interrupts; this trajectory may run on another (a parallel stream's). */
    private final Thread owner;

    Trajectory(Compiled c, long seed, Thread owner) {
      this.owner = owner;
      this.c = c;
      this.rng = new SplittableRandom(seed);
      this.state = new MpsState(c.order, settings.maxBondDimension(), settings.truncationThreshold());
      this.memory = new ClassicalMemory(c.numClbits);
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
          if (settle(r.qubit()) == 1) state.apply1(r.qubit(), new double[] {0, 1, 1, 0}, new double[4]);
        }
      }
    }

    private void apply(Gate g) {
      if (g.qubits().length == 1) state.apply1(g.qubits()[0], g.re(), g.im());
      else state.apply2(g.qubits()[0], g.qubits()[1], g.re(), g.im());
    }

    /** Draws K_j with weight ‖K_jψ‖², applies it and renormalises. */
    private void jump(Kraus k) {
      Gate[] ops = k.operators();
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
      apply(ops[j]);
      state.scale(1 / Math.sqrt(state.normSquared()));
    }

    private int settle(int qubit) {
      int outcome = rng.nextDouble() < state.probabilityOfOne(qubit) ? 1 : 0;
      state.collapse(qubit, outcome);
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
      return new Outcome(counts, mem, state.largestBond(), state.truncationError());
    }
  }
}
