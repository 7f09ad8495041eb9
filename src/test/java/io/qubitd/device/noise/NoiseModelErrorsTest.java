package io.qubitd.device.noise;

import io.qubitd.kernel.density.DensityMatrixSimulator;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Schedule;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoiseModelErrorsTest {
  private final ChipTruth chip = TestChips.line(12, 20e-6, 15e-6, 0.002, 0.05, 0.02, 0.02, 40e3);

  private String error(Runnable r) { return assertThrows(IllegalArgumentException.class, r::run).getMessage(); }

  @Test
  void nonNativeGateIsRejectedByName() {
    Schedule s = new HandSchedule(1).gate(Gate.of(GateKind.H), 30e-9, 0).build();
    String msg = error(() -> NoiseModel.program(s, 0, chip, NoiseOptions.all()));
    assertTrue(msg.contains("native") && msg.contains("h"), msg);
  }

  @Test
  void czNeedsALiveCoupler() {
    String far = error(() -> NoiseModel.program(new HandSchedule(3).cz(0, 2, 40e-9).build(), 0, chip, NoiseOptions.all()));
    assertTrue(far.contains("no coupler"), far);
    List<CouplerTruth> cs = new ArrayList<>(chip.couplers());
    cs.set(0, cs.get(0).failed());
    ChipTruth broken = new ChipTruth(0, chip.qubits(), cs);
    String dead = error(() -> NoiseModel.program(new HandSchedule(2).cz(0, 1, 40e-9).build(), 0, broken, NoiseOptions.all()));
    assertTrue(dead.contains("dead"), dead);
  }

  @Test
  void overlappingOperationsOnAQubitAreRejected() {
    Schedule s = new Schedule(1, List.of(
        new Schedule.TimedOperation(new Operation.GateOp(Gate.of(GateKind.SX), List.of(0)), 0, 30e-9),
        new Schedule.TimedOperation(new Operation.GateOp(Gate.of(GateKind.X), List.of(0)), 10e-9, 30e-9)), 40e-9);
    String msg = error(() -> NoiseModel.program(s, 0, chip, NoiseOptions.all()));
    assertTrue(msg.contains("overlaps on qubit 0"), msg);
  }

  @Test
  void qubitOutsideTheChipIsRejected() {
    String msg = error(() -> NoiseModel.program(new HandSchedule(20).x(15, 30e-9).build(), 0, chip, NoiseOptions.all()));
    assertTrue(msg.contains("qubit 15"), msg);
  }

  @Test
  void densityMatrixRefusesProgramsAboveItsLimit() {
    HandSchedule s = new HandSchedule(11);
    for (int q = 0; q < 11; q++) s.x(q, 30e-9);
    NoisyProgram prog = NoiseModel.program(s.build(), 0, chip, NoiseOptions.all());
    String msg = error(() -> new DensityMatrixSimulator().probabilities(prog));
    assertTrue(msg.contains("11 qubits") && msg.contains("limited to 10"), msg);
  }

  @Test
  void densityMatrixRefusesTooManyBranches() {
    HandSchedule s = new HandSchedule(1);
    for (int c = 0; c < 3; c++) s.sx(0, 30e-9).measure(0, c, 1.5e-6);
    s.sx(0, 30e-9);
    NoisyProgram prog = NoiseModel.program(s.build(), 3, chip, NoiseOptions.all());
    DensityMatrixSimulator small = new DensityMatrixSimulator(new DensityMatrixSimulator.Settings(4, 2));
    String msg = error(() -> small.probabilities(prog));
    assertTrue(msg.contains("maxBranches"), msg);
    assertEquals(8, new DensityMatrixSimulator().probabilities(prog).size());
  }
}
