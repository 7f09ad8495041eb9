package io.qubitd.compile;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.Topology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;

/** Test fixtures: calibration snapshots and random circuits. */
final class Chips {
  private Chips() {}

  /** Plausible random calibration; qubits in `dead` unusable, couplers (a,b) in `cut` disabled. */
  static CalibrationSnapshot snapshot(Topology t, long seed, Set<Integer> dead, Set<List<Integer>> cut) {
    Random rnd = new Random(seed);
    List<CalibrationSnapshot.QubitCalibration> qs = new ArrayList<>();
    for (int q = 0; q < t.numQubits(); q++) {
      qs.add(new CalibrationSnapshot.QubitCalibration(q, 80e-6 + 40e-6 * rnd.nextDouble(), 60e-6, 5e9,
          0.01 + 0.02 * rnd.nextDouble(), 0.005 + 0.01 * rnd.nextDouble(), 1e-4 + 5e-4 * rnd.nextDouble(),
          !dead.contains(q)));
    }
    List<CalibrationSnapshot.CouplerCalibration> cs = new ArrayList<>();
    for (Topology.Edge e : t.edges()) {
      cs.add(new CalibrationSnapshot.CouplerCalibration(e.a(), e.b(), 0.005 + 0.01 * rnd.nextDouble(), 1e3,
          !cut.contains(List.of(e.a(), e.b()))));
    }
    return new CalibrationSnapshot("test", 1, Instant.EPOCH, qs, cs);
  }

  /** Snapshot where qubits matching `bad` have high readout, gate and CZ errors, the rest low ones. */
  static CalibrationSnapshot twoQuality(Topology t, IntPredicate bad) {
    List<CalibrationSnapshot.QubitCalibration> qs = new ArrayList<>();
    for (int q = 0; q < t.numQubits(); q++) {
      boolean b = bad.test(q);
      qs.add(new CalibrationSnapshot.QubitCalibration(q, 100e-6, 80e-6, 5e9, b ? 0.2 : 0.01, b ? 0.1 : 0.01,
          b ? 5e-3 : 2e-4, true));
    }
    List<CalibrationSnapshot.CouplerCalibration> cs = new ArrayList<>();
    for (Topology.Edge e : t.edges()) {
      boolean b = bad.test(e.a()) || bad.test(e.b());
      cs.add(new CalibrationSnapshot.CouplerCalibration(e.a(), e.b(), b ? 0.1 : 0.006, 1e3, true));
    }
    return new CalibrationSnapshot("test", 1, Instant.EPOCH, qs, cs);
  }

  private static final GateKind[] ONE = {GateKind.H, GateKind.X, GateKind.Y, GateKind.Z, GateKind.S, GateKind.SDG,
      GateKind.T, GateKind.TDG, GateKind.SX, GateKind.SXDG, GateKind.RX, GateKind.RY, GateKind.RZ, GateKind.P,
      GateKind.U2, GateKind.U};
  private static final GateKind[] TWO = {GateKind.SWAP, GateKind.RXX, GateKind.RYY, GateKind.RZZ, GateKind.RZX};

  /** A random unitary circuit mixing 1q, controlled 1q, 2q and a few 3-qubit gates. */
  static Circuit randomCircuit(int n, int gates, long seed) {
    Random rnd = new Random(seed);
    Circuit.Builder b = Circuit.builder(n, 0).name("random" + seed);
    for (int i = 0; i < gates; i++) {
      int r = rnd.nextInt(10);
      Gate g;
      if (r < 4) {
        g = gate(ONE[rnd.nextInt(ONE.length)], 0, rnd);
      } else if (r < 7) {
        g = gate(ONE[rnd.nextInt(ONE.length)], 1, rnd);
      } else if (r < 9) {
        g = gate(TWO[rnd.nextInt(TWO.length)], 0, rnd);
      } else {
        g = rnd.nextBoolean() ? Gate.controlled(GateKind.X, 2) : Gate.controlled(GateKind.SWAP, 1);
      }
      if (g.arity() > n) g = gate(GateKind.H, 0, rnd);
      b.gate(g, distinct(n, g.arity(), rnd));
    }
    return b.build();
  }

  private static Gate gate(GateKind k, int controls, Random rnd) {
    double[] p = new double[k.params()];
    for (int i = 0; i < p.length; i++) p[i] = (rnd.nextDouble() * 2 - 1) * Math.PI;
    return Gate.controlled(k, controls, p);
  }

  private static int[] distinct(int n, int k, Random rnd) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) all.add(i);
    java.util.Collections.shuffle(all, rnd);
    int[] out = new int[k];
    for (int i = 0; i < k; i++) out[i] = all.get(i);
    return out;
  }
}
