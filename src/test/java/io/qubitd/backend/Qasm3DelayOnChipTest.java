package io.qubitd.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.circuit.qasm.QasmSettings;
import io.qubitd.compile.CompiledCircuit;
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
  void theRepeatUntilSuccessLoopRunsOnAChip() throws java.io.IOException {
    // rus.qasm keeps its flags in memory by classical stores. Cut to 3 passes after the first (the chip schedules
    // every unrolled pass) and without noise: the loop fails all 4 with (3/8)^4, leaving flags 01, 10 or 11
    // equally and output 1 with 4/5; otherwise output 0 and flags 00 (worked out in Qasm3SpecExamplesTest)
    String rus;
    try (java.io.InputStream in = Qasm3DelayOnChipTest.class.getResourceAsStream("/openqasm3/rus.qasm")) {
      rus = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    Circuit circuit = QasmParser.parse(rus, "rus.qasm", Map.of(), new QasmSettings(100_000, 3, 1e-9));
    assertTrue(circuit.hasStores());
    int shots = 20000;
    ChipExecutor executor = ChipExecutorTest.executor(NoiseOptions.none());
    CompiledCircuit compiled = executor.compile(circuit, ChipExecutorTest.SNAPSHOT, null);
    for (String method : new String[] {"density-matrix", "trajectories"}) {
      ChipRunResult r = executor.simulate(compiled, circuit, ChipExecutorTest.TRUTH, shots, 5, 1, method);
      assertMatchesTheAnalyticDistribution(r, shots, method);
    }
  }

  private static void assertMatchesTheAnalyticDistribution(ChipRunResult r, int shots, String method) {
    double fail = Math.pow(3.0 / 8, 4);
    Map<String, Double> expected = new java.util.TreeMap<>(Map.of("0 00", 1 - fail));
    for (String f : new String[] {"01", "10", "11"}) {
      expected.put("1 " + f, fail / 3 * 4 / 5);
      expected.put("0 " + f, fail / 3 / 5);
    }
    long total = 0;
    for (Map.Entry<String, Long> e : r.counts().entrySet()) {
      assertTrue(expected.containsKey(e.getKey()), method + ": " + e.getKey());
      total += e.getValue();
    }
    assertEquals(shots, total);
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      double p = e.getValue();
      assertEquals(p, r.counts().getOrDefault(e.getKey(), 0L) / (double) shots, 5 * Math.sqrt(p * (1 - p) / shots),
          method + ": " + e.getKey());
    }
  }
}
