package io.qubitd.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.circuit.qasm.QasmSettings;
import io.qubitd.compile.CompileException;
import io.qubitd.device.QubitTruth;
import io.qubitd.device.noise.NoiseOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An OpenQASM 3 delay in dt is idle time in the chip's schedule, so the true T1 acts over it. */
class Qasm3DelayOnChipTest {

  @Test
  void aDelayInDtDecaysTheQubitByItsTrueT1() {
    // 7500 dt of 2 ns = 15 µs, spelled through a duration variable and a loop of three delays
    String src = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit q;\nbit c;\nduration d = 2500dt;\n"
        + "x q;\nfor int i in [1:3] { delay[d] q; }\nc = measure q;\n";
    Circuit circuit = QasmParser.parse(src, "t1.qasm", Map.of(), QasmSettings.DEFAULTS.withDt(2e-9));
    int shots = 20000;
    ChipRunResult r = ChipExecutorTest.executor(NoiseOptions.all())
        .run(circuit, ChipExecutorTest.SNAPSHOT, ChipExecutorTest.TRUTH, shots, 5);
    QubitTruth q = ChipExecutorTest.TRUTH.qubit(r.initialLayout().get(0));
    double elapsed = 15e-6 + ChipExecutorTest.CHIP.durations().oneQubit() / 2; // decay starts, on average, mid-pulse
    double survive = Math.exp(-elapsed / q.t1());
    double p1 = survive * (1 - q.readoutP01()) + (1 - survive) * q.readoutP10();
    double measured = r.counts().getOrDefault("1", 0L) / (double) shots;
    double sigma = Math.sqrt(p1 * (1 - p1) / shots);
    // 5σ of shot noise plus the X gate's own error (≤ 0.5 %), as for the same circuit built in code
    assertEquals(p1, measured, 5 * sigma + 0.005, "T1 = " + q.t1() + " s on physical qubit " + q.qubit());
    assertEquals(15e-6 + ChipExecutorTest.CHIP.durations().oneQubit() + ChipExecutorTest.CHIP.durations().measure(),
        r.duration(), 1e-12);
  }

  @Test
  void aLoopThatKeepsClassicalValuesInMemoryIsRefusedOnAChipByName() {
    // a repeat-until-success loop whose two flag bits are written back to memory after each pass (a classical store)
    String src = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] a;\nbit[2] f = \"11\";\n"
        + "while (int[2](f) != 0) { reset a; h a; bit[2] m = measure a; f = m; }\n";
    Circuit circuit = QasmParser.parse(src, "loop.qasm", Map.of());
    assertTrue(circuit.hasStores());
    CompileException e = assertThrows(CompileException.class, () -> ChipExecutorTest.executor(NoiseOptions.all())
        .run(circuit, ChipExecutorTest.SNAPSHOT, ChipExecutorTest.TRUTH, 10, 5));
    assertTrue(e.getMessage().contains("assigns classical bits in a loop on measured bits"), e.getMessage());
  }
}
