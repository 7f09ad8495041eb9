package io.qubitd.cli;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.qasm.QasmParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The default benchmark suite shipped in the jar under {@code bench/} (sources in bench/SOURCE.md). */
final class BenchSuite {
  private BenchSuite() {}

  /** The circuits listed in bench/suite.txt, in order. */
  static List<Circuit> load() {
    List<Circuit> out = new ArrayList<>();
    for (String name : read("bench/suite.txt").split("\n")) {
      if (!name.isBlank()) out.add(QasmParser.parse(read("bench/" + name.strip() + ".qasm"), name.strip() + ".qasm", Map.of()));
    }
    return out;
  }

  private static String read(String resource) {
    try (InputStream in = BenchSuite.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("the jar has no " + resource + "; rebuild it");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource + " from the jar", e);
    }
  }
}
