package io.qubitd.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.trainer.quantum.ExactQuantumLayer;
import io.qubitd.trainer.quantum.LayerAnsatz;
import io.qubitd.trainer.quantum.QuantumLayer;
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

/** A real QTHA fine-tuning session survives a restart of its trainer: the new actor continues from the checkpoint. */
@ExtendWith(TestKitJUnit5Extension.class)
class TrainerRestartTest {

  @JUnit5TestKit
  final ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  @TempDir
  Path sessions;

  static final Duration WAIT = Duration.ofSeconds(120);
  static final TrainerSettings TINY = TrainerSettings.tiny();

  TrainerSession.Factory factory(QuantumLayer q) {
    return new TrainerSession.Factory() {
      @Override public TrainerSession create() {
        return FineTuneSession.create(TINY, AdapterKind.QTHA, q, TrainerFixtures.dataDir(), 3);
      }
      @Override public TrainerSession resume(Path checkpoint) { return FineTuneSession.resume(checkpoint, q); }
    };
  }

  <T extends TrainerEvent> T next(TestProbe<TrainerEvent> p, Class<T> type) {
    while (true) {
      TrainerEvent e = p.expectMessageClass(TrainerEvent.class, WAIT);
      if (type.isInstance(e)) return type.cast(e);
      if (e instanceof TrainerEvent.Failed f) throw new AssertionError("the session failed: " + f);
    }
  }

  @Test
  void aStoppedSessionResumesInANewTrainerFromItsCheckpoint() {
    QuantumLayer q = new ExactQuantumLayer(new LayerAnsatz(TINY.rank(), TINY.quantumLayers()));
    var settings = new TrainerActor.Settings("restart", 8, 2, sessions.resolve("restart"), "qubitd.trainer.session.dispatcher");

    TestProbe<TrainerEvent> first = testKit.createTestProbe();
    ActorRef<TrainerActor.Command> a = testKit.spawn(TrainerActor.create(settings, factory(q)));
    a.tell(new TrainerActor.Subscribe(first.ref()));
    a.tell(TrainerActor.Start.INSTANCE);
    TrainerEvent.Progress p = next(first, TrainerEvent.Progress.class);
    assertEquals(1, p.step());
    assertTrue(p.circuits() > 0, "a QTHA step evaluates circuits");
    a.tell(TrainerActor.Stop.INSTANCE);
    TrainerEvent.Stopped stopped = next(first, TrainerEvent.Stopped.class);
    assertTrue(stopped.step() >= 1 && stopped.step() < 8, "stopped mid-session at step " + stopped.step());
    first.expectTerminated(a, WAIT);

    TestProbe<TrainerEvent> second = testKit.createTestProbe();
    ActorRef<TrainerActor.Command> b = testKit.spawn(TrainerActor.create(settings, factory(q)));
    b.tell(new TrainerActor.Subscribe(second.ref()));
    b.tell(TrainerActor.Start.INSTANCE);
    TrainerEvent.Progress resumed = next(second, TrainerEvent.Progress.class);
    assertEquals(stopped.step() + 1, resumed.step(), "the new trainer continues after the checkpointed step");
    TrainerEvent.Finished finished = assertInstanceOf(TrainerEvent.Finished.class, next(second, TrainerEvent.Finished.class));
    assertEquals(8, finished.step());
    assertTrue(finished.accuracy() >= 0 && finished.accuracy() <= 1);
  }
}
