package io.qubitd.compile;

import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.CoherenceLimit;
import io.qubitd.device.Topology;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of a chip the compiler may use: usable qubits in the allowed set, joined by enabled
 * couplers, with the error figures placement weighs.
 */
final class DeviceGraph {
  private final int numQubits;
  private final boolean[] available;
  private final List<List<Integer>> neighbours;
  private final double[] qubitError;
  /** Each qubit's error per native one-qubit gate and mean readout error, for {@link SubgraphLayout}'s score. */
  private final double[] gateError, readoutError;
  private final Map<Long, Double> czError;
  /**
   * The CZ error a placement search charges for a two-qubit gate on a disabled coupler: routing
   * repairs it with SWAPs of three CZs each, so it is priced far above any working coupler.
   */
  static final double DISABLED_CZ_ERROR = 0.5;
  /** Couplers between two usable qubits that are disabled, whether or not this graph includes them. */
  private final int disabledCouplers;
  /** Each qubit's T1 and T2, for {@link #withIdleDecay}. */
  private final double[] t1, t2;

  DeviceGraph(Topology topology, CalibrationSnapshot snapshot, Set<Integer> allowed) {
    this(topology, snapshot, allowed, false);
  }

  /**
   * With {@code disabledToo}, couplers that are disabled (or that the snapshot does not describe)
   * between usable qubits are in the graph as well, at CZ error {@link #DISABLED_CZ_ERROR}: the
   * chip as it would be with every coupler working, for placements that routing then repairs.
   */
  DeviceGraph(Topology topology, CalibrationSnapshot snapshot, Set<Integer> allowed, boolean disabledToo) {
    czError = new HashMap<>();
    numQubits = topology.numQubits();
    Map<Integer, CalibrationSnapshot.QubitCalibration> cal = new HashMap<>();
    for (CalibrationSnapshot.QubitCalibration q : snapshot.qubits()) cal.put(q.qubit(), q);
    available = new boolean[numQubits];
    qubitError = new double[numQubits];
    gateError = new double[numQubits];
    readoutError = new double[numQubits];
    t1 = new double[numQubits];
    t2 = new double[numQubits];
    for (int q = 0; q < numQubits; q++) {
      CalibrationSnapshot.QubitCalibration c = cal.get(q);
      if (c == null) {
        throw new IllegalArgumentException("calibration snapshot " + snapshot.backend() + " v" + snapshot.version()
            + " has no entry for qubit " + q + " of the " + numQubits + "-qubit topology");
      }
      available[q] = c.usable() && allowed.contains(q);
      // readout is paid once per qubit, gate error once per native gate: weigh them alike
      gateError[q] = c.gateError();
      readoutError[q] = (c.readoutP01() + c.readoutP10()) / 2;
      qubitError[q] = readoutError[q] + gateError[q];
      t1[q] = c.t1();
      t2[q] = c.t2();
    }
    Map<Long, CalibrationSnapshot.CouplerCalibration> couplers = new HashMap<>();
    for (CalibrationSnapshot.CouplerCalibration c : snapshot.couplers()) couplers.put(key(c.a(), c.b()), c);
    List<List<Integer>> nb = new ArrayList<>();
    for (int q = 0; q < numQubits; q++) nb.add(new ArrayList<>());
    int disabled = 0;
    for (Topology.Edge e : topology.edges()) {
      CalibrationSnapshot.CouplerCalibration c = couplers.get(key(e.a(), e.b()));
      if (!available[e.a()] || !available[e.b()]) continue;
      // a coupler the snapshot does not describe is treated as disabled
      boolean working = c != null && c.enabled();
      if (!working) disabled++;
      if (!working && !disabledToo) continue;
      nb.get(e.a()).add(e.b());
      nb.get(e.b()).add(e.a());
      czError.put(key(e.a(), e.b()), working ? c.czError() : DISABLED_CZ_ERROR);
    }
    for (List<Integer> l : nb) l.sort(null);
    neighbours = nb;
    disabledCouplers = disabled;
  }

  private DeviceGraph(DeviceGraph g, double[] qubitError) {
    numQubits = g.numQubits;
    available = g.available;
    neighbours = g.neighbours;
    czError = g.czError;
    disabledCouplers = g.disabledCouplers;
    gateError = g.gateError;
    readoutError = g.readoutError;
    t1 = g.t1;
    t2 = g.t2;
    this.qubitError = qubitError;
  }

  /**
   * The same graph with each qubit's error raised by the coherence limit of {@code seconds} of
   * idling, so that regions are also grown and scored by T1 and T2 (a qubit with unknown T1 or T2
   * is taken as fully decayed).
   */
  DeviceGraph withIdleDecay(double seconds) {
    double[] e = qubitError.clone();
    for (int q = 0; q < numQubits; q++) e[q] += idleError(q, seconds);
    return new DeviceGraph(this, e);
  }

  private static long key(int a, int b) {
    int lo = Math.min(a, b), hi = Math.max(a, b);
    return ((long) lo << 32) | hi;
  }

  int numQubits() { return numQubits; }

  boolean available(int q) { return available[q]; }

  /** Whether a coupler between two usable, allowed qubits is disabled. */
  boolean hasDisabledCouplers() { return disabledCouplers > 0; }

  List<Integer> neighbours(int q) { return neighbours.get(q); }

  boolean coupled(int a, int b) { return czError.containsKey(key(a, b)); }

  double qubitError(int q) { return qubitError[q]; }

  double gateError(int q) { return gateError[q]; }

  double readoutError(int q) { return readoutError[q]; }

  /** The coherence limit of {@code seconds} idling on qubit q (0.5, fully decayed, when its T1 or T2 is unknown). */
  double idleError(int q, double seconds) {
    return t1[q] > 0 && t2[q] > 0 ? CoherenceLimit.oneQubit(seconds, t1[q], Math.min(t2[q], 2 * t1[q])) : 0.5;
  }

  /** CZ error of the enabled coupler (a, b); precondition: coupled(a, b). */
  double czError(int a, int b) { return czError.get(key(a, b)); }

  /** Connected components of the available qubits, each sorted, largest first (ties: lowest qubit). */
  List<List<Integer>> components() {
    int[] comp = new int[numQubits];
    Arrays.fill(comp, -1);
    List<List<Integer>> out = new ArrayList<>();
    for (int s = 0; s < numQubits; s++) {
      if (!available[s] || comp[s] >= 0) continue;
      List<Integer> members = new ArrayList<>();
      ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(s));
      comp[s] = out.size();
      while (!queue.isEmpty()) {
        int q = queue.poll();
        members.add(q);
        for (int v : neighbours.get(q)) {
          if (comp[v] < 0) { comp[v] = out.size(); queue.add(v); }
        }
      }
      members.sort(null);
      out.add(members);
    }
    out.sort((x, y) -> x.size() != y.size() ? y.size() - x.size() : x.get(0) - y.get(0));
    return out;
  }

  /** Hop distances between qubits of {@code region}, moving only inside it; index by region position. */
  int[][] distances(List<Integer> region) {
    int n = region.size();
    Map<Integer, Integer> pos = new HashMap<>();
    for (int i = 0; i < n; i++) pos.put(region.get(i), i);
    int[][] d = new int[n][n];
    for (int s = 0; s < n; s++) {
      Arrays.fill(d[s], Integer.MAX_VALUE);
      d[s][s] = 0;
      ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(s));
      while (!queue.isEmpty()) {
        int i = queue.poll();
        for (int v : neighbours.get(region.get(i))) {
          Integer j = pos.get(v);
          if (j != null && d[s][j] == Integer.MAX_VALUE) { d[s][j] = d[s][i] + 1; queue.add(j); }
        }
      }
    }
    return d;
  }
}
