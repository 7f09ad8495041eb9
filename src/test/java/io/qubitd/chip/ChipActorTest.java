package io.qubitd.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.backend.ChipRunResult;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.QubitTruth;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import io.qubitd.device.noise.NoiseOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
class ChipActorTest {

  @JUnit5TestKit
  final ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  static final ChipSpec SPEC = ChipSpec.load("grid2x3");
  static final ChipActor.Settings MANUAL_TIME = new ChipActor.Settings(Duration.ofSeconds(1), 0, Duration.ofSeconds(3));

  private ActorRef<ChipActor.Command> chip(ChipTruth initial, ChipActor.Settings settings, long seed) {
    var dm = new DensityMatrixSimulator();
    var executor = new ChipExecutor(SPEC, CompilerSettings.defaults(), NoiseOptions.all(), dm, dm, 10);
    return testKit.spawn(ChipActor.create(SPEC, initial, settings, seed, executor, ForkJoinPool.commonPool()));
  }

  private ChipTruth truth(ActorRef<ChipActor.Command> chip) {
    TestProbe<ChipActor.TruthReply> probe = testKit.createTestProbe();
    chip.tell(new ChipActor.GetTruth(probe.getRef()));
    return assertInstanceOf(ChipActor.TruthSnapshot.class, probe.receiveMessage()).truth();
  }

  @Test
  void snapshotHoldsEveryQubitAndCouplerAsSampled() {
    ChipTruth initial = SPEC.sampleTruth(7);
    var chip = chip(initial, MANUAL_TIME, 7);
    ChipTruth t = truth(chip);
    assertEquals(SPEC.topology().numQubits(), t.qubits().size());
    assertEquals(SPEC.topology().numCouplers(), t.couplers().size());
    assertEquals(initial, t, "with no time passed the snapshot is the sampled truth");
  }

  @Test
  void theChipsClockStartsWhenItComesUpAndRunsWithEmulatedTime() {
    java.time.Instant before = java.time.Instant.now();
    var chip = chip(SPEC.sampleTruth(7), MANUAL_TIME, 7);
    TestProbe<ChipActor.TruthReply> probe = testKit.createTestProbe();
    chip.tell(new ChipActor.GetTruth(probe.getRef()));
    java.time.Instant upAt = assertInstanceOf(ChipActor.TruthSnapshot.class, probe.receiveMessage()).at();
    assertFalse(upAt.isBefore(before) || upAt.isAfter(java.time.Instant.now()), upAt + " is not the time the chip came up");
    chip.tell(new ChipActor.AdvanceBy(6 * 3600));
    chip.tell(new ChipActor.GetTruth(probe.getRef()));
    assertEquals(upAt.plusSeconds(6 * 3600), assertInstanceOf(ChipActor.TruthSnapshot.class, probe.receiveMessage()).at(),
        "six emulated hours later the clock reads six hours more, however fast they passed");
  }

  @Test
  void timeDrivenByHandMovesTheTruthAndKeepsItPhysical() {
    ChipTruth initial = SPEC.sampleTruth(11);
    var chip = chip(initial, MANUAL_TIME, 11);
    chip.tell(new ChipActor.AdvanceBy(6 * 3600));
    ChipTruth later = truth(chip);
    assertEquals(6 * 3600, later.time(), 1e-9);
    int moved = 0;
    for (QubitTruth q : later.qubits()) {
      if (q.t1() != initial.qubit(q.qubit()).t1()) moved++;
      assertTrue(q.t1() > 0 && q.t2() > 0 && q.t2() <= 2 * q.t1() * (1 + 1e-12), "physical bounds for " + q);
    }
    assertEquals(initial.qubits().size(), moved, "every qubit's T1 drifts over six hours");
  }

  @Test
  void wallClockDrivesEmulatedTimeAtTheConfiguredRate() {
    var fast = new ChipActor.Settings(Duration.ofMillis(20), 1000, Duration.ofSeconds(3));
    var chip = chip(SPEC.sampleTruth(3), fast, 3);
    TestProbe<Double> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(3), () -> {
      chip.tell(new ChipActor.GetTime(probe.getRef()));
      assertTrue(probe.receiveMessage() >= 100, "emulated time advances with ticks");
      return null;
    });
  }

  @Test
  void aRunCompilesSimulatesAndRepliesOnce() {
    var chip = chip(SPEC.sampleTruth(13), MANUAL_TIME, 13);
    TestProbe<ChipActor.RunReply> probe = testKit.createTestProbe();
    Circuit bell = Circuit.builder(2, 2).gate(GateKind.H, 0).gate(Gate.controlled(GateKind.X, 1), 0, 1)
        .measure(0, 0).measure(1, 1).build();
    chip.tell(new ChipActor.Run(bell, 1000, 5, probe.getRef()));
    ChipRunResult r = assertInstanceOf(ChipActor.RunSucceeded.class, probe.receiveMessage(Duration.ofSeconds(20))).result();
    assertEquals(1000, r.counts().values().stream().mapToLong(Long::longValue).sum());
    long correlated = r.counts().getOrDefault("00", 0L) + r.counts().getOrDefault("11", 0L);
    assertTrue(correlated > 800, "a noisy Bell pair is still mostly correlated: " + r.counts());
    assertTrue(correlated < 1000, "but not perfectly, on a noisy chip: " + r.counts());
    probe.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void withCalibrationCircuitsAreCompiledAgainstTheMeasuredSnapshotNotTheTruth() {
    var dm = new DensityMatrixSimulator();
    var executor = new ChipExecutor(SPEC, CompilerSettings.defaults(), NoiseOptions.all(), dm, dm, 10);
    var calibration = new io.qubitd.calibration.CalibrationActor.Settings(Duration.ofHours(1), Duration.ofHours(1), 4, 3,
        io.qubitd.calibration.CalibrationSettings.defaults());
    ChipTruth truth = SPEC.sampleTruth(21);
    var chip = testKit.spawn(ChipActor.create(SPEC, truth, MANUAL_TIME, 21, executor, ForkJoinPool.commonPool(), calibration));
    TestProbe<ChipActor.CalibrationReply> cal = testKit.createTestProbe();
    CalibrationSnapshot measured = cal.awaitAssert(Duration.ofSeconds(60), Duration.ofMillis(200), () -> {
      chip.tell(new ChipActor.GetCalibration(cal.getRef()));
      var s = assertInstanceOf(ChipActor.CurrentCalibration.class, cal.receiveMessage()).snapshot();
      assertTrue(s.version() >= 1, "calibration has published");
      return s;
    });
    assertNotEquals(truth.qubit(0).t1(), measured.qubit(0).t1(), "a measured T1 is not the true one to the last digit");
    assertEquals(truth.qubit(0).t1(), measured.qubit(0).t1(), 0.15 * truth.qubit(0).t1());

    TestProbe<ChipActor.RunReply> probe = testKit.createTestProbe();
    chip.tell(new ChipActor.Run(Circuit.builder(1, 1).gate(GateKind.X, 0).measure(0, 0).build(), 100, 1, probe.getRef()));
    ChipRunResult r = assertInstanceOf(ChipActor.RunSucceeded.class, probe.receiveMessage(Duration.ofSeconds(20))).result();
    assertEquals(measured.version(), r.snapshotVersion());
  }

  @Test
  void aCircuitTooWideForTheChipFailsWithAReason() {
    var chip = chip(SPEC.sampleTruth(13), MANUAL_TIME, 13);
    TestProbe<ChipActor.RunReply> probe = testKit.createTestProbe();
    Circuit wide = Circuit.builder(7, 0).gate(GateKind.H, 6).build();
    chip.tell(new ChipActor.Run(wide, 10, 1, probe.getRef()));
    var failed = assertInstanceOf(ChipActor.RunFailed.class, probe.receiveMessage(Duration.ofSeconds(10)));
    assertTrue(failed.reason().contains("7"), failed.reason());
  }

  @Test
  void aSilentQubitFailsTheQueryOnceWithItsName() {
    ChipTruth initial = SPEC.sampleTruth(5);
    TestProbe<QubitActor.Command> silent = testKit.createTestProbe();
    var drift = new io.qubitd.device.DriftModel(SPEC.drift(), SPEC.durations());
    ActorRef<QubitActor.Command> q0 = testKit.spawn(QubitActor.create(initial.qubit(0), 0, drift, 1));
    TestProbe<ChipActor.TruthReply> reply = testKit.createTestProbe();
    testKit.spawn(TruthQuery.create(List.of(q0, silent.getRef()), List.of(), 0, java.time.Instant.EPOCH, SPEC.durations().twoQubit(), Duration.ofMillis(200), reply.getRef()));
    silent.expectMessageClass(QubitActor.GetTruth.class);
    var failure = assertInstanceOf(ChipActor.TruthUnavailable.class, reply.receiveMessage(Duration.ofSeconds(2)));
    assertTrue(failure.reason().contains("qubit 1"), failure.reason());
    reply.expectNoMessage(Duration.ofMillis(300));
  }

  @Test
  void aQueryStampedLaterBringsAQubitForwardFirst() {
    ChipTruth initial = SPEC.sampleTruth(9);
    var drift = new io.qubitd.device.DriftModel(SPEC.drift(), SPEC.durations());
    var q = testKit.spawn(QubitActor.create(initial.qubit(0), 0, drift, 1));
    TestProbe<QubitActor.QubitState> probe = testKit.createTestProbe();
    q.tell(new QubitActor.GetTruth(3600, probe.getRef()));
    QubitActor.QubitState s = probe.receiveMessage();
    assertEquals(3600, s.time());
    assertNotEquals(initial.qubit(0).t1(), s.truth().t1());
    q.tell(new QubitActor.AdvanceTo(10));
    q.tell(new QubitActor.GetTruth(0, probe.getRef()));
    assertEquals(s, probe.receiveMessage(), "time never moves backwards");
  }
}
