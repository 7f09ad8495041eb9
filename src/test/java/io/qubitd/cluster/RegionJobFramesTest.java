package io.qubitd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.compile.CompiledCircuit;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.QubitTruth;
import io.qubitd.device.noise.NoiseOptions;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import io.qubitd.kernel.MethodChooser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A region simulated on a cluster worker drives its qubits at the snapshot's frequencies, as a local run does. */
class RegionJobFramesTest {

  @Test
  void aWorkerSeesTheSameDetuningAsTheNodeThatPackedTheRegion() {
    ChipSpec chip = ChipSpec.load("grid2x3");
    ChipTruth calibrated = chip.sampleTruth(3);
    CalibrationSnapshot snapshot = calibrated.asSnapshot("grid2x3", 1, Instant.EPOCH);
    List<QubitTruth> moved = new ArrayList<>();
    for (QubitTruth q : calibrated.qubits()) {
      moved.add(new QubitTruth(q.qubit(), q.t1(), q.t2(), q.frequency() + 300e3, q.gateError1q(), q.readoutP01(),
          q.readoutP10(), q.tls(), q.nominal()));
    }
    ChipTruth now = new ChipTruth(calibrated.time(), moved, calibrated.couplers());
    var dm = new DensityMatrixSimulator(new DensityMatrixSimulator.Settings(6, 64));
    ChipExecutor executor = new ChipExecutor(chip, CompilerSettings.defaults(), NoiseOptions.all(), dm, dm, 6);
    // q[0] idles through q[1]'s 1.5 µs readout (the barrier waits for it); RegionJobDelayTest sends a delay itself
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
}
