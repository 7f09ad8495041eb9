package io.qubitd.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.chip.ChipActor;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway's questions for the console: a chip's truth and its calibration history, with probes as the chip. */
@ExtendWith(TestKitJUnit5Extension.class)
class GatewayInspectionTest {

  @JUnit5TestKit
  final ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  static final ChipTruth TRUTH = ChipSpec.load("grid2x3").sampleTruth(4);

  TestProbe<ChipActor.Command> chip;
  ActorRef<GatewayProtocol.Command> gateway;

  @BeforeEach
  void start() {
    chip = testKit.createTestProbe();
    TestProbe<Scheduler.Command> scheduler = testKit.createTestProbe();
    gateway = testKit.spawn(Gateway.create(List.of(new Gateway.Backend("ideal", scheduler.getRef(), null),
        new Gateway.Backend("grid2x3", scheduler.getRef(), chip.getRef())), Duration.ofMillis(300)));
  }

  @Test
  void truthComesFromTheChip() {
    TestProbe<GatewayProtocol.TruthReply> reply = testKit.createTestProbe();
    gateway.tell(new GatewayProtocol.GetTruth("grid2x3", reply.getRef()));
    chip.expectMessageClass(ChipActor.GetTruth.class).replyTo().tell(new ChipActor.TruthSnapshot(TRUTH, java.time.Instant.EPOCH));
    var truth = assertInstanceOf(GatewayProtocol.Truth.class, reply.receiveMessage());
    assertEquals("grid2x3", truth.backend());
    assertEquals(TRUTH, truth.truth());
  }

  @Test
  void historyComesFromTheChip() {
    var entries = List.of(new ChipActor.Published(TRUTH.asSnapshot("grid2x3", 1, Instant.EPOCH), TRUTH));
    TestProbe<GatewayProtocol.HistoryReply> reply = testKit.createTestProbe();
    gateway.tell(new GatewayProtocol.GetCalibrationHistory("grid2x3", reply.getRef()));
    chip.expectMessageClass(ChipActor.GetHistory.class).replyTo().tell(new ChipActor.History(entries));
    assertEquals(entries, assertInstanceOf(GatewayProtocol.CalibrationHistory.class, reply.receiveMessage()).entries());
  }

  @Test
  void theSimulatorAndUnknownNamesAre404AndASilentChip503() {
    TestProbe<GatewayProtocol.TruthReply> reply = testKit.createTestProbe();
    gateway.tell(new GatewayProtocol.GetTruth("ideal", reply.getRef()));
    var simulator = assertInstanceOf(GatewayProtocol.TruthRejected.class, reply.receiveMessage()).rejection();
    assertEquals(404, simulator.status());
    assertTrue(simulator.message().contains("noiseless simulator"), simulator.message());

    TestProbe<GatewayProtocol.HistoryReply> history = testKit.createTestProbe();
    gateway.tell(new GatewayProtocol.GetCalibrationHistory("nosuch", history.getRef()));
    var unknown = assertInstanceOf(GatewayProtocol.HistoryRejected.class, history.receiveMessage()).rejection();
    assertEquals(404, unknown.status());
    assertTrue(unknown.message().contains("'nosuch'"), unknown.message());

    gateway.tell(new GatewayProtocol.GetTruth("grid2x3", reply.getRef()));
    chip.expectMessageClass(ChipActor.GetTruth.class);
    assertEquals(503, assertInstanceOf(GatewayProtocol.TruthRejected.class, reply.receiveMessage()).rejection().status());
  }
}
