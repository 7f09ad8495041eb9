package io.qubitd.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.chip.ChipActor;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
class CalibrationActorTest {

  @JUnit5TestKit
  final ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  static final ChipSpec SPEC = ChipSpec.load("grid2x3");
  static final ChipActor.Settings MANUAL_TIME = new ChipActor.Settings(Duration.ofSeconds(1), 0, Duration.ofSeconds(3));
  static final Duration HOUR = Duration.ofHours(1);
  /** Generous: a grid2x3 calibration takes about a second, and the machine is shared. */
  static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);
  static final ExecutorService POOL = Executors.newFixedThreadPool(1);

  @AfterAll
  static void stopPool() { POOL.shutdownNow(); }

  private ActorRef<ChipActor.Command> chip(long seed) {
    var dm = new io.qubitd.kernel.density.DensityMatrixSimulator();
    var executor = new io.qubitd.backend.ChipExecutor(SPEC, io.qubitd.compile.CompilerSettings.defaults(),
        io.qubitd.device.noise.NoiseOptions.all(), dm, dm, 10);
    return testKit.spawn(ChipActor.create(SPEC, SPEC.sampleTruth(seed), MANUAL_TIME, seed, executor, POOL));
  }

  /** Smaller experiments than the defaults: these tests are about the actor, accuracy is tested elsewhere. */
  static final CalibrationSettings LIGHT = new CalibrationSettings(4000, 1000, 8, 12, 16, 32, 4, 300, 600,
      List.of(1, 4, 10), 4, 500, 2000, 5e-6, 1e-6, 0.12, 0.01, 0.1, 0.3, 0.25, 0.02);

  private static CalibrationActor.Settings settings(Duration full, Duration quick, int history) {
    return new CalibrationActor.Settings(full, quick, history, 11, LIGHT);
  }

  private ActorRef<CalibrationActor.Command> calibration(ActorRef<ChipActor.Command> chip, CalibrationActor.Settings s,
      TestProbe<CalibrationSnapshot> subscriber) {
    ActorRef<CalibrationActor.Command> actor = testKit.spawn(CalibrationActor.create(SPEC, ChipActor.truthSource(chip), s, POOL));
    actor.tell(new CalibrationActor.Subscribe(subscriber.getRef()));
    return actor;
  }

  private ChipTruth truth(ActorRef<ChipActor.Command> chip) {
    TestProbe<ChipActor.TruthReply> probe = testKit.createTestProbe();
    chip.tell(new ChipActor.GetTruth(probe.getRef()));
    return assertInstanceOf(ChipActor.TruthSnapshot.class, probe.receiveMessage()).truth();
  }

  @Test
  void calibratesAtStartAndAnswersWithTheLatestSnapshot() {
    var chip = chip(3);
    TestProbe<CalibrationSnapshot> sub = testKit.createTestProbe();
    var actor = calibration(chip, settings(HOUR, HOUR, 4), sub);
    CalibrationSnapshot first = sub.receiveMessage(JOB_TIMEOUT);
    assertEquals(1, first.version());
    assertEquals(SPEC.topology().numQubits(), first.qubits().size());
    assertEquals(SPEC.topology().numCouplers(), first.couplers().size());
    ChipTruth truth = truth(chip);
    for (var q : first.qubits()) {
      assertEquals(truth.qubit(q.qubit()).t1(), q.t1(), 0.15 * truth.qubit(q.qubit()).t1(), "T1 of qubit " + q.qubit());
    }
    TestProbe<CalibrationActor.Latest> latest = testKit.createTestProbe();
    actor.tell(new CalibrationActor.GetLatest(latest.getRef()));
    assertEquals(first, latest.receiveMessage().snapshot().orElseThrow());
  }

  @Test
  void beforeTheFirstCalibrationThereIsNoSnapshot() {
    TestProbe<ChipActor.Command> silentChip = testKit.createTestProbe();
    var actor = testKit.spawn(CalibrationActor.create(SPEC, ChipActor.truthSource(silentChip.getRef()), settings(HOUR, HOUR, 4), POOL));
    silentChip.expectMessageClass(ChipActor.GetTruthForCalibration.class);
    TestProbe<CalibrationActor.Latest> latest = testKit.createTestProbe();
    actor.tell(new CalibrationActor.GetLatest(latest.getRef()));
    assertTrue(latest.receiveMessage().snapshot().isEmpty());
  }

  @Test
  void fullCalibrationsRepeatOnScheduleAndHistoryIsBounded() {
    var chip = chip(5);
    TestProbe<CalibrationSnapshot> sub = testKit.createTestProbe();
    var actor = calibration(chip, settings(Duration.ofMillis(200), HOUR, 2), sub);
    List<Long> versions = List.of(sub.receiveMessage(JOB_TIMEOUT).version(), sub.receiveMessage(JOB_TIMEOUT).version(),
        sub.receiveMessage(JOB_TIMEOUT).version());
    assertEquals(List.of(1L, 2L, 3L), versions);
    TestProbe<CalibrationActor.History> history = testKit.createTestProbe();
    actor.tell(new CalibrationActor.GetHistory(history.getRef()));
    List<CalibrationSnapshot> kept = history.receiveMessage().snapshots();
    assertTrue(kept.size() <= 2, "history bounded at 2, holds " + kept.size());
    assertTrue(kept.get(kept.size() - 1).version() >= 3);
    for (int i = 1; i < kept.size(); i++) assertTrue(kept.get(i).version() > kept.get(i - 1).version(), "history oldest first");
  }

  @Test
  void aQuickCheckThatFindsDriftRecalibratesThoseQubits() {
    var chip = chip(9);
    TestProbe<CalibrationSnapshot> sub = testKit.createTestProbe();
    calibration(chip, settings(HOUR, Duration.ofMillis(300), 4), sub);
    CalibrationSnapshot first = sub.receiveMessage(JOB_TIMEOUT);
    // Two days of drift take T1 well away from where it was: a quick check must see it.
    chip.tell(new ChipActor.AdvanceBy(48 * 3600));
    CalibrationSnapshot next = sub.receiveMessage(JOB_TIMEOUT);
    assertEquals(2, next.version());
    ChipTruth now = truth(chip);
    int changed = 0;
    for (var q : next.qubits()) {
      if (q.t1() != first.qubit(q.qubit()).t1()) {
        changed++;
        assertEquals(now.qubit(q.qubit()).t1(), q.t1(), 0.15 * now.qubit(q.qubit()).t1(), "recalibrated T1 of qubit " + q.qubit());
      }
    }
    assertTrue(changed > 0 && changed <= next.qubits().size(), "some qubits recalibrated, " + changed);
    assertEquals(first.couplers(), next.couplers(), "a qubit recalibration leaves couplers as they were");
    assertFalse(next.time().isBefore(first.time().plusSeconds(48 * 3600)));
  }
}
