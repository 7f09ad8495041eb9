package io.qubitd.compile;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Register;
import io.qubitd.circuit.Schedule;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.GateDurations;
import io.qubitd.device.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles user circuits onto a chip: decomposition into native gates, placement (by a SWAP-free
 * embedding of the circuit's two-qubit gates when {@link SubgraphLayout} finds one, else on a
 * connected region of good qubits with SABRE layout refinement and routing), peephole optimisation
 * and ASAP scheduling. With noise-aware placement ({@link CompilerSettings#regionCandidates()} &gt; 0)
 * the best few embeddings, or else several regions with every routing trial, are compiled to the
 * end and the compiled circuit of least {@link ExpectedError} on the snapshot wins. Stateless apart from its configuration; safe
 * to share between threads.
 */
public final class Compiler {
  private final Topology topology;
  private final GateDurations durations;
  private final CompilerSettings settings;

  public Compiler(Topology topology, GateDurations durations, CompilerSettings settings) {
    this.topology = Objects.requireNonNull(topology, "topology");
    this.durations = Objects.requireNonNull(durations, "durations");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Compiles onto usable qubits/enabled couplers of the snapshot; throws CompileException with a clear message if it cannot. */
  public CompiledCircuit compile(Circuit logical, CalibrationSnapshot snapshot) {
    Set<Integer> all = new HashSet<>();
    for (int q = 0; q < topology.numQubits(); q++) all.add(q);
    return compile(logical, snapshot, all);
  }

  /** Same, restricted to a given set of allowed physical qubits (the scheduler packs several circuits into disjoint regions). */
  public CompiledCircuit compile(Circuit logical, CalibrationSnapshot snapshot, Set<Integer> allowedQubits) {
    int n = logical.numQubits();
    if (n > topology.numQubits()) {
      throw new CompileException("circuit " + logical.name() + " needs " + n + " qubits; the chip has "
          + topology.numQubits());
    }
    Circuit natives = NativeDecomposer.decompose(logical);
    List<Operation> ops = natives.operations();
    int[][] weight = new int[n][n];
    int czCount = 0;
    List<Operation> twoQubit = new ArrayList<>();
    for (Operation op : ops) {
      if (op instanceof Operation.GateOp && op.qubits().size() == 2) {
        int a = op.qubits().get(0), b = op.qubits().get(1);
        weight[a][b]++;
        weight[b][a]++;
        czCount++;
        twoQubit.add(op);
      }
    }
    DeviceGraph graph = new DeviceGraph(topology, snapshot, allowedQubits);
    boolean noiseAware = settings.regionCandidates() > 0;
    if (!twoQubit.isEmpty() && settings.layoutCallLimit() > 0) {
      SubgraphLayout.Load load = load(ops, weight);
      // noise-aware: the best few embeddings by the quick score, and as many scored with decay over the
      // unrouted circuit's duration, are compiled and judged as the regions below are
      int keep = Math.max(1, settings.regionCandidates());
      List<int[]> embeddings = new ArrayList<>(SubgraphLayout.find(graph, load, 0, settings.layoutCallLimit(), keep));
      if (noiseAware && !embeddings.isEmpty()) {
        double idle = AsapScheduler.schedule(natives, durations).duration();
        for (int[] e : SubgraphLayout.find(graph, load, idle, settings.layoutCallLimit(), keep)) {
          if (embeddings.stream().noneMatch(have -> Arrays.equals(have, e))) embeddings.add(e);
        }
      }
      CompiledCircuit best = null;
      double bestError = Double.POSITIVE_INFINITY;
      for (int[] embedding : embeddings) {
        CompiledCircuit c = embedded(logical, ops, embedding);
        double error = noiseAware ? ExpectedError.of(c.schedule(), snapshot) : 0;
        if (best == null || error < bestError) { best = c; bestError = error; }
      }
      if (best != null) return best;
      if (graph.hasDisabledCouplers()) {
        // A circuit made for the chip as built (CZ on its lattice) misses only the couplers that are off: placed
        // as on the whole chip, routing adds SWAPs for the gates on those couplers alone.
        List<int[]> near = SubgraphLayout.find(new DeviceGraph(topology, snapshot, allowedQubits, true), load, 0,
            settings.layoutCallLimit(), 1);
        CompiledCircuit repaired = near.isEmpty() ? null : repaired(near.get(0), graph, logical, ops, snapshot, noiseAware);
        if (repaired != null) return repaired;
      }
    }
    List<List<Integer>> regions;
    try {
      regions = new ArrayList<>(Placement.candidateRegions(graph, n, czCount, Math.max(1, settings.regionCandidates())));
      if (noiseAware) {
        // Regions good by T1 and T2 as well: each qubit idles for up to the unrouted circuit's duration.
        double idle = AsapScheduler.schedule(natives, durations).duration();
        for (List<Integer> r : Placement.candidateRegions(graph.withIdleDecay(idle), n, czCount, settings.regionCandidates())) {
          if (!regions.contains(r)) regions.add(r);
        }
      }
    } catch (CompileException e) {
      throw new CompileException("cannot place circuit " + logical.name() + ": " + e.getMessage());
    }
    CompiledCircuit best = null;
    double bestError = Double.POSITIVE_INFINITY;
    for (List<Integer> region : regions) {
      for (CompiledCircuit c : compileOn(region, graph, logical, ops, twoQubit, weight, noiseAware)) {
        double error = noiseAware ? ExpectedError.of(c.schedule(), snapshot) : 0;
        if (best == null || error < bestError) { best = c; bestError = error; }
      }
    }
    return best;
  }

  /** Gate counts of the native logical circuit for {@link SubgraphLayout}'s score. */
  private static SubgraphLayout.Load load(List<Operation> ops, int[][] weight) {
    int[] oneQubit = new int[weight.length];
    boolean[] measured = new boolean[weight.length];
    for (Operation op : ops) {
      if (op instanceof Operation.GateOp g && g.qubits().size() == 1 && g.gate().kind() != GateKind.RZ) {
        oneQubit[g.qubits().get(0)]++;
      } else if (op instanceof Operation.Measure m) {
        measured[m.qubit()] = true;
      }
    }
    return new SubgraphLayout.Load(weight, oneQubit, measured);
  }

  /** The circuit placed by a SWAP-free embedding (logical → physical qubit): every two-qubit gate already on a coupler. */
  private CompiledCircuit embedded(Circuit logical, List<Operation> ops, int[] physicalOf) {
    List<Integer> region = regionOf(physicalOf);
    int[] layout = positions(region, physicalOf);
    List<Operation> placed = new ArrayList<>(ops.size());
    for (Operation op : ops) placed.add(QubitMapping.remap(op, layout));
    return finish(region, logical, layout, new SabreRouter.Routed(placed, layout, 0));
  }

  /**
   * The circuit placed by {@code physicalOf} (an embedding but for disabled couplers) and routed by
   * SABRE from there without layout passes, the best trial by expected error (noise-aware) or fewest
   * SWAPs; null when the placed qubits are not connected by working couplers.
   */
  private CompiledCircuit repaired(int[] physicalOf, DeviceGraph graph, Circuit logical, List<Operation> ops,
      CalibrationSnapshot snapshot, boolean noiseAware) {
    List<Integer> region = regionOf(physicalOf);
    int[][] dist = graph.distances(region);
    for (int[] row : dist) for (int d : row) if (d == Integer.MAX_VALUE) return null;
    int[] layout = positions(region, physicalOf);
    CompiledCircuit best = null;
    double bestError = Double.POSITIVE_INFINITY;
    for (CompiledCircuit c : routed(region, logical, ops, dist, layout, noiseAware)) {
      double error = noiseAware ? ExpectedError.of(c.schedule(), snapshot) : 0;
      if (best == null || error < bestError) { best = c; bestError = error; }
    }
    return best;
  }

  /** The physical qubits of a placement, sorted. */
  private static List<Integer> regionOf(int[] physicalOf) {
    List<Integer> region = new ArrayList<>();
    for (int p : physicalOf) region.add(p);
    region.sort(null);
    return region;
  }

  /** Logical qubit → its position in {@code region}. */
  private static int[] positions(List<Integer> region, int[] physicalOf) {
    int[] layout = new int[physicalOf.length];
    for (int l = 0; l < physicalOf.length; l++) layout[l] = Collections.binarySearch(region, physicalOf[l]);
    return layout;
  }

  /**
   * The circuit compiled on {@code region}: one result per routing trial when every trial is
   * wanted ({@code allTrials}), else the trial with fewest SWAPs alone.
   */
  private List<CompiledCircuit> compileOn(List<Integer> region, DeviceGraph graph, Circuit logical, List<Operation> ops,
      List<Operation> twoQubit, int[][] weight, boolean allTrials) {
    int n = logical.numQubits();
    int[][] dist = graph.distances(region);
    int[] layout = Placement.initialLayout(graph, region, dist, weight);
    List<Operation> reversed = new ArrayList<>(twoQubit);
    Collections.reverse(reversed);
    for (int it = 0; it < settings.layoutIterations() && !twoQubit.isEmpty(); it++) {
      SabreRouter.Routed forward = SabreRouter.route(twoQubit, n, dist, layout, settings, trialSeed(2 * it + 1));
      layout = SabreRouter.route(reversed, n, dist, forward.finalLayout(), settings, trialSeed(2 * it + 2)).finalLayout();
    }
    return routed(region, logical, ops, dist, layout, allTrials);
  }

  /** The routing trials from {@code layout} on {@code region}, each finished: all of them or the one of fewest SWAPs. */
  private List<CompiledCircuit> routed(List<Integer> region, Circuit logical, List<Operation> ops, int[][] dist,
      int[] layout, boolean allTrials) {
    int n = logical.numQubits();
    List<SabreRouter.Routed> trials = new ArrayList<>();
    SabreRouter.Routed fewest = null;
    for (int t = 0; t < settings.routingTrials(); t++) {
      SabreRouter.Routed r = SabreRouter.route(ops, n, dist, layout, settings, trialSeed(-t - 1));
      trials.add(r);
      if (fewest == null || r.swaps() < fewest.swaps()) fewest = r;
      if (fewest.swaps() == 0) break;
    }
    List<CompiledCircuit> out = new ArrayList<>();
    for (SabreRouter.Routed r : allTrials ? trials : List.of(fewest)) out.add(finish(region, logical, layout, r));
    return out;
  }

  /** Native physical circuit, peephole pass and schedule of one routing on {@code region}. */
  private CompiledCircuit finish(List<Integer> region, Circuit logical, int[] layout, SabreRouter.Routed best) {
    int n = logical.numQubits();
    int[] toPhysical = region.stream().mapToInt(Integer::intValue).toArray();
    List<Operation> physicalOps = new ArrayList<>();
    for (Operation op : best.ops()) {
      Operation p = QubitMapping.remap(op, toPhysical);
      if (op instanceof Operation.GateOp g && !NativeDecomposer.isNativeGate(g.gate())) {
        physicalOps.addAll(NativeDecomposer.decompose(p));
      } else {
        physicalOps.add(p);
      }
    }
    int numPhysical = topology.numQubits();
    if (settings.optimize()) physicalOps = PeepholeOptimizer.optimize(physicalOps, numPhysical);
    Circuit physical = new Circuit(logical.name(), List.of(new Register("q", 0, numPhysical)), logical.cregs(),
        physicalOps, logical.memory());
    Schedule schedule = LateStart.delayLeadingGates(AsapScheduler.schedule(physical, durations));
    int[] initial = new int[n], fin = new int[n];
    for (int l = 0; l < n; l++) {
      initial[l] = toPhysical[layout[l]];
      fin[l] = toPhysical[best.finalLayout()[l]];
    }
    TreeSet<Integer> used = new TreeSet<>(region);
    int cz = 0;
    for (Operation op : physicalOps) {
      used.addAll(op.qubits());
      if (op instanceof Operation.GateOp && op.qubits().size() == 2) cz++;
    }
    return new CompiledCircuit(physical, initial, fin, new ArrayList<>(used), schedule, best.swaps(), cz,
        depth(physical));
  }

  private long trialSeed(int k) { return settings.seed() * 1_000_003L + k; }

  /** Layers of the circuit; barriers align their qubits without adding a layer. */
  static int depth(Circuit c) {
    int[] level = new int[c.numQubits()];
    Map<Integer, Integer> bitLevel = new HashMap<>();
    int depth = 0;
    for (Operation op : c.operations()) {
      int l = 0;
      for (int q : op.qubits()) l = Math.max(l, level[q]);
      if (op.condition() != null) for (int b : op.condition().clbits()) l = Math.max(l, bitLevel.getOrDefault(b, 0));
      if (!(op instanceof Operation.Barrier)) l++;
      for (int q : op.qubits()) level[q] = l;
      if (op instanceof Operation.Measure m) bitLevel.put(m.clbit(), l);
      depth = Math.max(depth, l);
    }
    return depth;
  }
}
