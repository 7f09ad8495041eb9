package io.qubitd.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Schedule;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.GateDurations;
import io.qubitd.device.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NoiseAwarePlacementTest {
  static final Topology GRID = Topology.grid(6, 12);
  static final GateDurations DUR = GateDurations.defaults();

  private static CalibrationSnapshot.QubitCalibration qubit(int q, double t1, double t2, double p01, double p10, double err) {
    return new CalibrationSnapshot.QubitCalibration(q, t1, t2, 5e9, p01, p10, err, true);
  }

  @Test
  void expectedErrorMultipliesGateReadoutAndIdleDecaySuccess() {
    Topology line = Topology.grid(1, 2);
    double t1 = 20e-6, t2 = 10e-6, err = 0.002, p01 = 0.04, p10 = 0.02;
    var snap = new CalibrationSnapshot("t", 1, java.time.Instant.EPOCH,
        List.of(qubit(0, t1, t2, p01, p10, err), qubit(1, t1, t2, p01, p10, err)),
        List.of(new CalibrationSnapshot.CouplerCalibration(0, 1, 0.02, 0, true)));
    // X (30 ns), a 1 µs delay, measure (1.5 µs) on qubit 0 alone.
    Schedule s = new Schedule(2, List.of(
        new Schedule.TimedOperation(new Operation.GateOp(Gate.of(GateKind.X), List.of(0), null), 0, 30e-9),
        new Schedule.TimedOperation(new Operation.Delay(0, 1e-6), 30e-9, 1e-6),
        new Schedule.TimedOperation(new Operation.Measure(0, 0, null), 1.03e-6, 1.5e-6)), 2.53e-6);
    double idle = (3 - Math.exp(-1e-6 / t1) - 2 * Math.exp(-1e-6 / t2)) / 6;
    double want = 1 - (1 - err) * (1 - (p01 + p10) / 2) * (1 - idle);
    assertEquals(want, ExpectedError.of(s, snap), 1e-12);
    assertEquals(line.numQubits(), snap.qubits().size());
  }

  @Test
  void residualZzBetweenUsedQubitsCostsItsAveragePhaseError() {
    double zz = 50e3, t = 2e-6;
    var snap = new CalibrationSnapshot("t", 1, java.time.Instant.EPOCH,
        List.of(qubit(0, 1e3, 1e3, 0, 0, 0), qubit(1, 1e3, 1e3, 0, 0, 0)),
        List.of(new CalibrationSnapshot.CouplerCalibration(0, 1, 0, zz, true)));
    // Two RZs (no error) at the ends of a 2 µs window: both qubits used, idle together throughout.
    Schedule s = new Schedule(2, List.of(
        new Schedule.TimedOperation(new Operation.GateOp(Gate.of(GateKind.RZ, 0.1), List.of(0), null), 0, 0),
        new Schedule.TimedOperation(new Operation.GateOp(Gate.of(GateKind.RZ, 0.1), List.of(1), null), t, 0)), t);
    double phi = 2 * Math.PI * zz * t;
    // |tr diag(1,1,1,e^{iφ})|² = 10 + 6 cos φ; r = (4/5)(1 − (10 + 6 cos φ)/16); T1 = T2 = 1000 s add ~1e-9.
    double want = 0.8 * (1 - (10 + 6 * Math.cos(phi)) / 16);
    assertEquals(want, ExpectedError.of(s, snap), 1e-6);
  }

  @Test
  void placementAvoidsQubitsWhoseGatesLookGoodButWhoseCoherenceIsShort() {
    // Qubits 0, 1, 12, 13 have the best gate and readout errors of the chip but T1 = T2 = 0.3 µs:
    // the quick score (gate + readout errors only) picks them; decay over the schedule rules them out.
    Set<Integer> fragile = Set.of(0, 1, 12, 13);
    List<CalibrationSnapshot.QubitCalibration> qs = new ArrayList<>();
    for (int q = 0; q < GRID.numQubits(); q++) {
      qs.add(fragile.contains(q) ? qubit(q, 0.3e-6, 0.3e-6, 0.001, 0.001, 1e-4) : qubit(q, 30e-6, 20e-6, 0.03, 0.02, 1e-3));
    }
    List<CalibrationSnapshot.CouplerCalibration> cs = new ArrayList<>();
    for (Topology.Edge e : GRID.edges()) cs.add(new CalibrationSnapshot.CouplerCalibration(e.a(), e.b(), 0.01, 20e3, true));
    var snap = new CalibrationSnapshot("t", 1, java.time.Instant.EPOCH, qs, cs);
    Circuit ghz = Circuit.builder(4, 4).name("ghz4").gate(GateKind.H, 0)
        .gate(Gate.controlled(GateKind.X, 1), 0, 1).gate(Gate.controlled(GateKind.X, 1), 1, 2)
        .gate(Gate.controlled(GateKind.X, 1), 2, 3).measure(0, 0).measure(1, 1).measure(2, 2).measure(3, 3).build();
    CompilerSettings aware = CompilerSettings.defaults();
    CompiledCircuit quick = new Compiler(GRID, DUR, aware.withRegionCandidates(0)).compile(ghz, snap);
    CompiledCircuit noiseAware = new Compiler(GRID, DUR, aware).compile(ghz, snap);
    assertTrue(quick.usedQubits().stream().anyMatch(fragile::contains), "the quick placement should fall for them: " + quick.usedQubits());
    assertTrue(noiseAware.usedQubits().stream().noneMatch(fragile::contains), "noise-aware placement used " + noiseAware.usedQubits());
    assertTrue(ExpectedError.of(noiseAware.schedule(), snap) < ExpectedError.of(quick.schedule(), snap));
  }
}
