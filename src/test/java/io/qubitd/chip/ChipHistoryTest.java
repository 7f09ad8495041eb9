package io.qubitd.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qubitd.backend.ChipExecutor;
import io.qubitd.calibration.CalibrationActor;
import io.qubitd.calibration.CalibrationSettings;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import io.qubitd.device.noise.NoiseOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The chip keeps what was published beside the truth of that moment, for the console's drift view. */
@ExtendWith(TestKitJUnit5Extension.class)
class ChipHistoryTest {

  @JUnit5TestKit
  final ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  static final ChipSpec SPEC = ChipSpec.load("grid2x3");
  static final Duration HOUR = Duration.ofHours(1);

  private ActorRef<ChipActor.Command> chip(ChipTruth initial, int historySize) {
    var dm = new DensityMatrixSimulator();
    var executor = new ChipExecutor(SPEC, CompilerSettings.defaults(), NoiseOptions.all(), dm, dm, 10);
    var calibration = new CalibrationActor.Settings(HOUR, HOUR, historySize, 1,
        CalibrationSettings.fromConfig(ConfigFactory.defaultReference().getConfig("qubitd.calibration.experiments")));
    return testKit.spawn(ChipActor.create(SPEC, initial, ChipActorTest.MANUAL_TIME, 3, executor, ForkJoinPool.commonPool(), calibration));
  }

  /** The snapshot calibration would publish if it measured the truth perfectly, under a version of our choosing. */
  private static CalibrationSnapshot published(ChipTruth truth, long version) {
    return truth.asSnapshot(SPEC.name(), version, Instant.EPOCH);
  }

  private List<ChipActor.Published> historyHolding(ActorRef<ChipActor.Command> chip, long version) {
    TestProbe<ChipActor.History> probe = testKit.createTestProbe();
    return probe.awaitAssert(Duration.ofSeconds(5), () -> {
      chip.tell(new ChipActor.GetHistory(probe.getRef()));
      List<ChipActor.Published> entries = probe.receiveMessage().entries();
      assertTrue(entries.stream().anyMatch(e -> e.snapshot().version() == version), "v" + version + " in " + entries);
      return entries;
    });
  }

  @Test
  void aPublishedSnapshotIsKeptBesideTheTruthWhenItArrived() {
    ChipTruth initial = SPEC.sampleTruth(21);
    var chip = chip(initial, 4);
    CalibrationSnapshot s = published(initial, 100);
    chip.tell(new ChipActor.PublishCalibration(s));
    ChipActor.Published entry = historyHolding(chip, 100).stream().filter(e -> e.snapshot().version() == 100).findFirst().orElseThrow();
    assertEquals(s, entry.snapshot());
    assertEquals(initial, entry.truth(), "emulated time stands still here, so the truth then is the sampled one");
  }

  @Test
  void historyIsBoundedAndOrderedByVersion() {
    ChipTruth initial = SPEC.sampleTruth(22);
    var chip = chip(initial, 2);
    for (long v = 100; v <= 103; v++) {
      chip.tell(new ChipActor.PublishCalibration(published(initial, v)));
      historyHolding(chip, v);
    }
    List<ChipActor.Published> kept = historyHolding(chip, 103);
    assertEquals(2, kept.size(), "history-size 2");
    assertEquals(List.of(102L, 103L), kept.stream().map(e -> e.snapshot().version()).toList());
  }
}
