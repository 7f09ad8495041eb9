package io.qubitd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code qubitd bench} with no argument times its built-in suite, read from the jar's classpath. */
class BenchCircuitsTest {

  @Test
  void everySuiteCircuitIsBundledAndHasTheWidthItsNameSays() throws IOException {
    List<String> names;
    try (InputStream in = BenchSuite.class.getClassLoader().getResourceAsStream("bench/suite.txt")) {
      names = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
    List<Circuit> circuits = BenchSuite.load();
    assertEquals(names.size(), circuits.size());
    // each file names its width: rc_20q_20l, qft_25q (n q) or QASMBench's adder_n10 (_n n)
    Pattern width = Pattern.compile("_(\\d+)q|_n(\\d+)");
    for (int i = 0; i < names.size(); i++) {
      Matcher m = width.matcher(names.get(i));
      assertTrue(m.find(), names.get(i));
      int n = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
      assertEquals(n, circuits.get(i).numQubits(), names.get(i));
    }
  }
}
