package io.qubitd.kernel.trajectory;

import io.qubitd.circuit.Condition;
import io.qubitd.device.noise.Channels;
import io.qubitd.device.noise.NoisyInstruction;
import io.qubitd.device.noise.NoisyProgram;
import io.qubitd.kernel.FusedGate;
import io.qubitd.kernel.GateFuser;
import io.qubitd.kernel.Interruption;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.NoisyResult;
import io.qubitd.kernel.NoisySimulator;
import io.qubitd.kernel.Precision;
import io.qubitd.kernel.StateTooLargeException;
import io.qubitd.kernel.StateVector;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.ejml.data.ZMatrixRMaj;

/**
 * Noisy simulation by quantum trajectories (Monte-Carlo wave functions) on the double-precision
 * {@link StateVector}: each trajectory is one pure state on which every channel acts as one of its
 * Kraus operators, drawn with the Born probability, so the average over trajectories is the
 * density matrix of {@link DensityMatrixSimulator}, with the same semantics for every instruction.
 *
 * <ul>
 *   <li>Unitaries, and the unitary a mixed-unitary channel draws for the trajectory, are fused
 *       (up to the kernel's fusion width) and applied in few passes; an identity draw (no error)
 *       costs nothing.</li>
 *   <li>Kraus channels (amplitude damping) use the waiting-time form of the jump method: each
 *       channel's most likely operator (the no-jump K₀) is fused with the gates and applied
 *       without renormalising, and a jump happens at the first channel where the squared norm
 *       falls below a uniform threshold r. The norm is not read after every channel: since
 *       ‖K₀ψ‖² ≥ λ_min(K₀†K₀)·‖ψ‖² and unitaries keep it, the product of those factors since the
 *       last known norm bounds it from below, and while that bound stays above r no jump is
 *       possible. Only at the channel where the bound would fall below r are the pending factors
 *       applied and the reduced density matrix σ of the channel's qubits read in one pass; then
 *       ‖K₀ψ‖² = tr(K₀†K₀σ) says whether the jump is there, with no copy and no replay. A jump
 *       operator K_j is chosen with weight tr(K_j†K_jσ) = ‖K_jψ‖², applied and the state
 *       renormalised. This is exact: the probability of no jump up to a channel is the squared
 *       norm of the unnormalised state there.</li>
 *   <li>Mid-circuit measurements collapse the state on the true outcome and record a bit flipped
 *       with P01/P10; resets collapse and flip |1⟩ back to |0⟩; conditions read the trajectory's
 *       own classical bits.</li>
 *   <li>Measurements nothing later depends on (as in the density-matrix method) are read from the
 *       trajectory's final state: sampled for {@link #run}, enumerated for {@link #probabilities}.</li>
 * </ul>
 * Trajectories are independent: each has its own random stream split from the seed in order, and
 * their counts are merged in trajectory order, so the same seed gives the same counts on any number
 * of threads.
 */
public final class TrajectorySimulator implements NoisySimulator {

  /**
   * Options of the trajectory method.
   *
   * @param maxTrajectories most trajectories per run. A run of s shots uses t = min(s, maxTrajectories)
   *     trajectories and draws ⌈s/t⌉ or ⌊s/t⌋ shots from each final state. Shots from one
   *     trajectory share its noise history (the same errors and jumps), so they are not
   *     independent: the counts stay unbiased, but their variance around the true distribution is
   *     up to that of t independent shots rather than s. {@link #probabilities} averages exactly
   *     this many trajectories.
   * @param kernel state-vector options: fusion width, threads (trajectories run in parallel on
   *     this many threads when their states fit, otherwise one at a time on a parallel state),
   *     memory limit; precision must be DOUBLE
   */
  public record Settings(int maxTrajectories, KernelSettings kernel) {
    public Settings {
      if (maxTrajectories < 1) throw new IllegalArgumentException("maxTrajectories must be >= 1, got " + maxTrajectories);
      if (kernel == null) throw new IllegalArgumentException("kernel settings must not be null");
      if (kernel.precision() != Precision.DOUBLE) {
        throw new IllegalArgumentException("trajectories run in double precision; kernel precision is " + kernel.precision());
      }
    }

    /** {@value #DEFAULT_MAX_TRAJECTORIES} trajectories at most, the kernel's defaults in double precision. */
    public static Settings defaults() {
      return new Settings(DEFAULT_MAX_TRAJECTORIES, KernelSettings.defaults().withPrecision(Precision.DOUBLE));
    }

    public Settings withMaxTrajectories(int t) { return new Settings(t, kernel); }
  }

  /**
   * Chosen by timing {@link TrajectoryBench}: a 20-qubit noisy GHZ trajectory costs about 0.2 s of
   * CPU (some 15 blocked passes and as many reads of a 16 MiB state), so 1000 shots as 100
   * trajectories of 10 shots take about 10 s on 2 free cores, while 12-qubit programs would afford 1000.
   */
  public static final int DEFAULT_MAX_TRAJECTORIES = 100;
  /** A drawn unitary this close to the identity (entry by entry) is skipped. */
  private static final double IDENTITY_TOLERANCE = 1e-15;
  private static final long BYTES_PER_AMPLITUDE = 16;
  /** Largest channel the state vector applies. */
  private static final int MAX_CHANNEL_QUBITS = StateVector.MAX_MATRIX_QUBITS;

  private final Settings settings;

  public TrajectorySimulator(Settings settings) { this.settings = settings; }

  public TrajectorySimulator() { this(Settings.defaults()); }

  public Settings settings() { return settings; }

  @Override
  public NoisyResult run(NoisyProgram program, int shots, long seed) {
    if (shots < 0) throw new IllegalArgumentException("shots must be >= 0, got " + shots);
    Compiled c = compile(program);
    int t = Math.min(shots, settings.maxTrajectories());
    List<Map<Long, Long>> parts = each(c, t, seed, (traj, index) -> {
      int mine = shots / t + (index < shots % t ? 1 : 0);
      traj.evolve();
      return traj.sample(mine);
    });
    Map<Long, Long> counts = new HashMap<>();
    for (Map<Long, Long> p : parts) p.forEach((k, v) -> counts.merge(k, v, Long::sum));
    return new NoisyResult(program.numClbits(), shots, counts);
  }

  /**
   * An estimate of the distribution of the final classical bits: the mean over
   * {@code maxTrajectories} trajectories (seed 0) of each one's exact outcome distribution (its
   * final state's marginal, readout error applied analytically). Its error shrinks as
   * 1/√maxTrajectories; it is exact only when no channel branches (no noise, no mid-circuit
   * measurement).
   */
  @Override
  public Map<Long, Double> probabilities(NoisyProgram program) {
    Compiled c = compile(program);
    int t = settings.maxTrajectories();
    List<Map<Long, Double>> parts = each(c, t, 0L, (traj, index) -> {
      traj.evolve();
      return traj.distribution();
    });
    Map<Long, Double> dist = new HashMap<>();
    for (Map<Long, Double> p : parts) p.forEach((k, v) -> dist.merge(k, v / t, Double::sum));
    return dist;
  }

  // ---- compiled program ----

  private sealed interface Step permits Fixed, Mixed, Kraus, Measure, Reset, Store {
    Condition condition();
  }

  /** A unitary applied as is. */
  private record Fixed(FusedGate gate, Condition condition) implements Step {}

  /** A mixed unitary: cumulative probabilities and the unitaries, null for an identity. */
  private record Mixed(double[] cumulative, FusedGate[] choices, Condition condition) implements Step {
    FusedGate draw(double u) {
      double x = u * cumulative[cumulative.length - 1];
      for (int i = 0; i < cumulative.length; i++) if (x < cumulative[i]) return choices[i];
      return choices[choices.length - 1];
    }
  }

  /**
   * A Kraus channel: its no-jump operator K₀ with K₀†K₀ and a lower bound on its smallest
   * eigenvalue (the least fraction of the squared norm K₀ keeps), and for each other operator K_j
   * its matrix and K_j†K_j; Gram matrices row-major re/im. {@code diagonalGrams} when all of them
   * are diagonal, so the weights need only the populations of the channel's qubits.
   */
  private record Kraus(FusedGate noJump, double[][] noJumpGram, double contraction, List<ZMatrixRMaj> jumps,
                       List<double[][]> gram, boolean diagonalGrams, int[] qubits, Condition condition) implements Step {}

  private record Measure(int qubit, int clbit, double p01, double p10, Condition condition) implements Step {}

  /** A reset, and the X that returns |1⟩ to |0⟩. */
  private record Reset(int qubit, FusedGate flip, Condition condition) implements Step {}

  /** A classical store: the trajectory's bits change, its state does not. */
  private record Store(io.qubitd.circuit.Operation.Store op) implements Step {
    @Override public Condition condition() { return op.condition(); }
  }

  private record Compiled(int numQubits, List<Step> steps, List<NoisyInstruction.Measure> deferred, int fusionWidth) {}

  private Compiled compile(NoisyProgram program) {
    int n = program.numQubits();
    if (program.numClbits() > 63) {
      throw new IllegalArgumentException("program has " + program.numClbits() + " classical bits; the trajectories method keeps at most 63");
    }
    checkMemory(n);
    boolean[] deferred = DensityMatrixSimulator.deferrable(program);
    List<Step> steps = new ArrayList<>();
    List<NoisyInstruction.Measure> late = new ArrayList<>();
    List<NoisyInstruction> ins = program.instructions();
    for (int i = 0; i < ins.size(); i++) {
      NoisyInstruction x = ins.get(i);
      if (x.qubits().size() > MAX_CHANNEL_QUBITS) {
        throw new IllegalArgumentException("instruction " + i + " acts on " + x.qubits().size() + " qubits " + x.qubits()
            + "; the trajectory method applies channels on at most " + MAX_CHANNEL_QUBITS);
      }
      if (deferred[i]) {
        late.add((NoisyInstruction.Measure) x);
        continue;
      }
      int[] qs = x.qubits().stream().mapToInt(Integer::intValue).toArray();
      if (x instanceof NoisyInstruction.Measure m) {
        steps.add(new Measure(m.qubit(), m.clbit(), m.p01(), m.p10(), m.condition()));
      } else if (x instanceof NoisyInstruction.Reset r) {
        steps.add(new Reset(r.qubit(), gate(Channels.pauli(1), qs), r.condition()));
      } else if (x instanceof NoisyInstruction.Store st) {
        steps.add(new Store(st.op()));
      } else if (x instanceof NoisyInstruction.Unitary u) {
        steps.add(new Fixed(gate(u.matrix(), qs), u.condition()));
      } else if (x instanceof NoisyInstruction.MixedUnitary m) {
        steps.add(mixed(m, qs));
      } else {
        steps.add(kraus((NoisyInstruction.KrausChannel) x, qs));
      }
    }
    return new Compiled(n, steps, late, settings.kernel().fusionMaxWidth());
  }

  private void checkMemory(int n) {
    if (n > StateVector.MAX_QUBITS) {
      throw new StateTooLargeException(n, Precision.DOUBLE, settings.kernel().maxStateBytes(),
          "the kernel holds at most " + StateVector.MAX_QUBITS + " qubits in one state vector");
    }
    if ((BYTES_PER_AMPLITUDE << n) > settings.kernel().maxStateBytes()) {
      throw new StateTooLargeException(n, Precision.DOUBLE, settings.kernel().maxStateBytes(),
          "a trajectory holds one state vector");
    }
  }

  private static Mixed mixed(NoisyInstruction.MixedUnitary m, int[] qs) {
    int k = m.unitaries().size();
    double[] cumulative = new double[k];
    FusedGate[] choices = new FusedGate[k];
    double acc = 0;
    for (int i = 0; i < k; i++) {
      acc += m.probabilities().get(i);
      cumulative[i] = acc;
      ZMatrixRMaj u = m.unitaries().get(i);
      choices[i] = isIdentity(u) ? null : gate(u, qs);
    }
    return new Mixed(cumulative, choices, m.condition());
  }

  private static Kraus kraus(NoisyInstruction.KrausChannel k, int[] qs) {
    List<ZMatrixRMaj> ops = k.operators();
    int best = 0;
    double bestWeight = -1;
    for (int i = 0; i < ops.size(); i++) {
      double w = 0;
      for (double v : ops.get(i).data) w += v * v;
      if (w > bestWeight) {
        bestWeight = w;
        best = i;
      }
    }
    List<ZMatrixRMaj> jumps = new ArrayList<>();
    List<double[][]> gram = new ArrayList<>();
    double[][] g0 = gram(ops.get(best));
    boolean diagonal = isDiagonal(g0);
    for (int i = 0; i < ops.size(); i++) {
      if (i == best) continue;
      jumps.add(ops.get(i));
      gram.add(gram(ops.get(i)));
      diagonal &= isDiagonal(gram.get(gram.size() - 1));
    }
    return new Kraus(gate(ops.get(best), qs), g0, smallestEigenvalueBound(g0), jumps, gram, diagonal, qs, k.condition());
  }

  /**
   * A lower bound on the smallest eigenvalue of the Hermitian matrix {@code g} (row-major re/im),
   * at least 0: Gershgorin's, min over rows of the diagonal less the off-diagonal moduli. Exact for
   * a diagonal; a looser bound only means more norm reads.
   */
  public static double smallestEigenvalueBound(double[][] g) {
    int d = (int) Math.round(Math.sqrt(g[0].length));
    double min = Double.POSITIVE_INFINITY;
    for (int a = 0; a < d; a++) {
      double row = g[0][a * d + a];
      for (int b = 0; b < d; b++) if (b != a) row -= Math.hypot(g[0][a * d + b], g[1][a * d + b]);
      min = Math.min(min, row);
    }
    return Math.max(0, min);
  }

  private static boolean isDiagonal(double[][] g) {
    int d = (int) Math.round(Math.sqrt(g[0].length));
    for (int i = 0; i < g[0].length; i++) if (i / d != i % d && (g[0][i] != 0 || g[1][i] != 0)) return false;
    return true;
  }

  /** K†K as row-major [re, im]. */
  private static double[][] gram(ZMatrixRMaj k) {
    int d = k.numRows;
    double[] re = new double[d * d], im = new double[d * d];
    for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) {
      double sr = 0, si = 0;
      for (int r = 0; r < d; r++) {
        double xr = k.getReal(r, a), xi = -k.getImag(r, a), yr = k.getReal(r, b), yi = k.getImag(r, b);
        sr += xr * yr - xi * yi;
        si += xr * yi + xi * yr;
      }
      re[a * d + b] = sr;
      im[a * d + b] = si;
    }
    return new double[][] {re, im};
  }

  private static FusedGate gate(ZMatrixRMaj m, int[] qs) { return FusedGate.of(m, isDiagonal(m), qs); }

  private static boolean isDiagonal(ZMatrixRMaj m) {
    for (int r = 0; r < m.numRows; r++) for (int c = 0; c < m.numCols; c++) {
      if (r != c && (m.getReal(r, c) != 0 || m.getImag(r, c) != 0)) return false;
    }
    return true;
  }

  private static boolean isIdentity(ZMatrixRMaj m) {
    for (int r = 0; r < m.numRows; r++) for (int c = 0; c < m.numCols; c++) {
      double want = r == c ? 1 : 0;
      if (Math.abs(m.getReal(r, c) - want) > IDENTITY_TOLERANCE || Math.abs(m.getImag(r, c)) > IDENTITY_TOLERANCE) return false;
    }
    return true;
  }

  // ---- running trajectories ----

  private interface TrajectoryTask<T> { T run(Trajectory traj, int index); }

  /** Runs {@code count} trajectories, on several threads when their states fit; results in trajectory order. */
  private <T> List<T> each(Compiled c, int count, long seed, TrajectoryTask<T> task) {
    SplittableRandom root = new SplittableRandom(seed);
    long[] seeds = new long[count];
    for (int i = 0; i < count; i++) seeds[i] = root.nextLong();
    KernelSettings k = settings.kernel();
    long perWorker = BYTES_PER_AMPLITUDE << c.numQubits();
    int workers = (int) Math.min(Math.min(k.threads(), count), Math.max(1, k.maxStateBytes() / perWorker));
    List<T> out = new ArrayList<>(count);
    if (workers <= 1) {
      for (int i = 0; i < count; i++) out.add(task.run(new Trajectory(c, k, seeds[i]), i));
      return out;
    }
    // Parallel over trajectories: each state runs on one thread, which beats splitting one state.
    KernelSettings single = k.withParallelism(k.parallelThresholdQubits(), 1);
    Object[] results = new Object[count];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread th = new Thread(r, "qubitd-trajectory");
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        fs.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            results[i] = task.run(new Trajectory(c, single, seeds[i]), i);
          }
        }));
      }
      for (Future<?> f : fs) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running trajectories", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException("a trajectory failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    for (Object r : results) {
      @SuppressWarnings("unchecked") T t = (T) r;
      out.add(t);
    }
    return out;
  }

  /** One pure state with its classical bits and random stream. */
  private static final class Trajectory {
    private final Compiled c;
    private final SplittableRandom rng;
    private StateVector state;
    private long clbits;
    /** A jump happens when the unnormalised state's squared norm falls below this. */
    private double threshold;

    Trajectory(Compiled c, KernelSettings k, long seed) {
      this.c = c;
      this.rng = new SplittableRandom(seed);
      this.state = StateVector.zero(c.numQubits(), k);
      this.threshold = rng.nextDouble();
    }

    void evolve() {
      List<FusedGate> pending = new ArrayList<>();
      // a lower bound on the squared norm once the pending factors are applied
      double floor = 1;
      for (Step st : c.steps()) {
        Interruption.check();
        if (st.condition() != null && !st.condition().holds(clbits)) continue;
        if (st instanceof Fixed f) {
          pending.add(f.gate());
        } else if (st instanceof Mixed m) {
          FusedGate g = m.draw(rng.nextDouble());
          if (g != null) pending.add(g);
        } else if (st instanceof Kraus k) {
          double least = floor * k.contraction();
          if (least >= threshold) {
            pending.add(k.noJump());
            floor = least;
          } else {
            floor = checkpoint(k, pending);
          }
        } else if (st instanceof Measure m) {
          flush(pending);
          int outcome = settle(m.qubit());
          double flip = outcome == 1 ? m.p01() : m.p10();
          int recorded = rng.nextDouble() < flip ? outcome ^ 1 : outcome;
          clbits = (clbits & ~(1L << m.clbit())) | ((long) recorded << m.clbit());
          floor = 1;
        } else if (st instanceof Reset r) {
          flush(pending);
          if (settle(r.qubit()) == 1) pending.add(r.flip());
          floor = 1;
        } else if (st instanceof Store s) {
          clbits = s.op().apply(clbits);
        }
      }
      flush(pending);
    }

    /** Draws the qubit's outcome, collapses the state on it (renormalised) and starts a new waiting time. */
    private int settle(int qubit) {
      double p1 = Math.min(1, state.probabilityOfOne(qubit) / state.normSquared());
      int outcome = rng.nextDouble() < p1 ? 1 : 0;
      state.collapse(qubit, outcome);
      threshold = rng.nextDouble();
      return outcome;
    }

    /** Applies the pending factors in few passes (then clears them). */
    private void flush(List<FusedGate> pending) {
      if (pending.isEmpty()) return;
      state.applyFused(GateFuser.fuseFactors(pending, c.fusionWidth()));
      pending.clear();
    }

    /**
     * The channel where the norm bound reaches the threshold: applies the pending factors, reads
     * σ on the channel's qubits, and queues K₀ when ‖K₀ψ‖² stays at or above the threshold, else a
     * jump operator drawn by weight ‖K_jψ‖² and normalised. Returns the squared norm after the
     * queued operator.
     */
    private double checkpoint(Kraus k, List<FusedGate> pending) {
      flush(pending);
      double[][] sigma = k.diagonalGrams() ? populations(k.qubits()) : reducedDensityMatrix(k.qubits());
      double stay = weight(k.noJumpGram(), sigma);
      if (stay >= threshold) {
        pending.add(k.noJump());
        return stay;
      }
      double[] w = new double[k.jumps().size()];
      double total = 0;
      for (int j = 0; j < w.length; j++) {
        w[j] = Math.max(0, weight(k.gram().get(j), sigma));
        total += w[j];
      }
      if (!(total > 0)) {
        // The norm fell below the threshold by rounding alone: no jump is possible here.
        pending.add(k.noJump());
        threshold = rng.nextDouble() * stay;
        return stay;
      }
      double x = rng.nextDouble() * total;
      int j = 0;
      while (j < w.length - 1 && x >= w[j]) x -= w[j++];
      ZMatrixRMaj kj = k.jumps().get(j).copy();
      double scale = 1 / Math.sqrt(w[j]);
      for (int i = 0; i < kj.data.length; i++) kj.data[i] *= scale;
      pending.add(gate(kj, k.qubits()));
      threshold = rng.nextDouble();
      return 1;
    }

    /** tr(Gσ) = Σ_ab G_ab σ_ab for Hermitian G, σ (row-major re/im). */
    private static double weight(double[][] g, double[][] sigma) {
      double s = 0;
      for (int i = 0; i < g[0].length; i++) s += g[0][i] * sigma[0][i] - g[1][i] * sigma[1][i];
      return s;
    }

    /** σ with only its diagonal, the populations of {@code qubits}: enough when every Gram matrix is diagonal. */
    private double[][] populations(int[] qubits) {
      double[] m = state.marginal(qubits);
      int d = m.length;
      double[] re = new double[d * d];
      for (int u = 0; u < d; u++) re[u * d + u] = m[u];
      return new double[][] {re, new double[d * d]};
    }

    /**
     * σ[a][b] = Σ_rest conj(ψ_a) ψ_b over the basis states a, b of {@code qubits} (little-endian),
     * row-major [re, im], so that ‖Kψ‖² = Σ_ab (K†K)_ab σ_ab. One read pass over the state.
     */
    private double[][] reducedDensityMatrix(int[] qubits) {
      int k = qubits.length, d = 1 << k;
      int[] offset = new int[d];
      int mask = 0;
      for (int u = 0; u < d; u++) for (int j = 0; j < k; j++) if ((u >> j & 1) == 1) offset[u] |= 1 << qubits[j];
      for (int q : qubits) mask |= 1 << q;
      double[] sr = new double[d * d], si = new double[d * d], ar = new double[d], ai = new double[d];
      long size = 1L << c.numQubits();
      for (long base = 0; base < size; base++) {
        if ((base & mask) != 0) continue;
        for (int u = 0; u < d; u++) {
          ar[u] = state.re(base | offset[u]);
          ai[u] = state.im(base | offset[u]);
        }
        for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) {
          sr[a * d + b] += ar[a] * ar[b] + ai[a] * ai[b];
          si[a * d + b] += ar[a] * ai[b] - ai[a] * ar[b];
        }
      }
      return new double[][] {sr, si};
    }

    /** {@code shots} outcomes drawn from the final state, readout error applied per shot. */
    Map<Long, Long> sample(int shots) {
      Map<Long, Long> counts = new HashMap<>();
      List<NoisyInstruction.Measure> late = c.deferred();
      if (shots == 0) return counts;
      if (late.isEmpty()) {
        counts.put(clbits, (long) shots);
        return counts;
      }
      double[] u = new double[shots];
      for (int i = 0; i < shots; i++) u[i] = rng.nextDouble();
      Arrays.sort(u);
      for (int index : state.sampleSorted(u)) {
        long key = clbits;
        for (NoisyInstruction.Measure m : late) {
          int bit = index >> m.qubit() & 1;
          double flip = bit == 1 ? m.p01() : m.p10();
          if (flip > 0 && rng.nextDouble() < flip) bit ^= 1;
          key = (key & ~(1L << m.clbit())) | ((long) bit << m.clbit());
        }
        counts.merge(key, 1L, Long::sum);
      }
      return counts;
    }

    /** The exact distribution of the classical bits given this trajectory's history. */
    Map<Long, Double> distribution() {
      Map<Long, Double> dist = new HashMap<>();
      List<NoisyInstruction.Measure> late = c.deferred();
      int[] qubits = late.stream().mapToInt(NoisyInstruction.Measure::qubit).toArray();
      if (qubits.length == 0) {
        dist.put(clbits, 1.0);
        return dist;
      }
      double[] m = state.marginal(qubits);
      double norm = state.normSquared();
      for (int key = 0; key < m.length; key++) {
        if (!(m[key] > 0)) continue;
        long bits = clbits;
        for (int j = 0; j < qubits.length; j++) {
          int clbit = late.get(j).clbit();
          bits = (bits & ~(1L << clbit)) | ((long) (key >> j & 1) << clbit);
        }
        dist.merge(bits, m[key] / norm, Double::sum);
      }
      for (NoisyInstruction.Measure ms : late) dist = DensityMatrixSimulator.confuse(dist, ms);
      return dist;
    }
  }
}
