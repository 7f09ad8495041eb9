package io.qubitd.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's comparison must reproduce from its command: two pretrainings with the same settings,
 * in fresh data directories and on different threads (an actor's dispatcher pretrains too), give the
 * same weights bit for bit and the same base accuracy. The model has the default shape (width 128,
 * 2 blocks, 4 heads, context 96), only a few pretraining steps, so that any thread-count or kernel
 * choice that depends on the matrix sizes shows here as it would in the full pretraining.
 */
class PretrainingDeterminismTest {
  private static final TrainerSettings SHORT = new TrainerSettings(128, 2, 4, 96, 12, 8, 3e-3, 7, 64, 16, 5,
      4, List.of(8, 16), List.of(2, 2), 2, 2, 8.0, 2e-2, 16, 10);

  @Test
  void twoPretrainingsWithTheSameSeedGiveTheSameWeights(@TempDir Path a, @TempDir Path b, @TempDir Path c) throws Exception {
    double accuracyA;
    try (FineTuneSession s = FineTuneSession.create(SHORT, AdapterKind.NONE, null, a, 1)) {
      accuracyA = s.evaluate();
    }
    ExecutorService other = Executors.newSingleThreadExecutor();
    double accuracyB;
    try {
      accuracyB = other.submit(() -> {
        try (FineTuneSession s = FineTuneSession.create(SHORT, AdapterKind.NONE, null, b, 1)) {
          return s.evaluate();
        }
      }).get();
    } finally {
      other.shutdown();
    }
    byte[] weightsA = Files.readAllBytes(BaseModels.directory(SHORT, a).resolve(BaseModels.FILE));
    byte[] weightsB = Files.readAllBytes(BaseModels.directory(SHORT, b).resolve(BaseModels.FILE));
    assertEquals(weightsA.length, weightsB.length);
    assertArrayEquals(weightsA, weightsB, "pretrained weights differ between two runs with the same seed");
    assertEquals(accuracyA, accuracyB, 0.0);
    // the comparison above could pass with a pretraining that ignores its seed; this one could not
    TrainerSettings otherSeed = new TrainerSettings(128, 2, 4, 96, 12, 8, 3e-3, 8, 64, 16, 5,
        4, List.of(8, 16), List.of(2, 2), 2, 2, 8.0, 2e-2, 16, 10);
    try (FineTuneSession s = FineTuneSession.create(otherSeed, AdapterKind.NONE, null, c, 1)) {
      assertFalse(java.util.Arrays.equals(weightsA, Files.readAllBytes(BaseModels.directory(otherSeed, c).resolve(BaseModels.FILE))));
    }
  }
}
