package io.qubitd.kernel;

import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.ZMatrixRMaj;

/**
 * An n-qubit pure state in single precision (sums accumulate in double), amplitudes in two float
 * arrays of length 2^n: half the memory traffic of {@link StateVector}, about 1e-6 relative error.
 * Basis index b = Σ bit(q) << q. Operations on states of at least {@code parallelThresholdQubits}
 * qubits run on the settings' thread count.
 */
public final class FloatStateVector implements AmplitudeState {
  /** Cache blocks of 2^17 amplitudes: the same 1 MiB as {@link StateVector}'s blocks, in floats. */
  static final int BLOCK_QUBITS = StateVector.BLOCK_QUBITS + 1;

  private final int n;
  private final float[] re;
  private final float[] im;
  private final Parallel par;
  private final boolean parallel;

  private FloatStateVector(int n, float[] re, float[] im, Parallel par, boolean parallel) {
    this.n = n;
    this.re = re;
    this.im = im;
    this.par = par;
    this.parallel = parallel;
  }

  /** |0…0⟩ on {@code numQubits} qubits; throws {@link StateTooLargeException} before allocating if it does not fit. */
  public static FloatStateVector zero(int numQubits, KernelSettings s) {
    StateVector.checkFits(numQubits, s, Precision.SINGLE);
    int len = 1 << numQubits;
    float[] re = new float[len], im = new float[len];
    re[0] = 1;
    return new FloatStateVector(numQubits, re, im, Parallel.withThreads(s.threads()),
        s.threads() > 1 && numQubits >= s.parallelThresholdQubits());
  }

  /**
   * A state with the given amplitudes (copied; not normalised). Precondition: both arrays have the
   * same power-of-two length, within the settings' memory limit.
   */
  public static FloatStateVector fromAmplitudes(double[] re, double[] im, KernelSettings s) {
    if (re.length != im.length || Integer.bitCount(re.length) != 1) {
      throw new IllegalArgumentException("amplitude arrays must have one power-of-two length, got "
          + re.length + " and " + im.length);
    }
    int n = Integer.numberOfTrailingZeros(re.length);
    StateVector.checkFits(n, s, Precision.SINGLE);
    float[] r = new float[re.length], i = new float[re.length];
    for (int k = 0; k < re.length; k++) {
      r[k] = (float) re[k];
      i[k] = (float) im[k];
    }
    return new FloatStateVector(n, r, i, Parallel.withThreads(s.threads()), s.threads() > 1 && n >= s.parallelThresholdQubits());
  }

  public int numQubits() { return n; }

  public FloatStateVector copy() {
    return new FloatStateVector(n, re.clone(), im.clone(), par, parallel);
  }

  @Override
  public AmplitudeState copyState() { return copy(); }

  /**
   * Applies a 2^k matrix to {@code qubits}, little-endian in the order given (qubits[0] is bit 0
   * of the matrix index). Precondition: 1 <= k <= 6 distinct qubits below numQubits(); the matrix need not be unitary.
   */
  public void applyMatrix(ZMatrixRMaj m, int... qubits) {
    checkQubits(qubits, StateVector.MAX_MATRIX_QUBITS);
    apply(FusedGate.of(m, isDiagonal(m), qubits));
  }

  /**
   * Applies a gate to {@code qubits} (controls first, as in the circuit IR), touching only the
   * amplitudes where every control is 1 and using the diagonal form of diagonal gates.
   */
  public void applyGate(Gate g, int... qubits) {
    if (qubits.length != g.arity()) {
      throw new IllegalArgumentException("gate " + g + " acts on " + g.arity() + " qubit(s), given " + Arrays.toString(qubits));
    }
    if (g.kind() == GateKind.GPHASE) {
      multiplyPhase(g.param(0));
      return;
    }
    checkQubits(qubits, Integer.MAX_VALUE);
    int c = g.controls();
    if (c == 0) {
      apply(FusedGate.of(g, qubits));
      return;
    }
    int[] targets = Arrays.copyOfRange(qubits, c, qubits.length);
    int controlMask = 0;
    for (int j = 0; j < c; j++) controlMask |= 1 << qubits[j];
    int[] sorted = qubits.clone();
    Arrays.sort(sorted);
    FusedGate base = FusedGate.of(g.baseMatrix(), g.isDiagonal(), identityOrder(targets.length));
    int mask = controlMask;
    int[] offs = DoubleKernels.offsets(targets);
    double[] mr = base.re(), mi = base.im();
    if (base.isDiagonal()) {
      par.forRange(1 << (n - qubits.length), parallel,
          (from, to) -> FloatKernels.diagK(re, im, offs, sorted, mask, mr, mi, from, to));
    } else {
      par.forRange(1 << (n - qubits.length), parallel,
          (from, to) -> FloatKernels.denseK(re, im, offs, sorted, mask, mr, mi, from, to));
    }
  }

  private static int[] identityOrder(int k) {
    int[] a = new int[k];
    for (int j = 0; j < k; j++) a[j] = j;
    return a;
  }

  private static boolean isDiagonal(ZMatrixRMaj m) {
    for (int r = 0; r < m.numRows; r++) {
      for (int c = 0; c < m.numCols; c++) {
        if (r != c && (m.getReal(r, c) != 0 || m.getImag(r, c) != 0)) return false;
      }
    }
    return true;
  }

  private void checkQubits(int[] qubits, int maxCount) {
    if (qubits.length == 0 || qubits.length > maxCount) {
      throw new IllegalArgumentException("need 1.." + maxCount + " qubits, got " + Arrays.toString(qubits));
    }
    int seen = 0;
    for (int q : qubits) {
      if (q < 0 || q >= n) throw new IllegalArgumentException("qubit " + q + " out of range for a " + n + "-qubit state");
      if ((seen & (1 << q)) != 0) throw new IllegalArgumentException("qubit " + q + " repeated in " + Arrays.toString(qubits));
      seen |= 1 << q;
    }
  }

  /** Applies one fused gate over the whole state. */
  void apply(FusedGate g) {
    if (g.isDiagonal() && LaneDiagonal.pays(g, FloatVectorKernels.LANE_BITS, re.length, re.length)) {
      LaneDiagonal d = LaneDiagonal.forFloat(g, g.qubitsShared());
      int lanes = FloatVectorKernels.LANES;
      par.forRange(re.length / lanes, parallel,
          (from, to) -> FloatVectorKernels.diagonal(d, 0, re, im, from * lanes, to * lanes));
    } else if (isWideDiagonal(g)) {
      par.forRange(re.length, parallel, (from, to) -> FloatKernels.diagAmps(g, re, im, from, to));
    } else {
      par.forRange(1 << (n - g.width()), parallel, (from, to) -> applyRange(g, re, im, from, to));
    }
  }

  /** Diagonals on two or more qubits go through per-amplitude key tables: one pass, no index arithmetic. */
  private static boolean isWideDiagonal(FusedGate g) { return g.isDiagonal() && g.width() >= 2; }

  /**
   * Applies fused gates in order, cache-blocked (see {@link BlockPlan}): each run of gates fitting
   * in {@link #BLOCK_QUBITS} qubits costs one pass over memory. Precondition: every gate's qubits are below numQubits().
   */
  public void applyFused(List<FusedGate> gates) {
    applyFused(gates, BLOCK_QUBITS);
  }

  /**
   * As {@link #applyFused(List)} with blocks of 2^blockQubits amplitudes.
   * Precondition: blockQubits <= BLOCK_QUBITS, at least the widest gate.
   */
  void applyFused(List<FusedGate> gates, int blockQubits) {
    for (FusedGate g : gates) {
      int[] q = g.qubitsShared();
      if (q[q.length - 1] >= n) throw new IllegalArgumentException("gate " + g + " outside a " + n + "-qubit state");
    }
    for (BlockPlan.Run run : BlockPlan.plan(gates, n, blockQubits)) applyRun(run);
  }

  private void applyRun(BlockPlan.Run run) {
    int b = run.blockQubits().length;
    List<BlockPlan.Local> local = run.gates();
    int[] sq = run.blockQubits();
    if (b == n) {
      for (BlockPlan.Local g : local) apply(((BlockPlan.Inside) g).gate());
      return;
    }
    RunKernel k = RunKernel.of(local, laneDiagonals(local, b), b);
    if (run.inPlace()) {
      par.forRange(1 << (n - b), parallel, 1, (b0, b1) -> {
        FusedGate[] gs = new FusedGate[local.size()];
        for (int blk = b0; blk < b1; blk++) applyBlock(k, blk << b, re, im, blk << b, gs);
      });
      return;
    }
    int chunk = 1 << run.contiguous();
    int[] offs = run.chunkOffsets();
    par.forRange(1 << (n - b), parallel, 1, (b0, b1) -> {
      float[][] buf = BUFFERS.get();
      float[] br = buf[0], bi = buf[1];
      FusedGate[] gs = new FusedGate[local.size()];
      for (int blk = b0; blk < b1; blk++) {
        int base = DoubleKernels.deposit(blk, sq);
        for (int h = 0; h < offs.length; h++) {
          System.arraycopy(re, base | offs[h], br, h * chunk, chunk);
          System.arraycopy(im, base | offs[h], bi, h * chunk, chunk);
        }
        applyBlock(k, base, br, bi, 0, gs);
        for (int h = 0; h < offs.length; h++) {
          System.arraycopy(br, h * chunk, re, base | offs[h], chunk);
          System.arraycopy(bi, h * chunk, im, base | offs[h], chunk);
        }
      }
    });
  }

  /** Sub-blocks of 2^12 amplitudes (32 KiB) fit in a 48 KiB L1 with room for tables. */
  static final int L1_BLOCK_QUBITS = 12;

  /**
   * A run ready for its blocks: {@code lane[x]} the SIMD form of diagonal x (or null);
   * {@code segmentEnd[x]} the end of the stretch of gates from x applied together, sub-block by
   * sub-block when {@code fits[x]}; {@code sweep[x]} how many gates from x go in one sweep (1 to 3).
   */
  private record RunKernel(List<BlockPlan.Local> local, FusedGate[] inside, LaneDiagonal[] lane, boolean[] fits,
                           int[] sweep, int[] segmentEnd, int b) {
    static RunKernel of(List<BlockPlan.Local> local, LaneDiagonal[] lane, int b) {
      int m = local.size();
      boolean[] fits = new boolean[m];
      int[] sweep = new int[m];
      FusedGate[] g = new FusedGate[m];
      for (int x = 0; x < m; x++) {
        g[x] = local.get(x) instanceof BlockPlan.Inside in ? in.gate() : ((BlockPlan.SplitDiagonal) local.get(x)).gate();
      }
      deferHadamardFactors(g, lane);
      for (int x = 0; x < m; x++) {
        int[] q = g[x].qubitsShared();
        fits[x] = g[x].isDiagonal() || q[q.length - 1] < Math.min(b, L1_BLOCK_QUBITS);
      }
      for (int x = 0; x < m; x += sweep[x]) {
        int y = x + 1, seen = 1 << g[x].qubitsShared()[0];
        boolean butterflies = FloatVectorKernels.pairable(g[x]) && FloatVectorKernels.isButterfly(g[x].re());
        while (FloatVectorKernels.pairable(g[x]) && y < m && y - x < 3 && FloatVectorKernels.pairable(g[y])
            && fits[y] == fits[x] && (seen >> g[y].qubitsShared()[0] & 1) == 0) {
          seen |= 1 << g[y].qubitsShared()[0];
          butterflies &= FloatVectorKernels.isButterfly(g[y].re());
          y++;
        }
        // three go together only as butterflies
        sweep[x] = y - x == 3 && !butterflies ? 2 : y - x;
      }
      int[] end = new int[m];
      for (int x = m - 1; x >= 0; x--) {
        if (fits[x]) end[x] = x + 1 < m && fits[x + 1] ? end[x + 1] : x + 1;
        else end[x] = x + Math.max(1, sweep[x]);
      }
      return new RunKernel(local, g, lane, fits, sweep, end, b);
    }

    /**
     * Hadamards followed by a SIMD diagonal in the run become bare butterflies (adds and
     * subtracts) and their 1/√2 factors scale that diagonal instead: the product is the same.
     */
    private static void deferHadamardFactors(FusedGate[] g, LaneDiagonal[] lane) {
      int first = 0;
      double factor = 1;
      for (int x = 0; x < g.length; x++) {
        if (lane[x] == null) continue;
        for (int p = first; p < x; p++) {
          double c = g[p].hadamardFactor();
          if (c != 0) {
            g[p] = FusedGate.butterfly(g[p].qubitsShared()[0]);
            factor *= c;
          }
        }
        if (factor != 1) lane[x] = lane[x].scaled(factor);
        first = x + 1;
        factor = 1;
      }
    }
  }

  /** The run's gates on one block, held at [off, off + 2^b) of (r, i); {@code base} is its global index. */
  private static void applyBlock(RunKernel k, int base, float[] r, float[] i, int off, FusedGate[] gs) {
    List<BlockPlan.Local> local = k.local();
    int m = gs.length, size = 1 << k.b();
    for (int x = 0; x < m; x++) {
      BlockPlan.Local l = local.get(x);
      gs[x] = k.lane()[x] != null ? null
          : l instanceof BlockPlan.Inside ? k.inside()[x] : ((BlockPlan.SplitDiagonal) l).forBlock(base);
    }
    int x = 0;
    while (x < m) {
      int y = k.segmentEnd()[x];
      // a stretch of one gate (or one pair) gains nothing from sub-blocks
      int sub = k.fits()[x] && y - x > 1 ? 1 << Math.min(k.b(), L1_BLOCK_QUBITS) : size;
      for (int from = off; from < off + size; from += sub) {
        for (int z = x; z < y; z++) {
          LaneDiagonal d = k.lane()[z];
          FusedGate g = gs[z];
          if (k.sweep()[z] == 3) {
            int qa = g.qubitsShared()[0], qb = gs[z + 1].qubitsShared()[0], qc = gs[z + 2].qubitsShared()[0];
            FloatVectorKernels.butterflyTriple(r, qa, qb, qc, from, from + sub);
            FloatVectorKernels.butterflyTriple(i, qa, qb, qc, from, from + sub);
            z += 2;
          } else if (k.sweep()[z] == 2) {
            FusedGate h = gs[++z];
            FloatVectorKernels.dense1Pair(r, i, g.qubitsShared()[0], g.re(), h.qubitsShared()[0], h.re(), from, from + sub);
          } else if (d != null) {
            FloatVectorKernels.diagonal(d, base, r, i, from, from + sub);
          } else if (isWideDiagonal(g)) {
            FloatKernels.diagAmps(g, r, i, from, from + sub);
          } else {
            applyRange(g, r, i, from >> g.width(), (from + sub) >> g.width());
          }
        }
      }
      x = y;
    }
  }

  /**
   * The SIMD form of each diagonal of a run where its table pays for itself (null elsewhere): local
   * bits are buffer bits, so a split diagonal keeps its outside qubits as per-block row bits.
   */
  private LaneDiagonal[] laneDiagonals(List<BlockPlan.Local> local, int b) {
    LaneDiagonal[] lane = new LaneDiagonal[local.size()];
    for (int x = 0; x < lane.length; x++) {
      BlockPlan.Local l = local.get(x);
      FusedGate g = l instanceof BlockPlan.Inside in ? in.gate() : ((BlockPlan.SplitDiagonal) l).gate();
      if (!g.isDiagonal() || !LaneDiagonal.pays(g, FloatVectorKernels.LANE_BITS, re.length, 1 << b)) continue;
      lane[x] = l instanceof BlockPlan.Inside ? LaneDiagonal.forFloat(g, g.qubitsShared())
          : LaneDiagonal.forFloat(g, ((BlockPlan.SplitDiagonal) l).localPos());
    }
    return lane;
  }

  /** One gather buffer per worker thread, reused by every run. */
  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[][] {new float[1 << BLOCK_QUBITS], new float[1 << BLOCK_QUBITS]});

  /**
   * How many passes over the whole state {@link #applyFused} makes for these gates on
   * {@code numQubits} qubits: one per cache-blocked run.
   */
  public static int memoryPasses(List<FusedGate> gates, int numQubits) {
    return BlockPlan.plan(gates, numQubits, BLOCK_QUBITS).size();
  }

  private static void applyRange(FusedGate g, float[] re, float[] im, int from, int to) {
    int[] q = g.qubitsShared();
    if (g.isDiagonal()) {
      if (q.length == 0) FloatKernels.scale(re, im, g.re()[0], g.im()[0], from, to);
      else if (q.length == 1) FloatKernels.diag1(re, im, q[0], g.re(), g.im(), from, to);
      else FloatKernels.diagK(g, re, im, from, to);
    } else if (q.length == 1 && (q[0] >= FloatVectorKernels.LANE_BITS || FloatVectorKernels.suitsLow(from, to))) {
      FloatVectorKernels.dense1(re, im, q[0], g.re(), g.im(), from, to);
    } else if (q.length == 1) {
      FloatKernels.dense1(re, im, q[0], g.re(), g.im(), from, to);
    } else if (q.length == 2) {
      FloatKernels.dense2(re, im, q[0], q[1], g.re(), g.im(), from, to);
    } else {
      FloatKernels.denseK(g, re, im, from, to);
    }
  }

  /** Multiplies every amplitude by e^{i angle}. */
  void multiplyPhase(double angle) {
    double c = Math.cos(angle), s = Math.sin(angle);
    par.forRange(re.length, parallel, (from, to) -> {
      for (int i = from; i < to; i++) {
        double r = re[i], m = im[i];
        re[i] = (float) (c * r - s * m);
        im[i] = (float) (c * m + s * r);
      }
    });
  }

  /** Probability of reading 1 on {@code qubit} (unnormalised: relative to normSquared()). */
  public double probabilityOfOne(int qubit) {
    checkQubits(new int[] {qubit}, 1);
    int s = 1 << qubit, low = s - 1;
    return par.sum(re.length >> 1, parallel, (from, to) -> {
      double p = 0;
      for (int g = from; g < to; g++) {
        int i = ((g & ~low) << 1) | (g & low) | s;
        p += (double) re[i] * re[i] + (double) im[i] * im[i];
      }
      return p;
    });
  }

  /**
   * Projects onto {@code qubit} = {@code outcome} and renormalises.
   * Precondition: the outcome has probability > 0.
   */
  public void collapse(int qubit, int outcome) {
    if (outcome != 0 && outcome != 1) throw new IllegalArgumentException("outcome must be 0 or 1, got " + outcome);
    double p1 = probabilityOfOne(qubit);
    double p = outcome == 1 ? p1 : normSquared() - p1;
    if (!(p > 0)) {
      throw new IllegalStateException("outcome " + outcome + " on qubit " + qubit + " has probability " + p);
    }
    float f = (float) (1 / Math.sqrt(p));
    int s = 1 << qubit, keep = outcome == 1 ? s : 0;
    par.forRange(re.length, parallel, (from, to) -> {
      for (int i = from; i < to; i++) {
        if ((i & s) == keep) {
          re[i] *= f;
          im[i] *= f;
        } else {
          re[i] = 0;
          im[i] = 0;
        }
      }
    });
  }

  public double normSquared() {
    return par.sum(re.length, parallel, (from, to) -> {
      double p = 0;
      for (int i = from; i < to; i++) p += (double) re[i] * re[i] + (double) im[i] * im[i];
      return p;
    });
  }

  public void scale(double factor) {
    float f = (float) factor;
    par.forRange(re.length, parallel, (from, to) -> {
      for (int i = from; i < to; i++) {
        re[i] *= f;
        im[i] *= f;
      }
    });
  }

  /** Real part of amplitude {@code index} (0 <= index < 2^n). */
  public double re(long index) { return re[checkIndex(index)]; }

  /** Imaginary part of amplitude {@code index} (0 <= index < 2^n). */
  public double im(long index) { return im[checkIndex(index)]; }

  private int checkIndex(long index) {
    if (index < 0 || index >= re.length) {
      throw new IndexOutOfBoundsException("amplitude " + index + " of a " + n + "-qubit state");
    }
    return (int) index;
  }

  /** |a_i|^2 for every basis state. Precondition: numQubits() <= 28. */
  public double[] probabilities() {
    if (n > StateVector.MAX_PROBABILITY_QUBITS) {
      throw new IllegalArgumentException("probabilities of a " + n + "-qubit state would need 2^" + n
          + " doubles; at most " + StateVector.MAX_PROBABILITY_QUBITS + " qubits");
    }
    double[] p = new double[re.length];
    par.forRange(re.length, parallel, (from, to) -> {
      for (int i = from; i < to; i++) p[i] = (double) re[i] * re[i] + (double) im[i] * im[i];
    });
    return p;
  }

  /** ⟨ψ|P|ψ⟩ (for a normalised state). Precondition: the label has numQubits() characters. */
  public double expectation(PauliString p) {
    if (p.numQubits() != n) {
      throw new IllegalArgumentException("Pauli string \"" + p.label() + "\" has " + p.numQubits()
          + " characters for a " + n + "-qubit state");
    }
    int x = (int) p.xMask(), z = (int) p.zMask();
    int phase = p.countY() & 3;
    // P|i⟩ = i^{#Y} (-1)^{|i & z|} |i ^ x⟩, so ⟨ψ|P|ψ⟩ = Re(i^{#Y} Σ_i s_i conj(ψ_{i^x}) ψ_i)
    boolean wantImag = (phase & 1) == 1;
    double sign = (phase == 0 || phase == 3) ? 1 : -1;
    double s = par.sum(re.length, parallel, (from, to) -> {
      double acc = 0;
      for (int i = from; i < to; i++) {
        int j = i ^ x;
        double term = wantImag
            ? (double) re[j] * im[i] - (double) im[j] * re[i]
            : (double) re[j] * re[i] + (double) im[j] * im[i];
        acc += (Integer.bitCount(i & z) & 1) == 0 ? term : -term;
      }
      return acc;
    });
    return sign * s;
  }

  /**
   * Basis indices drawn at the given sorted uniforms in [0, 1): one sequential sweep of the
   * cumulative distribution, whatever the number of samples. Precondition: uniforms ascending.
   */
  @Override
  public int[] sampleSorted(double[] sortedUniforms) {
    double total = normSquared();
    int[] out = new int[sortedUniforms.length];
    int k = 0, last = 0;
    double acc = 0;
    for (int i = 0; i < re.length && k < out.length; i++) {
      double p = (double) re[i] * re[i] + (double) im[i] * im[i];
      if (p == 0) continue;
      acc += p;
      last = i;
      while (k < out.length && sortedUniforms[k] * total < acc) out[k++] = i;
    }
    // rounding can leave the largest uniforms just above the final sum
    while (k < out.length) out[k++] = last;
    return out;
  }

  /**
   * The distribution of {@code qubits} (bit j of the index is qubits[j]), summed over the rest.
   * Precondition: at most 26 distinct qubits.
   */
  @Override
  public double[] marginal(int[] qubits) {
    if (qubits.length > 26) {
      throw new IllegalArgumentException("an exact distribution over " + qubits.length + " qubits is too large; sample instead");
    }
    int[] lowKey = keyTable(qubits, 0, Math.min(n, 16));
    int[] highKey = keyTable(qubits, 16, n);
    double[] m = new double[1 << qubits.length];
    for (int i = 0; i < re.length; i++) {
      double p = (double) re[i] * re[i] + (double) im[i] * im[i];
      if (p != 0) m[lowKey[i & 0xFFFF] | highKey[i >>> 16]] += p;
    }
    return m;
  }

  /** key[v] = the marginal index of state bits from..to-1 holding v. */
  private static int[] keyTable(int[] qubits, int from, int to) {
    int width = Math.max(0, to - from);
    int[] t = new int[Math.max(1, 1 << width)];
    for (int v = 0; v < t.length; v++) {
      int key = 0;
      for (int j = 0; j < qubits.length; j++) {
        int q = qubits[j] - from;
        if (q >= 0 && q < width && ((v >> q) & 1) == 1) key |= 1 << j;
      }
      t[v] = key;
    }
    return t;
  }
}
