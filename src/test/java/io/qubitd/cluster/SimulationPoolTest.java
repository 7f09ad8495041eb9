package io.qubitd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool's pull protocol against probe workers: one region per worker, hand-on, first answer wins. */
class SimulationPoolTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration QUIET = Duration.ofMillis(300);
  private static final Duration NO_TIMEOUT = Duration.ofMinutes(1);

  private ActorTestKit kit;

  @BeforeEach
  void start() { kit = ActorTestKit.create(); }

  @AfterEach
  void stop() { kit.shutdownTestKit(); }

  private TestProbe<SimulationWorker.Command> worker() {
    TestProbe<SimulationWorker.Command> w = kit.createTestProbe();
    TestProbe<Receptionist.Registered> ack = kit.createTestProbe();
    kit.system().receptionist().tell(Receptionist.register(SimulationWorker.KEY, w.getRef(), ack.getRef()));
    ack.receiveMessage(WAIT);
    return w;
  }

  private static SimulationPool.Simulate region(String id, ActorRef<RegionJob.Reply> replyTo) {
    RegionJob job = new RegionJob("grid2x3", "", "", List.of(), List.of(), List.of(), 0, 0, 0, null, 100, 7L, 1L, replyTo);
    return new SimulationPool.Simulate(id, job, NO_TIMEOUT);
  }

  private static SimulationWorker.Assign assigned(TestProbe<SimulationWorker.Command> w) {
    return (SimulationWorker.Assign) w.receiveMessage(WAIT);
  }

  @Test
  void aWorkerHoldsOneRegionAtATimeAndGetsTheNextWhenItAnswers() {
    TestProbe<SimulationWorker.Command> w = worker();
    TestProbe<RegionJob.Reply> replies = kit.createTestProbe();
    ActorRef<SimulationPool.Command> pool = kit.spawn(SimulationPool.create(NO_TIMEOUT));
    pool.tell(region("r1", replies.getRef()));
    pool.tell(region("r2", replies.getRef()));
    SimulationWorker.Assign first = assigned(w);
    assertEquals("r1", first.id());
    w.expectNoMessage(QUIET);
    pool.tell(new SimulationPool.Result("r1", w.getRef(), new RegionJob.Failed("one")));
    assertEquals(new RegionJob.Failed("one"), replies.receiveMessage(WAIT));
    assertEquals("r2", assigned(w).id());
  }

  @Test
  void aCancelledRegionStopsItsWorkerAndAQueuedOneIsNeverHandedOut() {
    TestProbe<SimulationWorker.Command> w = worker();
    TestProbe<RegionJob.Reply> replies = kit.createTestProbe();
    ActorRef<SimulationPool.Command> pool = kit.spawn(SimulationPool.create(NO_TIMEOUT));
    pool.tell(region("r1", replies.getRef()));
    pool.tell(region("r2", replies.getRef()));
    pool.tell(region("r3", replies.getRef()));
    assertEquals("r1", assigned(w).id());
    pool.tell(new SimulationPool.Cancel("r2"));
    pool.tell(new SimulationPool.Cancel("r1"));
    assertEquals(new SimulationWorker.Stop("r1"), w.receiveMessage(WAIT));
    // the stopped worker answers r1 (failed); nobody is told, and the next region is r3, not the cancelled r2
    pool.tell(new SimulationPool.Result("r1", w.getRef(), new RegionJob.Failed("the simulation was interrupted")));
    assertEquals("r3", assigned(w).id());
    replies.expectNoMessage(QUIET);
  }

  @Test
  void theRegionOfAWorkerThatDiesGoesToAnotherWorker() {
    TestProbe<SimulationWorker.Command> a = worker();
    TestProbe<RegionJob.Reply> replies = kit.createTestProbe();
    ActorRef<SimulationPool.Command> pool = kit.spawn(SimulationPool.create(NO_TIMEOUT));
    pool.tell(region("r1", replies.getRef()));
    assertEquals("r1", assigned(a).id());
    TestProbe<SimulationWorker.Command> b = worker();
    b.expectNoMessage(QUIET);
    a.stop();
    assertEquals("r1", assigned(b).id());
    pool.tell(new SimulationPool.Result("r1", b.getRef(), new RegionJob.Failed("from b")));
    assertEquals(new RegionJob.Failed("from b"), replies.receiveMessage(WAIT));
  }

  @Test
  void aLateRegionGoesToAnotherWorkerAndOnlyTheFirstAnswerIsPassedOn() {
    TestProbe<SimulationWorker.Command> a = worker();
    TestProbe<RegionJob.Reply> replies = kit.createTestProbe();
    ActorRef<SimulationPool.Command> pool = kit.spawn(SimulationPool.create(Duration.ofMillis(200)));
    pool.tell(region("r1", replies.getRef()));
    assertEquals("r1", assigned(a).id());
    TestProbe<SimulationWorker.Command> b = worker();
    assertEquals("r1", assigned(b).id());
    pool.tell(new SimulationPool.Result("r1", b.getRef(), new RegionJob.Failed("from b")));
    pool.tell(new SimulationPool.Result("r1", a.getRef(), new RegionJob.Failed("from a")));
    assertEquals(new RegionJob.Failed("from b"), replies.receiveMessage(WAIT));
    replies.expectNoMessage(QUIET);
  }

  @Test
  void aRegionStillQueuedWhenItsAskerHasGivenUpIsDropped() throws InterruptedException {
    TestProbe<RegionJob.Reply> replies = kit.createTestProbe();
    ActorRef<SimulationPool.Command> pool = kit.spawn(SimulationPool.create(NO_TIMEOUT));
    RegionJob job = region("old", replies.getRef()).job();
    pool.tell(new SimulationPool.Simulate("old", job, Duration.ofMillis(50)));
    pool.tell(region("new", replies.getRef()));
    Thread.sleep(200);
    TestProbe<SimulationWorker.Command> w = worker();
    assertEquals("new", assigned(w).id());
  }
}
