package io.qubitd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.compile.CompiledCircuit;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.QubitTruth;
import io.qubitd.device.noise.NoiseOptions;
import io.qubitd.kernel.MethodChooser;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A region simulated on a cluster worker drives its qubits at the snapshot's frequencies and idles them for the
 * circuit's delays, as a local run does: on a grid2x3 whose qubits moved 300 kHz since calibration, an idling qubit
 * turns by 0.3 of a turn a microsecond (a Ramsey fringe), so a worker that lost either would read other counts.
 */
class RegionJobFramesTest {

  private static final String RAMSEY = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[1] q;\nbit[1] c;\n"
      + "sx q[0];\ndelay[%s] q[0];\nsx q[0];\nc[0] = measure q[0];\n";

  private final ChipSpec chip = ChipSpec.load("grid2x3");
  private final ChipTruth calibrated = chip.sampleTruth(3);
  private final CalibrationSnapshot snapshot = calibrated.asSnapshot("grid2x3", 1, Instant.EPOCH);
  private final ChipTruth now = detuned(calibrated, 300e3);
  private final DensityMatrixSimulator dm = new DensityMatrixSimulator(new DensityMatrixSimulator.Settings(6, 64));
  private final ChipExecutor executor =
      new ChipExecutor(chip, CompilerSettings.defaults(), NoiseOptions.all(), dm, dm, 6);

  private static ChipTruth detuned(ChipTruth calibrated, double hertz) {
    List<QubitTruth> moved = new ArrayList<>();
    for (QubitTruth q : calibrated.qubits()) {
      moved.add(new QubitTruth(q.qubit(), q.t1(), q.t2(), q.frequency() + hertz, q.gateError1q(), q.readoutP01(),
          q.readoutP10(), q.tls(), q.nominal()));
    }
    return new ChipTruth(calibrated.time(), moved, calibrated.couplers());
  }

  @Test
  void aWorkerSeesTheSameDetuningAsTheNodeThatPackedTheRegion() {
    // q[0] idles through q[1]'s 1.5 µs readout (the barrier waits for it); the next test sends a delay itself
    Circuit ramsey = QasmParser.parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nsx q[0];\n"
        + "measure q[1] -> c[1];\nbarrier q;\nsx q[0];\nmeasure q[0] -> c[0];\n", "ramsey.qasm", Map.of());
    CompiledCircuit compiled = executor.compile(ramsey, snapshot, null);
    var local = executor.simulate(compiled, ramsey, now, 4000, 9, snapshot, MethodChooser.AUTO);
    RegionJob job = RegionJob.of("grid2x3", compiled, ramsey, now, 4000, 9, snapshot, MethodChooser.AUTO, null);
    assertEquals(local.counts(), job.simulate(executor, chip.durations()).counts());
    // 300 kHz over 1.5 µs turns q[0] by 0.45 of a turn: without the frames it reads 1 far more often
    var unframed = executor.simulate(compiled, ramsey, now, 4000, 9, snapshot.version(), MethodChooser.AUTO);
    assertNotEquals(local.counts(), unframed.counts());
  }

  @Test
  void aWorkerIdlesTheQubitForTheDelayAsTheLocalRunDoes() {
    Circuit ramsey = QasmParser.parse(String.format(RAMSEY, "1us"), "ramsey.qasm", Map.of());
    CompiledCircuit compiled = executor.compile(ramsey, snapshot, null);
    RegionJob job = RegionJob.of("grid2x3", compiled, ramsey, now, 4000, 9, snapshot, MethodChooser.AUTO, null);

    assertTrue(job.physicalQasm().startsWith("OPENQASM 3.0;"), job.physicalQasm());
    CompiledCircuit onWorker = job.compiled(chip.durations());
    assertEquals(1e-6, onWorker.physical().operations().stream().filter(op -> op instanceof Operation.Delay)
        .mapToDouble(op -> ((Operation.Delay) op).seconds()).sum(), 1e-18);
    assertEquals(compiled.schedule().duration(), onWorker.schedule().duration(), 1e-15);
    var local = executor.simulate(compiled, ramsey, now, 4000, 9, snapshot, MethodChooser.AUTO);
    assertEquals(local.counts(), job.simulate(executor, chip.durations()).counts());

    // and the delay matters: without it the same seed gives other counts
    Circuit noWait = QasmParser.parse(String.format(RAMSEY, "0ns"), "ramsey.qasm", Map.of());
    CompiledCircuit shortCompiled = executor.compile(noWait, snapshot, null);
    var shortRun = RegionJob.of("grid2x3", shortCompiled, noWait, now, 4000, 9, snapshot, MethodChooser.AUTO, null).simulate(executor, chip.durations());
    assertNotEquals(local.counts(), shortRun.counts());
  }
}
