package io.qubitd.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A run's simulations stop on cancel and at the per-circuit time limit, and wait for memory rather than overrun it. */
@ExtendWith(TestKitJUnit5Extension.class)
public class StoppableRunTest {

  @JUnit5TestKit
  final ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  final ExecutorService simulation = Executors.newFixedThreadPool(2);

  /**
   * 126,000 rotations and CXs on 20 qubits (within every budget): about 10 s of simulation, far beyond
   * any wait in these tests; HostileJobsTest cancels it too. Every pass entangles the ends of the
   * register, so fusion cannot fold the loop away (as it folds H·H: 100,000 Hadamards ran in 0.8 s).
   */
  public static final String SLOW = "OPENQASM 3.0; include \"stdgates.inc\"; qubit[20] q;"
      + " for int i in [0:2999] { rx(0.1) q; cx q[0], q[19]; ry(0.2) q; cx q[19], q[0]; }";
  static final String BELL = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[2]; creg c[2]; h q[0]; cx q[0],q[1]; measure q -> c;";
  static final Duration WAIT = Duration.ofSeconds(30);
  // on the caller's thread: the stop is measured here, not the JVM-wide kernel pool another test may keep busy
  static final KernelSettings SEQUENTIAL = KernelSettings.defaults().withParallelism(30, 1);

  @AfterEach
  void stopPool() { simulation.shutdownNow(); }

  static BatchRun.Task task(String job, String qasm) {
    return new BatchRun.Task(job, 0, new CircuitSpec(qasm, 10, Map.of()), false, 1);
  }

  final MemoryGate gate = new MemoryGate(1L << 30);

  ActorRef<BatchRun.Command> run(List<BatchRun.Task> tasks, Duration circuitLimit, TestProbe<BatchRun.Outcome> reply) {
    var limits = new BatchRun.Limits(WAIT, Duration.ofMinutes(5), circuitLimit, 200_000, gate);
    return testKit.spawn(BatchRun.onIdeal(io.qubitd.backend.IdealExecutor.withDefaults(SEQUENTIAL), tasks, limits, simulation,
        reply.getRef()));
  }

  @Test
  void stoppingAJobEndsItsRunningSimulationWithinASecondAndLeavesTheOthers() throws Exception {
    TestProbe<BatchRun.Outcome> reply = testKit.createTestProbe();
    ActorRef<BatchRun.Command> run = run(List.of(task("slow", SLOW), task("bell", BELL)), Duration.ofMinutes(5), reply);
    // parsed, holding its 16 MiB state: the slow circuit is simulating (the Bell pair needs only 64 bytes)
    reply.awaitAssert(WAIT, () -> {
      assertTrue(gate.used() >= 16L << 20);
      return null;
    });
    reply.expectNoMessage(Duration.ofMillis(300));
    long t0 = System.nanoTime();
    run.tell(new BatchRun.StopJob("slow", "job slow was cancelled"));
    var done = assertInstanceOf(BatchRun.Completed.class, reply.receiveMessage(WAIT));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(seconds < 1.0, "the run ended " + seconds + " s after the stop");
    assertEquals(1, done.failed().size());
    assertEquals("slow", done.failed().get(0).task().jobId());
    assertEquals("job slow was cancelled", done.failed().get(0).reason());
    assertEquals(List.of("bell"), done.done().stream().map(d -> d.task().jobId()).toList());
  }

  @Test
  void stoppingAJobEndsItsMatrixProductStateSimulationWithinASecond() {
    // 40 qubits are beyond the state vector: the ideal backend runs the matrix product state method
    String wide = "OPENQASM 3.0; include \"stdgates.inc\"; qubit[40] q; for int i in [0:999] { rx(0.3) q;"
        + " for int k in [0:38] { cx q[k], q[k + 1]; } }";
    TestProbe<BatchRun.Outcome> reply = testKit.createTestProbe();
    ActorRef<BatchRun.Command> run = run(List.of(task("wide", wide)), Duration.ofMinutes(5), reply);
    reply.awaitAssert(WAIT, () -> {
      assertTrue(gate.used() > 0, "the simulation holds its memory");
      return null;
    });
    reply.expectNoMessage(Duration.ofMillis(300));
    long t0 = System.nanoTime();
    run.tell(new BatchRun.StopJob("wide", "job wide was cancelled"));
    var done = assertInstanceOf(BatchRun.Completed.class, reply.receiveMessage(WAIT));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(seconds < 1.0, "the run ended " + seconds + " s after the stop");
    assertEquals("job wide was cancelled", done.failed().get(0).reason());
  }

  @Test
  void aCircuitOverTheTimeLimitFailsCleanly() {
    TestProbe<BatchRun.Outcome> reply = testKit.createTestProbe();
    run(List.of(task("slow", SLOW)), Duration.ofMillis(500), reply);
    var done = assertInstanceOf(BatchRun.Completed.class, reply.receiveMessage(Duration.ofSeconds(10)));
    assertEquals(1, done.failed().size());
    String reason = done.failed().get(0).reason();
    assertTrue(reason.contains("per-circuit time limit of 0.5 s") && reason.contains("qubitd.scheduler.circuit-time-limit"),
        reason);
  }

  @Test
  void theMemoryGateAdmitsByBytesNotByCount() throws Exception {
    MemoryGate gate = new MemoryGate(100);
    assertEquals(60, gate.acquire(60));
    Thread waiter = new Thread(() -> {
      try {
        gate.release(gate.acquire(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    waiter.start();
    waiter.join(300);
    assertTrue(waiter.isAlive(), "60 + 60 bytes exceed the gate's 100: the second waits");
    gate.release(60);
    waiter.join(5_000);
    assertTrue(!waiter.isAlive(), "released bytes admit the waiting one");
    assertEquals(0, gate.used());
    assertEquals(100, gate.acquire(1_000), "a request above the capacity takes all of it instead of waiting forever");
  }
}
