package io.qubitd.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.trainer.quantum.QuantumLayers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The manager's sessions outlive it: a running one resumes from its checkpoint in a new manager, a stopped one does not. */
@ExtendWith(TestKitJUnit5Extension.class)
class TrainerManagerTest {

  @JUnit5TestKit
  final ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  @TempDir
  Path data;

  static final Duration WAIT = Duration.ofSeconds(120);
  static final int STEPS = 6;
  static final Config TRAINER = ConfigFactory.parseString("session.checkpoint-every = 2")
      .withFallback(ConfigFactory.defaultReference().getConfig("qubitd.trainer"));

  ActorRef<TrainerManager.Command> manager() {
    // exact mode never reaches the gateway
    ActorRef<GatewayProtocol.Command> gateway = testKit.<GatewayProtocol.Command>createTestProbe().ref();
    return testKit.spawn(TrainerManager.create(TRAINER, data, gateway));
  }

  static TrainerManager.Request request(String id) {
    return new TrainerManager.Request(id, AdapterKind.QTHA, QuantumLayers.Mode.EXACT, STEPS, 3, true);
  }

  TrainerManager.SessionStatus status(ActorRef<TrainerManager.Command> m, String id) {
    TestProbe<TrainerManager.Reply> p = testKit.createTestProbe();
    m.tell(new TrainerManager.GetSession(id, p.ref()));
    return assertInstanceOf(TrainerManager.Session.class, p.receiveMessage()).status();
  }

  static <T extends TrainerEvent> T next(TestProbe<TrainerEvent> p, Class<T> type) {
    while (true) {
      TrainerEvent e = p.expectMessageClass(TrainerEvent.class, WAIT);
      if (e instanceof TrainerEvent.Failed f) throw new AssertionError("session failed: " + f.message());
      if (type.isInstance(e)) return type.cast(e);
    }
  }

  @Test
  void aRunningSessionResumesFromItsCheckpointInTheNextManager() throws Exception {
    ActorRef<TrainerManager.Command> first = manager();
    TestProbe<TrainerManager.Reply> replies = testKit.createTestProbe();
    TestProbe<TrainerEvent> events = testKit.createTestProbe();
    first.tell(new TrainerManager.StartSession(request("r1"), replies.ref()));
    first.tell(new TrainerManager.Subscribe("r1", events.ref()));
    var started = assertInstanceOf(TrainerManager.Session.class, replies.receiveMessage()).status();
    assertEquals(TrainerStatus.State.OPENING, started.state());
    assertEquals(STEPS, started.totalSteps());

    TestProbe<TrainerManager.Reply> again = testKit.createTestProbe();
    first.tell(new TrainerManager.StartSession(request("r1"), again.ref()));
    assertEquals(409, assertInstanceOf(TrainerManager.Rejected.class, again.receiveMessage()).status());

    TrainerEvent.Checkpointed cp = next(events, TrainerEvent.Checkpointed.class);
    assertEquals(2, cp.step());
    testKit.stop(first, WAIT);
    // the stopped trainer's step in flight may still finish its checkpoint on the session dispatcher
    Thread.sleep(1000);

    ActorRef<TrainerManager.Command> second = manager();
    TestProbe<TrainerEvent> resumed = testKit.createTestProbe();
    second.tell(new TrainerManager.Subscribe("r1", resumed.ref()));
    TrainerEvent.Started s = next(resumed, TrainerEvent.Started.class);
    assertTrue(s.step() >= 2 && s.step() % 2 == 0 && s.step() < STEPS, "resumed from a checkpoint, at step " + s.step());
    TrainerEvent.Progress p = next(resumed, TrainerEvent.Progress.class);
    assertEquals(s.step() + 1, p.step(), "continues after the checkpointed step");
    TrainerEvent.Finished f = next(resumed, TrainerEvent.Finished.class);
    assertEquals(STEPS, f.step());

    TrainerManager.SessionStatus done = status(second, "r1");
    assertEquals(TrainerStatus.State.FINISHED, done.state());
    assertEquals(f.accuracy(), done.accuracy());
    assertTrue(done.accuracy() >= 0 && done.accuracy() <= 1);
    assertTrue(Files.exists(data.resolve("trainer").resolve("r1").resolve(TrainerManager.RECORD)));
  }

  @Test
  void aShotsModeSessionReportsItsDedupRateButNoChipFigures() {
    ActorRef<TrainerManager.Command> m = manager();
    TestProbe<TrainerManager.Reply> replies = testKit.createTestProbe();
    TestProbe<TrainerEvent> events = testKit.createTestProbe();
    m.tell(new TrainerManager.StartSession(
        new TrainerManager.Request("shots1", AdapterKind.QTHA, QuantumLayers.Mode.SHOTS, 2, 3, true), replies.ref()));
    m.tell(new TrainerManager.Subscribe("shots1", events.ref()));
    replies.receiveMessage();
    TrainerEvent.Progress p = next(events, TrainerEvent.Progress.class);
    assertTrue(p.circuits() > 0, "the step sampled no circuits");
    assertTrue(p.chip() != null, "a shots-mode step reports the family path's figures");
    assertEquals(null, p.chip().chipSeconds(), "no chip, so no chip seconds");
    assertEquals(null, p.chip().packingUtilisation(), "no chip, so nothing packed");
    assertTrue(p.chip().dedupHitRate() >= 0 && p.chip().dedupHitRate() < 1, "hit rate " + p.chip().dedupHitRate());
    var wire = io.qubitd.api.WireFormat.trainingEvent(p);
    assertEquals(null, wire.get("chip_seconds"));
    assertEquals(null, wire.get("packing_utilisation"));
    assertEquals(p.chip().dedupHitRate(), wire.get("dedup_hit_rate").asDouble());
    assertTrue(wire.get("circuits_per_second").asDouble() > 0);
    next(events, TrainerEvent.Finished.class);
  }

  @Test
  void aStoppedSessionStaysStoppedAcrossManagersAndContinuesWhenStartedAgain() {
    ActorRef<TrainerManager.Command> first = manager();
    TestProbe<TrainerManager.Reply> replies = testKit.createTestProbe();
    TestProbe<TrainerEvent> events = testKit.createTestProbe();
    first.tell(new TrainerManager.StartSession(request("s1"), replies.ref()));
    first.tell(new TrainerManager.Subscribe("s1", events.ref()));
    replies.receiveMessage();
    next(events, TrainerEvent.Progress.class);
    first.tell(new TrainerManager.StopSession("s1", replies.ref()));
    replies.receiveMessage();
    TrainerEvent.Stopped stopped = next(events, TrainerEvent.Stopped.class);
    testKit.stop(first, WAIT);

    ActorRef<TrainerManager.Command> second = manager();
    TrainerManager.SessionStatus after = status(second, "s1");
    assertEquals(TrainerStatus.State.STOPPED, after.state());
    assertEquals(stopped.step(), after.step());
    TestProbe<TrainerEvent> late = testKit.createTestProbe();
    second.tell(new TrainerManager.Subscribe("s1", late.ref()));
    assertEquals(stopped, late.receiveMessage(), "a session already over sends its final event at once");

    TestProbe<TrainerManager.SessionList> list = testKit.createTestProbe();
    second.tell(new TrainerManager.ListSessions(list.ref()));
    assertEquals(1, list.receiveMessage().sessions().size());

    TestProbe<TrainerEvent> continued = testKit.createTestProbe();
    second.tell(new TrainerManager.StartSession(request("s1"), replies.ref()));
    second.tell(new TrainerManager.Subscribe("s1", continued.ref()));
    replies.receiveMessage();
    assertEquals(stopped.step(), next(continued, TrainerEvent.Started.class).step(), "continues from the stop");
    assertEquals(STEPS, next(continued, TrainerEvent.Finished.class).step());
  }
}
