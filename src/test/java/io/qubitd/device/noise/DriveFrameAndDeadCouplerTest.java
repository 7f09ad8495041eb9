package io.qubitd.device.noise;

import io.qubitd.kernel.density.DensityMatrixSimulator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.compile.AsapScheduler;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.GateDurations;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriveFrameAndDeadCouplerTest {
  static final double TOL = 1e-12;
  static final GateDurations D = GateDurations.defaults();
  static final double FREQUENCY = 4.5e9;

  static double p1(ChipTruth truth, Circuit c, NoiseOptions o, Map<Integer, Double> frames) {
    NoisyProgram p = NoiseModel.program(AsapScheduler.schedule(c, D), c.numClbits(), truth, o, frames);
    return new DensityMatrixSimulator().probabilities(p).getOrDefault(1L, 0.0);
  }

  static Circuit ramsey(double t) {
    return Circuit.builder(1, 1).gate(GateKind.SX, 0).delay(0, t).gate(GateKind.SX, 0).measure(0, 0).build();
  }

  @Test
  void aDetunedDriveFrameMakesRamseyFringesAtTheDetuning() {
    ChipTruth truth = TestChips.line(1, 20e-6, 20e-6, 0, 0, 0, 0.01, 0);
    double detuning = 250e3;
    Map<Integer, Double> frame = Map.of(0, FREQUENCY - detuning);
    for (double t : new double[] {0.3e-6, 1.1e-6, 2.9e-6}) {
      // SX·RZ(φ)·SX gives P(1) = (1 + cos φ)/2 with φ = 2π·Δ·(t + one gate duration): the frame
      // turns after each window, so the first SX's window counts and the last one's, after the
      // final SX, cannot change a Z measurement.
      double phase = 2 * Math.PI * detuning * (t + D.oneQubit());
      assertEquals((1 + Math.cos(phase)) / 2, p1(truth, ramsey(t), NoiseOptions.none(), frame), 1e-9, "t = " + t);
    }
  }

  @Test
  void withoutFramesOrWithTrueFramesNothingChanges() {
    ChipTruth truth = TestChips.line(1, 20e-6, 15e-6, 0.001, 0.05, 0.02, 0.01, 0);
    Circuit c = ramsey(2e-6);
    double plain = p1(truth, c, NoiseOptions.all(), Map.of());
    assertEquals(plain, p1(truth, c, NoiseOptions.all(), Map.of(0, FREQUENCY)), TOL);
    NoisyProgram old = NoiseModel.program(AsapScheduler.schedule(c, D), 1, truth, NoiseOptions.all());
    assertEquals(plain, new DensityMatrixSimulator().probabilities(old).get(1L), TOL);
    assertThrows(IllegalArgumentException.class, () -> p1(truth, c, NoiseOptions.all(), Map.of(0, Double.NaN)));
  }

  @Test
  void aCzOnADeadCouplerIdlesWhenAskedAndFailsOtherwise() {
    ChipTruth alive = TestChips.line(2, 20e-6, 15e-6, 0, 0, 0, 0.02, 0);
    CouplerTruth dead = alive.couplers().get(0).failed();
    ChipTruth broken = new ChipTruth(0, alive.qubits(), List.of(dead));
    // |+>|+> through CZ then H-like SX on the target: with CZ the target's X parity flips with the control.
    Circuit cz = Circuit.builder(2, 2).gate(GateKind.SX, 0).gate(GateKind.SX, 1)
        .gate(Gate.controlled(GateKind.Z, 1), 0, 1).measure(0, 0).measure(1, 1).build();
    Circuit idle = Circuit.builder(2, 2).gate(GateKind.SX, 0).gate(GateKind.SX, 1)
        .delay(0, D.twoQubit()).delay(1, D.twoQubit()).measure(0, 0).measure(1, 1).build();
    NoiseOptions o = NoiseOptions.all().withDeadCouplerIdles(true);
    var sim = new DensityMatrixSimulator();
    Map<Long, Double> viaDead = sim.probabilities(NoiseModel.program(AsapScheduler.schedule(cz, D), 2, broken, o));
    Map<Long, Double> viaIdle = sim.probabilities(NoiseModel.program(AsapScheduler.schedule(idle, D), 2, broken, o));
    for (long k = 0; k < 4; k++) assertEquals(viaIdle.getOrDefault(k, 0.0), viaDead.getOrDefault(k, 0.0), TOL, "outcome " + k);
    var e = assertThrows(IllegalArgumentException.class, () -> NoiseModel.program(AsapScheduler.schedule(cz, D), 2, broken, NoiseOptions.all()));
    assertTrue(e.getMessage().contains("dead"), e.getMessage());
  }
}
