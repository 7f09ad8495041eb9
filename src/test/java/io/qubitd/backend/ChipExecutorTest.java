package io.qubitd.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.QubitTruth;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import io.qubitd.device.noise.NoiseOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole chip path: compile on the published snapshot, noise from the truth, counts in the user's bit order. */
class ChipExecutorTest {

  static final ChipSpec CHIP = ChipSpec.load("wukong72");
  static final ChipTruth TRUTH = CHIP.sampleTruth(72);
  static final CalibrationSnapshot SNAPSHOT = TRUTH.asSnapshot("wukong72", 0, Instant.EPOCH);

  static ChipExecutor executor(NoiseOptions noise) {
    var dm = new DensityMatrixSimulator(new DensityMatrixSimulator.Settings(12, 64));
    return new ChipExecutor(CHIP, CompilerSettings.defaults(), noise, dm, dm, 12);
  }

  @Test
  void withoutNoiseTheChipGivesTheIdealAnswerInTheUsersBitOrder() {
    // Bernstein–Vazirani: routed and placed anywhere on the lattice, the hidden string comes back exactly
    Circuit bv = QasmParser.parseFile(Path.of("src", "test", "resources", "corpus", "qiskit", "bv_n10.qasm"), Map.of());
    ChipRunResult r = executor(NoiseOptions.none()).run(bv, SNAPSHOT, TRUTH, 200, 3);
    assertEquals(Map.of("111111111", 200L), r.counts());
    assertEquals(10, r.initialLayout().size());

    // a register split across two cregs keeps Qiskit's "last register leftmost" order after compilation
    Circuit c = QasmParser.parse("OPENQASM 2.0; include \"qelib1.inc\"; qreg q[3]; creg a[1]; creg b[2];"
        + " x q[0]; x q[2]; measure q[0] -> a[0]; measure q[1] -> b[0]; measure q[2] -> b[1];", "order", Map.of());
    assertEquals(Map.of("10 1", 100L), executor(NoiseOptions.none()).run(c, SNAPSHOT, TRUTH, 100, 1).counts());
  }

  @Test
  void energyRelaxationAfterADelayFollowsTheTrueT1OfThePlacedQubit() {
    double delay = 15e-6;
    Circuit c = Circuit.builder(1, 1).gate(GateKind.X, 0).delay(0, delay).measure(0, 0).build();
    int shots = 20000;
    ChipRunResult r = executor(NoiseOptions.all()).run(c, SNAPSHOT, TRUTH, shots, 11);
    QubitTruth q = TRUTH.qubit(r.initialLayout().get(0));
    double elapsed = delay + CHIP.durations().oneQubit() / 2; // decay starts, on average, mid-pulse
    double survive = Math.exp(-elapsed / q.t1());
    double p1 = survive * (1 - q.readoutP01()) + (1 - survive) * q.readoutP10();
    double measured = r.counts().getOrDefault("1", 0L) / (double) shots;
    double sigma = Math.sqrt(p1 * (1 - p1) / shots);
    // 5σ of shot noise plus the X gate's own error (≤ 0.5 %)
    assertEquals(p1, measured, 5 * sigma + 0.005, "T1 = " + q.t1() + " s on physical qubit " + q.qubit());
  }

  @Test
  void readoutOfPreparedStatesMatchesTheAssignmentMatrix() {
    int shots = 20000;
    Circuit zero = Circuit.builder(1, 1).measure(0, 0).build();
    Circuit one = Circuit.builder(1, 1).gate(GateKind.X, 0).measure(0, 0).build();
    ChipExecutor ex = executor(NoiseOptions.all().withDecay(false).withGateError(false));
    ChipRunResult r0 = ex.run(zero, SNAPSHOT, TRUTH, shots, 5);
    ChipRunResult r1 = ex.run(one, SNAPSHOT, TRUTH, shots, 6);
    QubitTruth q0 = TRUTH.qubit(r0.initialLayout().get(0));
    QubitTruth q1 = TRUTH.qubit(r1.initialLayout().get(0));
    double p10 = r0.counts().getOrDefault("1", 0L) / (double) shots;
    double p01 = r1.counts().getOrDefault("0", 0L) / (double) shots;
    assertEquals(q0.readoutP10(), p10, 5 * Math.sqrt(q0.readoutP10() * (1 - q0.readoutP10()) / shots));
    assertEquals(q1.readoutP01(), p01, 5 * Math.sqrt(q1.readoutP01() * (1 - q1.readoutP01()) / shots));
  }

  @Test
  void theCompilerPrefersTheBestQubitsOfTheSnapshot() {
    Circuit c = Circuit.builder(1, 1).gate(GateKind.X, 0).measure(0, 0).build();
    ChipRunResult r = executor(NoiseOptions.none()).run(c, SNAPSHOT, TRUTH, 10, 1);
    int chosen = r.initialLayout().get(0);
    double chosenReadout = SNAPSHOT.qubit(chosen).readoutP01() + SNAPSHOT.qubit(chosen).readoutP10();
    long better = SNAPSHOT.qubits().stream()
        .filter(q -> q.usable() && q.readoutP01() + q.readoutP10() + q.gateError() < chosenReadout + SNAPSHOT.qubit(chosen).gateError())
        .count();
    assertTrue(better <= 7, "placed on qubit " + chosen + " while " + better + " usable qubits are better");
  }
}
