package io.qubitd.backend;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.qasm.QasmSettings;
import io.qubitd.compile.CompiledCircuit;
import io.qubitd.compile.Compiler;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.Topology;
import io.qubitd.device.noise.NoiseModel;
import io.qubitd.device.noise.NoiseOptions;
import io.qubitd.device.noise.NoisyInstruction;
import io.qubitd.device.noise.NoisyProgram;
import io.qubitd.kernel.batch.BatchedDensityMatrix;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ejml.data.ZMatrixRMaj;

/**
 * Compiles {@link ParametricFamily families} once per (structure, calibration version) onto as many
 * disjoint regions of the chip as fit, and turns a placed family and the chip's true noise into a
 * {@link BatchedDensityMatrix.Program}. The skeleton is compiled without peephole optimisation, so its
 * SX/X gates stay one-to-one with the family's and each RZ slot lands after the same gates on the
 * same physical qubit; RZ commutes with every other instruction the noise model emits (CZ, residual
 * ZZ, drive detuning, damping, dephasing and depolarizing are all covariant under Z rotations), so
 * placing it right after that gate is exact.
 *
 * <p>Crosstalk between neighbouring regions: regions packed with margin 0 share couplers whose
 * residual ZZ keeps acting. Each boundary qubit gets, before each of its SX/X gates (and before
 * readout), the conditional phase −2π·ζ·Δt of each coupler to another region, applied with the
 * probability that the neighbour is excited, taken as 1/2 (the time average of a qubit under a
 * random-angle ansatz): a spectator mean field, exact for a neighbour frozen in a Z-basis mixture,
 * blind to entanglement across regions. Couplers to idle qubits (in |0⟩) add nothing.
 *
 * <p>Thread-safe: caches are synchronised; values are immutable.
 */
public final class FamilyCompiler {

  /** Families and placements kept; both are small and keyed by text and calibration version. */
  private static final int CACHE_ENTRIES = 64;
  /** Population of a neighbouring region's qubit assumed by the spectator model. */
  static final double NEIGHBOUR_EXCITATION = 0.5;

  /**
   * Options of family runs ({@code qubitd.families}).
   *
   * @param margin            couplers kept between two regions of one run (0: regions touch through idle
   *                          couplers, whose residual ZZ is modelled as crosstalk)
   * @param maxRegions        regions one run may fill
   * @param maxBindingsPerRun bindings one chip run may simulate
   * @param driftTolerance    largest relative drift of a parameter a region program reads (T1, T2,
   *                          gate and readout errors, residual ZZ) under which the program is reused
   *                          rather than rebuilt for the current truth (0: rebuild on every change)
   */
  public record Settings(int margin, int maxRegions, int maxBindingsPerRun, double driftTolerance) {
    public Settings {
      if (margin < 0) throw new IllegalArgumentException("qubitd.families.margin must be >= 0, got " + margin);
      if (maxRegions < 1) throw new IllegalArgumentException("qubitd.families.max-regions must be >= 1, got " + maxRegions);
      if (maxBindingsPerRun < 1) {
        throw new IllegalArgumentException("qubitd.families.max-bindings-per-run must be >= 1, got " + maxBindingsPerRun);
      }
      if (!(driftTolerance >= 0 && driftTolerance <= 1)) {
        throw new IllegalArgumentException("qubitd.families.drift-tolerance must be a fraction in [0, 1], got " + driftTolerance);
      }
    }

    /** Without drift tolerance: programs are rebuilt whenever the truth they read changes. */
    public Settings(int margin, int maxRegions, int maxBindingsPerRun) { this(margin, maxRegions, maxBindingsPerRun, 0); }

    /** Margin 0, 24 regions, 4,000 bindings per run, drift tolerance 0.05. */
    public static Settings defaults() { return new Settings(0, 24, 4000, 0.05); }

    /** Reads the {@code qubitd.families} subtree (given as {@code c}). */
    public static Settings fromConfig(com.typesafe.config.Config c) {
      return new Settings(c.getInt("margin"), c.getInt("max-regions"), c.getInt("max-bindings-per-run"),
          c.getDouble("drift-tolerance"));
    }
  }

  private final Compiler compiler;
  private final Topology topology;
  private final NoiseOptions noise;
  private final Settings settings;
  private final Map<String, ParametricFamily> families = lru();
  private final Map<PlacementKey, List<CompiledCircuit>> placements = lru();
  private final Map<ProgramKey, BuiltProgram> programs = lru();
  private long programBuilds;
  private long compilations;

  public FamilyCompiler(ChipSpec spec, CompilerSettings settings, NoiseOptions noise) {
    this(spec, settings, noise, Settings.defaults());
  }

  public FamilyCompiler(ChipSpec spec, CompilerSettings settings, NoiseOptions noise, Settings familySettings) {
    this.settings = familySettings;
    CompilerSettings plain = new CompilerSettings(settings.routingTrials(), settings.layoutIterations(),
        settings.lookaheadWeight(), settings.lookaheadSize(), settings.seed(), false, settings.regionCandidates(),
        settings.layoutCallLimit());
    this.compiler = new Compiler(spec.topology(), spec.durations(), plain);
    this.topology = spec.topology();
    this.noise = noise;
  }

  private record PlacementKey(ParametricFamily family, long calibrationVersion, int margin, int maxRegions) {}

  /**
   * A program depends on the placed skeleton, its neighbours, the drive frames of its qubits (which change
   * only with the calibration) and the part of the truth {@link #drift} reads.
   */
  private record ProgramKey(ParametricFamily family, CompiledCircuit placed, Set<Integer> neighbours,
      Map<Integer, Double> frames) {}

  /** A built program and the truth it was built for. */
  private record BuiltProgram(ChipTruth truth, BatchedDensityMatrix.Program program) {}

  private static <K, V> Map<K, V> lru() {
    return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
      @Override protected boolean removeEldestEntry(Map.Entry<K, V> e) { return size() > CACHE_ENTRIES; }
    });
  }

  /** The family of {@code qasm} over {@code inputs}, parsed once per text; throws as {@link ParametricFamily#of}. */
  public ParametricFamily family(String qasm, Set<String> inputs) {
    return family(qasm, inputs, QasmSettings.DEFAULTS);
  }

  /** As {@link #family(String, Set)}, reading the text with {@code reading} (the daemon's {@code qubitd.qasm}, the chip's dt). */
  public ParametricFamily family(String qasm, Set<String> inputs, QasmSettings reading) {
    String key = reading + "\n" + String.join(",", new TreeSet<>(inputs)) + "\n" + qasm;
    ParametricFamily f = families.get(key);
    if (f == null) {
      f = ParametricFamily.of(qasm, List.copyOf(inputs), reading);
      families.put(key, f);
    }
    return f;
  }

  public Settings settings() { return settings; }

  /** Skeleton compilations done so far (cache misses), for tests and metrics. */
  public synchronized long compilations() { return compilations; }

  /**
   * Regions of the chip the family runs on at once, at most {@code maxRegions}, with {@code margin}
   * couplers between regions; compiled once per (family, calibration version). Candidate regions are
   * the embeddings of the family's CZ graph into usable qubits and enabled couplers (so no region
   * needs a SWAP), scored by the snapshot's errors (1q gate and readout of each qubit, CZ of each
   * coupler the family uses). They are taken greedily, the one clashing with fewest others first and
   * the lower error among equals (a maximum-independent-set heuristic that tiles the lattice), each
   * removing its neighbourhood within the margin. Throws
   * {@link ParametricFamily.NotAFamily} when the family embeds nowhere without SWAPs.
   */
  public List<CompiledCircuit> regions(ParametricFamily family, CalibrationSnapshot snapshot, int margin, int maxRegions) {
    PlacementKey key = new PlacementKey(family, snapshot.version(), margin, maxRegions);
    List<CompiledCircuit> have = placements.get(key);
    if (have != null) return have;
    List<Region> candidates = embeddings(family, snapshot);
    if (candidates.isEmpty()) {
      throw new ParametricFamily.NotAFamily("its two-qubit gates do not embed in the usable couplers without SWAPs");
    }
    List<CompiledCircuit> out = new ArrayList<>();
    List<Region> open = new ArrayList<>(candidates);
    while (out.size() < maxRegions && !open.isEmpty()) {
      // fewest clashes with the other open candidates first (fills the lattice), then least error
      Region pick = null;
      long pickClashes = Long.MAX_VALUE;
      for (Region r : open) {
        Set<Integer> around = withinDistance(List.copyOf(r.qubits()), margin);
        long clashes = open.stream().filter(o -> o != r && o.qubits().stream().anyMatch(around::contains)).count();
        if (clashes < pickClashes || (clashes == pickClashes && r.error() < pick.error())) {
          pick = r;
          pickClashes = clashes;
        }
      }
      open.remove(pick);
      CompiledCircuit c = compiler.compile(family.skeleton(), snapshot, pick.qubits());
      if (c.swaps() > 0) continue;
      out.add(c);
      Set<Integer> blocked = withinDistance(c.usedQubits(), margin);
      open.removeIf(o -> o.qubits().stream().anyMatch(blocked::contains));
    }
    if (out.isEmpty()) throw new ParametricFamily.NotAFamily("the compiler routes it with SWAPs on every region it embeds in");
    synchronized (this) { compilations++; }
    List<CompiledCircuit> frozen = List.copyOf(out);
    placements.put(key, frozen);
    return frozen;
  }

  private record Region(Set<Integer> qubits, double error) {}

  /** Every distinct qubit set the family's CZ graph maps onto, by backtracking over logical qubits. */
  private List<Region> embeddings(ParametricFamily family, CalibrationSnapshot snapshot) {
    int n = family.numQubits();
    Set<Long> pairs = new HashSet<>();
    List<Set<Integer>> adjacent = new ArrayList<>();
    for (int q = 0; q < n; q++) adjacent.add(new TreeSet<>());
    for (var op : family.skeleton().operations()) {
      if (op.qubits().size() == 2) {
        int a = op.qubits().get(0), b = op.qubits().get(1);
        adjacent.get(a).add(b);
        adjacent.get(b).add(a);
      }
    }
    boolean[] usable = new boolean[topology.numQubits()];
    for (int q = 0; q < usable.length; q++) usable[q] = snapshot.qubit(q).usable();
    Map<Long, Double> cz = new HashMap<>();
    for (int k = 0; k < topology.numCouplers(); k++) {
      var c = snapshot.coupler(k);
      if (c.enabled()) cz.put(pairKey(c.a(), c.b()), c.czError());
    }
    Map<Set<Integer>, Double> found = new HashMap<>();
    int[] map = new int[n];
    Arrays.fill(map, -1);
    for (int start = 0; start < usable.length; start++) {
      if (!usable[start]) continue;
      map[0] = start;
      extend(1, map, adjacent, usable, cz, snapshot, found);
    }
    List<Region> out = new ArrayList<>();
    found.forEach((qs, e) -> out.add(new Region(qs, e)));
    return out;
  }

  private void extend(int next, int[] map, List<Set<Integer>> adjacent, boolean[] usable, Map<Long, Double> cz,
      CalibrationSnapshot snapshot, Map<Set<Integer>, Double> found) {
    int n = map.length;
    if (next == n) {
      Set<Integer> qs = new TreeSet<>();
      double error = 0;
      for (int l = 0; l < n; l++) {
        qs.add(map[l]);
        var q = snapshot.qubit(map[l]);
        error += q.gateError() + (q.readoutP01() + q.readoutP10()) / 2;
        for (int m : adjacent.get(l)) if (m > l) error += cz.get(pairKey(map[l], map[m]));
      }
      found.merge(qs, error, Math::min);
      return;
    }
    for (int p = 0; p < usable.length; p++) {
      if (!usable[p]) continue;
      boolean fits = true;
      for (int l = 0; l < next && fits; l++) {
        if (map[l] == p) fits = false;
        else if (adjacent.get(next).contains(l) && !cz.containsKey(pairKey(map[l], p))) fits = false;
      }
      // logical qubits with no CZ to earlier ones stay near them, so regions are compact
      if (fits && adjacent.get(next).stream().noneMatch(l -> l < next)) fits = nearAny(p, map, next);
      if (!fits) continue;
      map[next] = p;
      extend(next + 1, map, adjacent, usable, cz, snapshot, found);
      map[next] = -1;
    }
  }

  private boolean nearAny(int p, int[] map, int filled) {
    for (int l = 0; l < filled; l++) if (topology.coupled(map[l], p)) return true;
    return false;
  }

  private static long pairKey(int a, int b) { return (long) Math.min(a, b) << 32 | Math.max(a, b); }

  /**
   * A placed family as a batched program under the chip's true noise, with crosstalk from
   * {@code neighbours}. A program built for an earlier truth is reused while no parameter it reads has
   * drifted since by more than the settings' drift tolerance ({@link #drift}); {@link #reuseBound}
   * bounds what that reuse can change.
   */
  public BatchedDensityMatrix.Program program(ParametricFamily family, CompiledCircuit placed, ChipTruth truth,
      Set<Integer> neighbours) {
    return program(family, placed, truth, neighbours, Map.of());
  }

  /**
   * As {@link #program(ParametricFamily, CompiledCircuit, ChipTruth, Set)}, each qubit driven at its frequency in
   * {@code frames} (Hz; {@link ChipExecutor#driveFrames}), so detuning from the truth turns idle qubits as in a run.
   * The reuse under drift also bounds the change of each qubit's detuning phase over the schedule.
   */
  public BatchedDensityMatrix.Program program(ParametricFamily family, CompiledCircuit placed, ChipTruth truth,
      Set<Integer> neighbours, Map<Integer, Double> frames) {
    Map<Integer, Double> used = new java.util.TreeMap<>();
    for (int q : placed.usedQubits()) if (frames.containsKey(q)) used.put(q, frames.get(q));
    ProgramKey key = new ProgramKey(family, placed, Set.copyOf(neighbours), used);
    BuiltProgram have = programs.get(key);
    if (have != null && Math.max(drift(placed, have.truth(), truth), detuningDrift(placed, used, have.truth(), truth))
        <= settings.driftTolerance()) return have.program();
    BatchedDensityMatrix.Program built = build(family, placed, truth, neighbours, used);
    programs.put(key, new BuiltProgram(truth, built));
    synchronized (this) { programBuilds++; }
    return built;
  }

  /** Region programs built so far (cache misses and rebuilds after drift), for tests and metrics. */
  public synchronized long programBuilds() { return programBuilds; }

  /** Bound factor: each channel moves in diamond distance by at most this many times the change of its error strength. */
  static final double DRIFT_SENSITIVITY = 3;

  /**
   * An upper bound, to first order in the drift, on the total-variation distance between the outcome
   * distributions of {@code placed} under {@code built} and under {@code now}: 3·|B(now) − B(built)|
   * term by term, B the region's error strengths ({@link #errorStrengths}). Why: ½‖p − p′‖₁ ≤
   * Σ_i ½‖E_i − E′_i‖⋄ over the program's channels (readout confusion included), and each channel
   * moves by at most a small multiple of the change of its strength: damping γ ≈ t/T1 and dephasing
   * ≈ t/T2 by the change of t/T1 and t/T2 (to first order), a ZZ phase 2πζt by 2π|Δζ|t, a readout flip
   * by |Δp|; the depolarizing remainder of a gate of error e is at most (d+1)/d·e in diamond distance
   * and moves with e and with the gate's coherence part, each by at most the change of the
   * strengths above, so by at most 2·(3/2) times: 3 covers every term. Infinite when a coupler
   * touching the region failed or revived.
   */
  double reuseBound(CompiledCircuit placed, ChipTruth built, ChipTruth now, Set<Integer> neighbours) {
    double[] was = errorStrengths(placed, built, neighbours), is = errorStrengths(placed, now, neighbours);
    if (!sameLiveness(placed, built, now)) return Double.POSITIVE_INFINITY;
    double change = 0;
    for (int i = 0; i < was.length; i++) change += Math.abs(is[i] - was[i]);
    return DRIFT_SENSITIVITY * change;
  }

  /**
   * The largest relative change between {@code a} and {@code b} of what a region program reads: T1,
   * T2, 1q gate error and readout errors of the region's qubits, CZ error and residual ZZ of every
   * coupler touching them (crosstalk reads those to neighbours); infinite when such a coupler failed
   * or revived.
   */
  static double drift(CompiledCircuit placed, ChipTruth a, ChipTruth b) {
    if (!sameLiveness(placed, a, b)) return Double.POSITIVE_INFINITY;
    double delta = 0;
    for (int q : placed.usedQubits()) {
      var x = a.qubit(q);
      var y = b.qubit(q);
      delta = Math.max(delta, relative(x.t1(), y.t1()));
      delta = Math.max(delta, relative(x.t2(), y.t2()));
      delta = Math.max(delta, relative(x.gateError1q(), y.gateError1q()));
      delta = Math.max(delta, relative(x.readoutP01(), y.readoutP01()));
      delta = Math.max(delta, relative(x.readoutP10(), y.readoutP10()));
    }
    for (int k = 0; k < a.couplers().size(); k++) {
      CouplerTruth x = a.couplers().get(k), y = b.couplers().get(k);
      if (!placed.usedQubits().contains(x.a()) && !placed.usedQubits().contains(x.b())) continue;
      delta = Math.max(delta, relative(x.czError(), y.czError()));
      delta = Math.max(delta, relative(x.residualZzHz(), y.residualZzHz()));
    }
    return delta;
  }

  /**
   * How far, in radians, the detuning phase 2π·(f_true − f_frame)·D of a driven qubit over the schedule's
   * duration D has moved between {@code a} and {@code b}; the frames are fixed, so this is 2π·|Δf|·D.
   * Compared with the same tolerance as the relative drift: 0.05 rad moves a qubit's Bloch vector by 5 %.
   */
  static double detuningDrift(CompiledCircuit placed, Map<Integer, Double> frames, ChipTruth a, ChipTruth b) {
    double duration = placed.schedule().duration(), delta = 0;
    for (int q : frames.keySet()) {
      delta = Math.max(delta, 2 * Math.PI * Math.abs(a.qubit(q).frequency() - b.qubit(q).frequency()) * duration);
    }
    return delta;
  }

  private static double relative(double was, double is) {
    if (was == is) return 0;
    return was == 0 ? Double.POSITIVE_INFINITY : Math.abs(is - was) / Math.abs(was);
  }

  private static boolean sameLiveness(CompiledCircuit placed, ChipTruth a, ChipTruth b) {
    Set<Integer> qubits = new HashSet<>(placed.usedQubits());
    for (int k = 0; k < a.couplers().size(); k++) {
      CouplerTruth x = a.couplers().get(k);
      if ((qubits.contains(x.a()) || qubits.contains(x.b())) && x.alive() != b.couplers().get(k).alive()) return false;
    }
    return true;
  }

  /**
   * The error strengths of a region under {@code truth}, in a fixed order: per qubit its 1q gate error
   * × SX/X count, D/T1, D/T2, P(0|1) and P(1|0); per coupler touching it its CZ error × CZ count and
   * 2π|ζ|·D (at the spectator's weight ½ for a coupler to a neighbour, 0 to an idle qubit); D is the
   * schedule's duration. Everything a region program reads from the truth is one of these.
   */
  static double[] errorStrengths(CompiledCircuit placed, ChipTruth truth, Set<Integer> neighbours) {
    double duration = placed.schedule().duration();
    List<Integer> qubits = placed.usedQubits();
    Map<Integer, Integer> gates1q = new HashMap<>();
    Map<Long, Integer> gates2q = new HashMap<>();
    for (var t : placed.schedule().operations()) {
      if (t.operation() instanceof io.qubitd.circuit.Operation.GateOp g) {
        List<Integer> qs = g.qubits();
        if (qs.size() == 1 && !g.gate().isDiagonal()) gates1q.merge(qs.get(0), 1, Integer::sum);
        if (qs.size() == 2) gates2q.merge(pairKey(qs.get(0), qs.get(1)), 1, Integer::sum);
      }
    }
    List<Double> out = new ArrayList<>();
    for (int q : qubits) {
      var t = truth.qubit(q);
      out.add(gates1q.getOrDefault(q, 0) * t.gateError1q());
      out.add(duration / t.t1());
      out.add(duration / t.t2());
      out.add(t.readoutP01());
      out.add(t.readoutP10());
    }
    for (CouplerTruth c : truth.couplers()) {
      boolean inA = qubits.contains(c.a()), inB = qubits.contains(c.b());
      if (!inA && !inB) continue;
      double zz = 2 * Math.PI * Math.abs(c.residualZzHz()) * duration;
      out.add(gates2q.getOrDefault(pairKey(c.a(), c.b()), 0) * c.czError());
      out.add(inA && inB ? zz : (inA ? neighbours.contains(c.b()) : neighbours.contains(c.a())) ? NEIGHBOUR_EXCITATION * zz : 0);
    }
    double[] a = new double[out.size()];
    for (int i = 0; i < a.length; i++) a[i] = out.get(i);
    return a;
  }

  private BatchedDensityMatrix.Program build(ParametricFamily family, CompiledCircuit placed, ChipTruth truth,
      Set<Integer> neighbours, Map<Integer, Double> frames) {
    NoisyProgram noisy = NoiseModel.program(placed.schedule(), placed.physical().numClbits(), truth, noise, frames);
    List<Integer> physical = noisy.physicalQubits();
    int n = physical.size();
    int[] compactOfLogical = compactOfLogical(placed);
    List<List<Integer>> pending = new ArrayList<>();
    for (int c = 0; c < n; c++) pending.add(new ArrayList<>());
    List<ParametricFamily.Slot> slots = family.slots();
    for (int s = 0; s < slots.size(); s++) pending.get(compactOfLogical[slots.get(s).qubit()]).add(s);
    double[][] kicks = crosstalk(placed, physical, truth, neighbours);
    List<BatchedDensityMatrix.Step> steps = new ArrayList<>();
    int[] seen = new int[n];
    boolean[] read = new boolean[n];
    double[] p01 = new double[n], p10 = new double[n];
    for (int c = 0; c < n; c++) emitSlots(steps, pending.get(c), slots, c, 0);
    for (NoisyInstruction ins : noisy.instructions()) {
      if (ins instanceof NoisyInstruction.Measure m) {
        p01[m.qubit()] = m.p01();
        p10[m.qubit()] = m.p10();
        read[m.qubit()] = true;
        continue;
      }
      NoisyInstruction.Channel ch = (NoisyInstruction.Channel) ins;
      int[] qs = ch.qubits().stream().mapToInt(Integer::intValue).toArray();
      boolean nonDiagonalGate = ch instanceof NoisyInstruction.Unitary u && qs.length == 1 && !diagonal(u.matrix());
      for (int q : qs) {
        if (read[q] && !diagonal(ch)) throw new IllegalStateException("the noise model acts on qubit " + q + " after its readout");
      }
      if (nonDiagonalGate && kicks[qs[0]] != null) steps.add(kick(qs[0], kicks[qs[0]][seen[qs[0]]]));
      steps.add(superoperator(ch.krausOperators(), qs));
      if (nonDiagonalGate) {
        int q = qs[0];
        seen[q]++;
        emitSlots(steps, pending.get(q), slots, q, seen[q]);
      }
    }
    for (int c = 0; c < n; c++) {
      if (!pending.get(c).isEmpty()) throw new IllegalStateException("slots of qubit " + c + " did not find their gate");
      if (kicks[c] != null) steps.add(kick(c, kicks[c][seen[c]]));
    }
    return new BatchedDensityMatrix.Program(n, slots.size(), BatchedDensityMatrix.fuse(steps), p01, p10);
  }

  /** The program's qubit (its outcome bit) holding each logical qubit of {@code placed}: the used qubits in order. */
  public static int[] compactOfLogical(CompiledCircuit placed) {
    TreeSet<Integer> used = new TreeSet<>();
    for (var t : placed.schedule().operations()) {
      if (!(t.operation() instanceof io.qubitd.circuit.Operation.Barrier)) used.addAll(t.operation().qubits());
    }
    List<Integer> physical = new ArrayList<>(used);
    int[] layout = placed.initialLayout();
    int[] out = new int[layout.length];
    for (int l = 0; l < layout.length; l++) out[l] = physical.indexOf(layout[l]);
    return out;
  }

  private static void emitSlots(List<BatchedDensityMatrix.Step> steps, List<Integer> pending,
      List<ParametricFamily.Slot> slots, int compact, int position) {
    while (!pending.isEmpty() && slots.get(pending.get(0)).position() == position) {
      int s = pending.remove(0);
      ParametricFamily.Slot slot = slots.get(s);
      // an RZ no binding changes is a fixed gate, free to fuse with its neighbours
      if (slot.inputs().length == 0) steps.add(rz(compact, slot.offset()));
      else steps.add(new BatchedDensityMatrix.Phase(compact, s));
    }
  }

  /**
   * Per compact qubit, the ZZ phase gathered from couplers into {@code neighbours} over each window
   * before its k-th SX/X (k = 0..count) and before readout; null for qubits with no such coupler.
   */
  private double[][] crosstalk(CompiledCircuit placed, List<Integer> physical, ChipTruth truth, Set<Integer> neighbours) {
    double[][] out = new double[physical.size()][];
    if (neighbours.isEmpty() || !noise.residualZz()) return out;
    for (int c = 0; c < physical.size(); c++) {
      int pq = physical.get(c);
      double zz = 0;
      for (CouplerTruth k : truth.couplers()) {
        int other = k.a() == pq ? k.b() : k.b() == pq ? k.a() : -1;
        if (other >= 0 && neighbours.contains(other)) zz += k.residualZzHz();
      }
      if (zz == 0) continue;
      List<Double> marks = new ArrayList<>();
      double end = placed.schedule().duration();
      for (var t : placed.schedule().operations()) {
        var op = t.operation();
        if (op instanceof io.qubitd.circuit.Operation.GateOp g && op.qubits().size() == 1 && op.qubits().get(0) == pq
            && !g.gate().isDiagonal()) {
          marks.add(t.start());
        }
        if (op instanceof io.qubitd.circuit.Operation.Measure && op.qubits().get(0) == pq) end = Math.min(end, t.start());
      }
      marks.sort(Double::compare);
      double[] phases = new double[marks.size() + 1];
      double from = 0;
      for (int k = 0; k <= marks.size(); k++) {
        double until = k < marks.size() ? marks.get(k) : end;
        phases[k] = -2 * Math.PI * zz * Math.max(0, until - from);
        from = until;
      }
      out[c] = phases;
    }
    return out;
  }

  /** ρ → (1−p)ρ + p·RZ(φ)ρRZ(φ)†, p the neighbour's excitation: the spectator's conditional phase. */
  private static BatchedDensityMatrix.Superoperator kick(int q, double phase) {
    double p = NEIGHBOUR_EXCITATION;
    double[] re = new double[16], im = new double[16];
    re[0] = 1;
    re[15] = 1;
    // off-diagonals ρ01 (index 2: row 0, column 1) and ρ10 (index 1): phases e^{∓iφ} with weight p
    re[1 * 4 + 1] = 1 - p + p * Math.cos(phase);
    im[1 * 4 + 1] = p * Math.sin(phase);
    re[2 * 4 + 2] = 1 - p + p * Math.cos(phase);
    im[2 * 4 + 2] = -p * Math.sin(phase);
    return new BatchedDensityMatrix.Superoperator(new int[] {q}, re, im);
  }

  private static BatchedDensityMatrix.Superoperator rz(int q, double angle) {
    double[] re = new double[16], im = new double[16];
    re[0] = 1;
    re[15] = 1;
    // ρ10 (index 1) gains e^{+iθ}, ρ01 (index 2) e^{−iθ}
    re[5] = Math.cos(angle);
    im[5] = Math.sin(angle);
    re[10] = Math.cos(angle);
    im[10] = -Math.sin(angle);
    return new BatchedDensityMatrix.Superoperator(new int[] {q}, re, im);
  }

  /** Physical qubits at most {@code distance} couplers from {@code qubits}, themselves included. */
  Set<Integer> withinDistance(List<Integer> qubits, int distance) {
    Set<Integer> out = new HashSet<>(qubits);
    List<Integer> frontier = new ArrayList<>(qubits);
    for (int d = 0; d < distance; d++) {
      List<Integer> next = new ArrayList<>();
      for (int q : frontier) for (int x : topology.neighbours(q)) if (out.add(x)) next.add(x);
      frontier = next;
    }
    return out;
  }

  private static boolean diagonal(NoisyInstruction.Channel ch) {
    for (ZMatrixRMaj k : ch.krausOperators()) if (!diagonal(k)) return false;
    return true;
  }

  private static boolean diagonal(ZMatrixRMaj m) {
    for (int r = 0; r < m.numRows; r++) {
      for (int c = 0; c < m.numCols; c++) if (r != c && (m.getReal(r, c) != 0 || m.getImag(r, c) != 0)) return false;
    }
    return true;
  }

  /** Σ K ⊗ conj(K) on {@code qubits}, index bits 0..k−1 the row side and k..2k−1 the column side. */
  static BatchedDensityMatrix.Superoperator superoperator(List<ZMatrixRMaj> kraus, int[] qubits) {
    double[][] s = DensityMatrixSimulator.superoperator(kraus);
    return new BatchedDensityMatrix.Superoperator(qubits, s[0], s[1]);
  }
}
