package io.qubitd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qubitd.circuit.Circuit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code qubitd bench} with no argument times the circuits of examples/bench, read from the jar's classpath. */
class BenchCircuitsTest {

  @Test
  void everyCircuitOfExamplesBenchIsBundledAndParses() throws IOException {
    List<String> onDisk;
    try (Stream<Path> s = Files.list(Path.of("examples", "bench"))) {
      onDisk = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".qasm"))
          .map(n -> n.substring(0, n.length() - ".qasm".length())).sorted().toList();
    }
    assertEquals(onDisk, BenchCommand.BUNDLED.stream().sorted().toList());
    List<Circuit> circuits = BenchCommand.bundledCircuits();
    assertEquals(BenchCommand.BUNDLED, circuits.stream().map(Circuit::name).toList());
    // the sizes their generators wrote (examples/bench/README.md)
    assertEquals(List.of(25, 25, 20, 25), circuits.stream().map(Circuit::numQubits).toList());
  }
}
