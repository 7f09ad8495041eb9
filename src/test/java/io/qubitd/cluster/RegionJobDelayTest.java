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

/** An OpenQASM 3 delay travels to a cluster worker as idle time (the region's text is OpenQASM 3 when it idles). */
class RegionJobDelayTest {

  private static final String RAMSEY = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[1] q;\nbit[1] c;\n"
      + "sx q[0];\ndelay[%s] q[0];\nsx q[0];\nc[0] = measure q[0];\n";

  @Test
  void aWorkerIdlesTheQubitForTheDelayAsTheLocalRunDoes() {
    ChipSpec chip = ChipSpec.load("grid2x3");
    ChipTruth calibrated = chip.sampleTruth(3);
    CalibrationSnapshot snapshot = calibrated.asSnapshot("grid2x3", 1, Instant.EPOCH);
    // driven 300 kHz off its true frequency, a qubit idling 1 µs turns by 0.3 of a turn (a Ramsey fringe)
    List<QubitTruth> moved = new ArrayList<>();
    for (QubitTruth q : calibrated.qubits()) {
      moved.add(new QubitTruth(q.qubit(), q.t1(), q.t2(), q.frequency() + 300e3, q.gateError1q(), q.readoutP01(),
          q.readoutP10(), q.tls(), q.nominal()));
    }
    ChipTruth now = new ChipTruth(calibrated.time(), moved, calibrated.couplers());
    var dm = new DensityMatrixSimulator(new DensityMatrixSimulator.Settings(6, 64));
    ChipExecutor executor = new ChipExecutor(chip, CompilerSettings.defaults(), NoiseOptions.all(), dm, dm, 6);
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
