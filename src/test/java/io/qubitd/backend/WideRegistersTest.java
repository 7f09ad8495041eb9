package io.qubitd.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.SimulationResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A 72-qubit GHZ written as a user writes it: a 72-bit classical register, read whole. */
class WideRegistersTest {

  static String ghz(int n) {
    StringBuilder b = new StringBuilder("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[" + n + "];\ncreg c[" + n + "];\nh q[0];\n");
    for (int i = 0; i + 1 < n; i++) b.append("cx q[").append(i).append("],q[").append(i + 1).append("];\n");
    return b.append("measure q -> c;\n").toString();
  }

  @Test
  void aSeventyTwoBitRegisterParsesAndGhzGivesOnlyTheTwoAllEqualStrings() {
    Circuit c = QasmParser.parse(ghz(72), "ghz72.qasm", Map.of());
    assertEquals(72, c.numClbits());
    int shots = 400;
    SimulationResult r = IdealExecutor.withDefaults(KernelSettings.defaults()).run(c, shots, 11, false, "auto");
    String zeros = "0".repeat(72), ones = "1".repeat(72);
    assertEquals(shots, r.counts().values().stream().mapToLong(Long::longValue).sum());
    assertTrue(r.counts().keySet().stream().allMatch(k -> k.equals(zeros) || k.equals(ones)), r.counts().keySet().toString());
    // each of the two outcomes has probability 1/2: 5 sigma of a binomial(400, 1/2) is 50
    long z = r.counts().getOrDefault(zeros, 0L);
    assertTrue(Math.abs(z - shots / 2) <= 50, "all-zeros " + z + " of " + shots);
  }
}
