package io.qubitd.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.config.QubitdConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** TrainerActor over a fake session: event order, checkpoints, restart from the latest one, pause, stop, failure. */
@ExtendWith(TestKitJUnit5Extension.class)
class TrainerActorTest {

  @JUnit5TestKit
  final ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  @TempDir
  Path data;

  static final Duration WAIT = Duration.ofSeconds(10);
  static final int CIRCUITS_PER_STEP = 7;

  /** A session whose step n has loss 1/n; it checkpoints its step count in a file; step {@code failAt} throws. */
  static final class FakeSession implements TrainerSession {
    final List<String> threads;
    final long stepMillis;
    final int failAt;
    final Semaphore gate;
    final CountDownLatch closing = new CountDownLatch(1);
    int steps;
    volatile boolean closed;

    FakeSession(int steps, long stepMillis, int failAt, List<String> threads, Semaphore gate) {
      this.steps = steps;
      this.stepMillis = stepMillis;
      this.failAt = failAt;
      this.threads = threads;
      this.gate = gate;
    }

    record Report(int step, double loss, long circuits, double quantumSeconds, double wallSeconds) implements StepResult {}

    @Override
    public StepResult step() {
      threads.add(Thread.currentThread().getName());
      if (steps + 1 == failAt) throw new IllegalStateException("the chip went away");
      try {
        gate.acquire();
        Thread.sleep(stepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      steps++;
      return new Report(steps, 1.0 / steps, CIRCUITS_PER_STEP, 0.5, 0.6);
    }

    @Override public int stepsDone() { return steps; }

    @Override public double evaluate() { return 0.75; }

    @Override public long trainableParameters() { return 1234; }

    @Override
    public Path checkpoint(Path dir) {
      try {
        return Files.writeString(dir.resolve("state"), Integer.toString(steps));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      closed = true;
      closing.countDown();
    }
  }

  final class Sessions implements TrainerSession.Factory {
    final List<String> threads = new CopyOnWriteArrayList<>();
    final List<Path> resumedFrom = new CopyOnWriteArrayList<>();
    final List<FakeSession> opened = new CopyOnWriteArrayList<>();
    final long stepMillis;
    final int failAt;
    /** One permit per step the sessions may take; unlimited unless a test holds steps back. */
    final Semaphore gate;

    Sessions(long stepMillis, int failAt) {
      this(stepMillis, failAt, new Semaphore(Integer.MAX_VALUE));
    }

    Sessions(long stepMillis, int failAt, Semaphore gate) {
      this.stepMillis = stepMillis;
      this.failAt = failAt;
      this.gate = gate;
    }

    @Override
    public TrainerSession create() {
      FakeSession s = new FakeSession(0, stepMillis, failAt, threads, gate);
      opened.add(s);
      return s;
    }

    @Override
    public TrainerSession resume(Path checkpoint) {
      resumedFrom.add(checkpoint);
      try {
        FakeSession s = new FakeSession(Integer.parseInt(Files.readString(checkpoint)), stepMillis, failAt, threads, gate);
        opened.add(s);
        return s;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  TrainerActor.Settings settings(int total, int every) {
    return new TrainerActor.Settings("s1", total, every, data.resolve("trainer").resolve("s1"), "qubitd.trainer.session.dispatcher");
  }

  ActorRef<TrainerActor.Command> spawn(TrainerActor.Settings s, Sessions sessions, TestProbe<TrainerEvent> events) {
    ActorRef<TrainerActor.Command> a = testKit.spawn(TrainerActor.create(s, sessions));
    a.tell(new TrainerActor.Subscribe(events.ref()));
    return a;
  }

  <T extends TrainerEvent> T expect(TestProbe<TrainerEvent> p, Class<T> type, int step) {
    TrainerEvent e = p.expectMessageClass(TrainerEvent.class, WAIT);
    assertInstanceOf(type, e, "expected " + type.getSimpleName() + " at step " + step + ", got " + e);
    assertEquals(step, e.step(), e.toString());
    assertEquals("s1", e.sessionId());
    return type.cast(e);
  }

  @Test
  void eventsArriveInOrderWithCheckpointsEveryNStepsAndTheEvaluationAtTheEnd() {
    Sessions sessions = new Sessions(1, 0);
    TestProbe<TrainerEvent> events = testKit.createTestProbe();
    ActorRef<TrainerActor.Command> actor = spawn(settings(5, 2), sessions, events);
    actor.tell(TrainerActor.Start.INSTANCE);
    assertEquals(1234, expect(events, TrainerEvent.Started.class, 0).trainableParameters());
    for (int step = 1; step <= 5; step++) {
      TrainerEvent.Progress p = expect(events, TrainerEvent.Progress.class, step);
      assertEquals(1.0 / step, p.loss());
      assertEquals(CIRCUITS_PER_STEP, p.circuits());
      if (step % 2 == 0) expect(events, TrainerEvent.Checkpointed.class, step);
    }
    expect(events, TrainerEvent.Checkpointed.class, 5);
    assertEquals(0.75, expect(events, TrainerEvent.Finished.class, 5).accuracy());
    events.expectTerminated(actor, WAIT);
    assertTrue(sessions.opened.get(0).closed);
    assertEquals(5, sessions.threads.size());
    assertTrue(sessions.threads.stream().allMatch(t -> t.contains("qubitd.trainer.session.dispatcher")),
        "steps must run on the session dispatcher: " + sessions.threads);
  }

  @Test
  void aNewActorWithTheSameSessionIdResumesFromTheLatestCheckpoint() throws Exception {
    // five steps may run; step 6, a checkpoint step, waits in the session until the actor is gone
    Sessions first = new Sessions(5, 0, new Semaphore(5));
    TestProbe<TrainerEvent> events = testKit.createTestProbe();
    ActorRef<TrainerActor.Command> actor = spawn(settings(8, 3), first, events);
    actor.tell(TrainerActor.Start.INSTANCE);
    expect(events, TrainerEvent.Started.class, 0);
    for (int step = 1; step <= 3; step++) expect(events, TrainerEvent.Progress.class, step);
    String checkpoint = expect(events, TrainerEvent.Checkpointed.class, 3).path();
    for (int step = 4; step <= 5; step++) expect(events, TrainerEvent.Progress.class, step);
    // a crash: the actor dies without a last checkpoint, having run on past step 3, with step 6 in flight
    testKit.stop(actor, WAIT);
    first.gate.release();
    FakeSession orphan = first.opened.get(0);
    assertTrue(orphan.closing.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the step in flight at the stop closes the session");
    assertFalse(Files.exists(data.resolve("trainer/s1/step-6")), "a stopped actor's step in flight must not checkpoint");
    assertEquals("3", Files.readString(Path.of(checkpoint)));
    assertEquals(Path.of("step-3", "state").toString(), Files.readString(data.resolve("trainer/s1/latest")),
        "the pointer is relative, so the data directory can move");

    Sessions second = new Sessions(1, 0);
    TestProbe<TrainerEvent> again = testKit.createTestProbe();
    ActorRef<TrainerActor.Command> restarted = spawn(settings(8, 3), second, again);
    restarted.tell(TrainerActor.Start.INSTANCE);
    expect(again, TrainerEvent.Started.class, 3);
    assertEquals(List.of(Path.of(checkpoint)), second.resumedFrom);
    for (int step = 4; step <= 8; step++) {
      expect(again, TrainerEvent.Progress.class, step);
      if (step == 6) expect(again, TrainerEvent.Checkpointed.class, 6);
    }
    expect(again, TrainerEvent.Checkpointed.class, 8);
    expect(again, TrainerEvent.Finished.class, 8);
  }

  @Test
  void stopCheckpointsTheStepReachedThenStopsAndARestartContinuesFromIt() throws IOException {
    Sessions sessions = new Sessions(20, 0);
    TestProbe<TrainerEvent> events = testKit.createTestProbe();
    ActorRef<TrainerActor.Command> actor = spawn(settings(1000, 500), sessions, events);
    actor.tell(TrainerActor.Start.INSTANCE);
    expect(events, TrainerEvent.Started.class, 0);
    expect(events, TrainerEvent.Progress.class, 1);
    actor.tell(TrainerActor.Stop.INSTANCE);
    int step = 1;
    TrainerEvent e = events.expectMessageClass(TrainerEvent.class, WAIT);
    while (e instanceof TrainerEvent.Progress p) {
      step = p.step();
      e = events.expectMessageClass(TrainerEvent.class, WAIT);
    }
    assertInstanceOf(TrainerEvent.Checkpointed.class, e, e.toString());
    assertEquals(step, e.step());
    TrainerEvent.Stopped stopped = expect(events, TrainerEvent.Stopped.class, step);
    events.expectTerminated(actor, WAIT);
    assertTrue(step <= 2, "at most the step in flight finishes after Stop, got to " + step);
    assertEquals(Integer.toString(step), Files.readString(Path.of(stopped.checkpoint())));
    assertTrue(sessions.opened.get(0).closed);

    TestProbe<TrainerEvent> again = testKit.createTestProbe();
    spawn(settings(1000, 500), new Sessions(20, 0), again).tell(TrainerActor.Start.INSTANCE);
    expect(again, TrainerEvent.Started.class, step);
    expect(again, TrainerEvent.Progress.class, step + 1);
  }

  @Test
  void pauseHoldsTheStepCountUntilResume() {
    Sessions sessions = new Sessions(20, 0);
    TestProbe<TrainerEvent> events = testKit.createTestProbe();
    TestProbe<TrainerStatus> status = testKit.createTestProbe();
    ActorRef<TrainerActor.Command> actor = spawn(settings(1000, 500), sessions, events);
    actor.tell(TrainerActor.Start.INSTANCE);
    expect(events, TrainerEvent.Started.class, 0);
    expect(events, TrainerEvent.Progress.class, 1);
    actor.tell(TrainerActor.Pause.INSTANCE);
    TrainerEvent e = events.expectMessageClass(TrainerEvent.class, WAIT);
    int step = 1;
    if (e instanceof TrainerEvent.Progress p) {
      step = p.step();
      e = events.expectMessageClass(TrainerEvent.class, WAIT);
    }
    assertInstanceOf(TrainerEvent.Paused.class, e, e.toString());
    assertEquals(step, e.step());
    events.expectNoMessage(Duration.ofMillis(200));
    actor.tell(new TrainerActor.GetStatus(status.ref()));
    TrainerStatus s = status.expectMessageClass(TrainerStatus.class, WAIT);
    assertEquals(TrainerStatus.State.PAUSED, s.state());
    assertEquals(step, s.stepsDone());
    assertEquals(step * (long) CIRCUITS_PER_STEP, s.circuits());
    assertEquals(1.0 / step, s.lastLoss());
    assertNull(s.lastCheckpoint());
    actor.tell(TrainerActor.Resume.INSTANCE);
    expect(events, TrainerEvent.Resumed.class, step);
    expect(events, TrainerEvent.Progress.class, step + 1);
  }

  @Test
  void aFailingStepIsReportedAndTheStatusSaysFailed() {
    Sessions sessions = new Sessions(1, 3);
    TestProbe<TrainerEvent> events = testKit.createTestProbe();
    TestProbe<TrainerStatus> status = testKit.createTestProbe();
    ActorRef<TrainerActor.Command> actor = spawn(settings(10, 100), sessions, events);
    actor.tell(TrainerActor.Start.INSTANCE);
    expect(events, TrainerEvent.Started.class, 0);
    expect(events, TrainerEvent.Progress.class, 1);
    expect(events, TrainerEvent.Progress.class, 2);
    TrainerEvent.Failed f = expect(events, TrainerEvent.Failed.class, 2);
    assertTrue(f.message().contains("step 3") && f.message().contains("the chip went away"), f.message());
    actor.tell(new TrainerActor.GetStatus(status.ref()));
    assertEquals(TrainerStatus.State.FAILED, status.expectMessageClass(TrainerStatus.class, WAIT).state());
    actor.tell(TrainerActor.Stop.INSTANCE);
    events.expectTerminated(actor, WAIT);
  }

  @Test
  void settingsRefuseASessionIdThatIsNotADirectoryName() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new TrainerActor.Settings("../x", 1, 1, data, "d"));
    assertTrue(e.getMessage().contains("../x"), e.getMessage());
    assertNotNull(TrainerActor.Settings.fromConfig(
        QubitdConfig.loadRoot().getConfig("qubitd.trainer.session"), data, "ok-1", 3).directory());
  }
}
