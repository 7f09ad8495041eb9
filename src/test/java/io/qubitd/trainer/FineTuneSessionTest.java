package io.qubitd.trainer;

import io.qubitd.trainer.quantum.ExactQuantumLayer;
import io.qubitd.trainer.quantum.LayerAnsatz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTuneSessionTest {
  private static final TrainerSettings TINY = TrainerSettings.tiny();
  /** Held-out loss must fall by at least this fraction in {@link #SHORT_RUN} steps. */
  private static final double MIN_RELATIVE_DROP = 0.03;
  private static final int SHORT_RUN = 100;

  private static ExactQuantumLayer quantum() {
    return new ExactQuantumLayer(new LayerAnsatz(TINY.rank(), TINY.quantumLayers()));
  }

  @Test
  void aShortQthaRunLowersTheHeldOutLoss() {
    try (FineTuneSession s = FineTuneSession.create(TINY, AdapterKind.QTHA, quantum(), TrainerFixtures.dataDir(), 3)) {
      double before = s.heldOutLoss();
      long circuits = 0;
      for (int i = 0; i < SHORT_RUN; i++) circuits += s.step().circuits();
      double after = s.heldOutLoss();
      System.out.printf("held-out loss %.4f -> %.4f, %d circuits%n", before, after, circuits);
      assertTrue(after < before * (1 - MIN_RELATIVE_DROP), "held-out loss " + before + " -> " + after);
      assertTrue(circuits > 0, "the quantum layer was never called");
    }
  }

  @Test
  void resumedSessionTakesTheSameNextStep(@TempDir Path tmp) {
    double expected;
    Path checkpoint;
    try (FineTuneSession s = FineTuneSession.create(TINY, AdapterKind.QTHA, quantum(), TrainerFixtures.dataDir(), 5)) {
      for (int i = 0; i < 3; i++) s.step();
      checkpoint = s.checkpoint(tmp.resolve("ckpt"));
      expected = s.step().loss();
    }
    assertTrue(Files.exists(checkpoint.resolve(FineTuneSession.SESSION_FILE)));
    try (FineTuneSession r = FineTuneSession.resume(checkpoint, quantum())) {
      assertEquals(3, r.stepsDone());
      StepReport next = r.step();
      assertEquals(4, next.step());
      assertEquals(expected, next.loss(), 0.0, "next-step loss after resume");
    }
  }

  @Test
  void stepsRunFromAnyThread() throws Exception {
    // An actor calls from its dispatcher's threads; PyTorch's gradient flag is per thread.
    try (FineTuneSession s = FineTuneSession.create(TINY, AdapterKind.LORA, null, TrainerFixtures.dataDir(), 6)) {
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
      try {
        for (int i = 0; i < 2; i++) {
          StepReport r = pool.submit(s::step).get();
          assertTrue(Double.isFinite(r.loss()), "loss " + r.loss());
        }
        assertTrue(pool.submit(s::evaluate).get() >= 0);
      } finally {
        pool.shutdown();
      }
      assertEquals(2, s.stepsDone());
    }
  }

  @Test
  void baseAloneTrainsNothing() {
    try (FineTuneSession s = FineTuneSession.create(TINY, AdapterKind.NONE, null, TrainerFixtures.dataDir(), 1)) {
      assertEquals(0, s.trainableParameters());
      assertThrows(IllegalStateException.class, s::step);
      double acc = s.evaluate();
      assertTrue(acc >= 0 && acc <= 1, "accuracy " + acc);
    }
  }

  @Test
  void qthaWithoutAQuantumLayerIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FineTuneSession.create(TINY, AdapterKind.QTHA, null, TrainerFixtures.dataDir(), 1));
    assertTrue(e.getMessage().contains("quantum layer"), e.getMessage());
  }
}
