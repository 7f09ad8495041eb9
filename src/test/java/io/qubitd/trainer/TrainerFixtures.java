package io.qubitd.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One data directory per test JVM, so the tiny base model is pretrained once for all trainer tests. */
final class TrainerFixtures {
  private TrainerFixtures() {}

  private static Path dataDir;

  static synchronized Path dataDir() {
    if (dataDir == null) {
      try {
        dataDir = Files.createTempDirectory("qubitd-trainer-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      dataDir.toFile().deleteOnExit();
    }
    return dataDir;
  }
}
