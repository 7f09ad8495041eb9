package io.qubitd.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qubitd.config.QubitdConfig;
import io.qubitd.daemon.Daemon;
import io.qubitd.trainer.quantum.ChipBatchEvaluator;
import io.qubitd.trainer.quantum.ExactQuantumLayer;
import io.qubitd.trainer.quantum.FamilyLayer;
import io.qubitd.trainer.quantum.LayerAnsatz;
import io.qubitd.trainer.quantum.QuantumSettings;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A tiny QTHA session whose quantum layer runs on a chip (grid2x3, exact expectations of the noisy
 * circuits) trains, and its teacher-forced test loss goes through the same family path as training:
 * bindings on the chip, close to the loss of the same session run exactly.
 */
class ChipSessionTest {
  private static final TrainerSettings TINY = TrainerSettings.tiny().withSteps(3);

  @Test
  void chipSessionHasATestLossFromTheChipNearTheExactOne() throws Exception {
    QubitdConfig config = new QubitdConfig(ConfigFactory.parseString("""
        qubitd.chips = [grid2x3]
        qubitd.calibration.enabled = false
        qubitd.chip.tick-interval = 1h
        """).withFallback(QubitdConfig.loadRoot()).resolve());
    Daemon.Running daemon = Daemon.start(config, Files.createTempDirectory("qubitd-chip-session"));
    try {
      LayerAnsatz ansatz = new LayerAnsatz(TINY.rank(), TINY.quantumLayers());
      QuantumSettings chipSettings = QuantumSettings.fromConfig(config.root().getConfig("qubitd.trainer.quantum"))
          .withBackend("grid2x3").withShots(0);
      double exactLoss;
      try (FineTuneSession s = FineTuneSession.create(TINY, AdapterKind.QTHA, new ExactQuantumLayer(ansatz),
          TrainerFixtures.dataDir(), 1)) {
        for (int i = 0; i < TINY.steps(); i++) s.step();
        exactLoss = s.heldOutLoss();
      }
      FamilyLayer chip = new FamilyLayer(ansatz, new ChipBatchEvaluator(daemon.system(), daemon.gateway(), chipSettings, ansatz),
          FamilyLayer.Gradient.CHIP_FORWARD, 1);
      try (FineTuneSession s = FineTuneSession.create(TINY, AdapterKind.QTHA, chip, TrainerFixtures.dataDir(), 1)) {
        for (int i = 0; i < TINY.steps(); i++) s.step();
        long trained = chip.circuitsEvaluated();
        double chipLoss = s.heldOutLoss();
        long forTest = chip.circuitsEvaluated() - trained;
        assertTrue(forTest > 0, "the test loss sends the test split's rows to the chip");
        assertTrue(Double.isFinite(chipLoss) && chipLoss > 0, "chip test loss " + chipLoss);
        // after 3 steps the adapter is small, so the chip's noise moves the loss little; a wrong or
        // unscaled chip answer moves it by far more than this
        assertEquals(exactLoss, chipLoss, 0.05, "chip test loss against the exact session's");
      }
    } finally {
      daemon.system().terminate();
      daemon.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }
}
