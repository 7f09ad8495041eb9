package io.qubitd.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The pure packages (DESIGN.md) hold arithmetic and data; actors and I/O frameworks stay out. */
class PurePackagesTest {

  private static final Path MAIN = Path.of("src/main/java/io/qubitd");
  private static final List<String> PURE = List.of("circuit", "kernel", "device", "compile", "backend", "calibration", "trainer/tensor", "progress");
  /** The actor shells that live beside the pure code of their package. */
  private static final List<String> SHELLS = List.of("calibration/CalibrationActor.java");
  private static final List<String> FORBIDDEN = List.of("org.apache.pekko", "io.qubitd.chip", "io.qubitd.scheduler", "io.qubitd.api", "io.qubitd.cli");

  @Test
  void purePackagesImportNoActorsNorOuterLayers() throws IOException {
    List<String> offences = new ArrayList<>();
    int scanned = 0;
    for (String pkg : PURE) {
      Path dir = MAIN.resolve(pkg);
      if (!Files.isDirectory(dir)) continue;
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
          if (SHELLS.contains(MAIN.relativize(f).toString())) continue;
          scanned++;
          List<String> lines = Files.readAllLines(f);
          for (int i = 0; i < lines.size(); i++) {
            for (String bad : FORBIDDEN) {
              if (lines.get(i).contains(bad)) offences.add(MAIN.relativize(f) + ":" + (i + 1) + " uses " + bad);
            }
          }
        }
      }
    }
    assertTrue(scanned > 5, "expected to scan the pure packages, found " + scanned + " files");
    assertTrue(offences.isEmpty(), String.join("\n", offences));
  }
}
