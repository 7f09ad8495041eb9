package io.qubitd.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.chip.ChipActor;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.Topology;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
class BatchRunTest {

  @JUnit5TestKit
  final ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  static final ChipSpec CHIP = PackerTest.CHIP;
  static final String GHZ3 = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[3]; creg c[3]; h q[0]; cx q[0],q[1];"
      + " cx q[1],q[2]; measure q -> c;";
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Runs bounded by WAIT, circuits by the defaults' operation budget, memory by a 1 GiB gate. */
  static BatchRun.Limits limits(Duration chipTimeout) {
    return new BatchRun.Limits(chipTimeout, WAIT, WAIT, 200_000, new MemoryGate(1L << 30));
  }

  static List<BatchRun.Task> tasks(String qasm, int n, int shots, boolean memory) {
    List<BatchRun.Task> t = new ArrayList<>();
    for (int i = 0; i < n; i++) t.add(new BatchRun.Task("job", i, new CircuitSpec(qasm, shots, Map.of()), memory, 100 + i));
    return t;
  }

  @Test
  void packsSeveralCircuitsIntoOneChipRunRepliesOnceAndStops() {
    var chipSettings = new ChipActor.Settings(Duration.ofSeconds(1), 0, Duration.ofSeconds(5));
    ActorRef<ChipActor.Command> chip = testKit.spawn(ChipActor.create(CHIP, CHIP.sampleTruth(72), chipSettings, 72,
        PackerTest.EXECUTOR, ForkJoinPool.commonPool()));
    var target = new BatchRun.ChipTarget(chip, PackerTest.EXECUTOR, CHIP.topology(), 16, 1);
    TestProbe<BatchRun.Outcome> reply = testKit.createTestProbe();
    ActorRef<BatchRun.Command> run = testKit.spawn(BatchRun.onChip(target, tasks(GHZ3, 6, 400, false),
        limits(Duration.ofSeconds(5)), ForkJoinPool.commonPool(), reply.getRef()));

    var done = assertInstanceOf(BatchRun.Completed.class, reply.receiveMessage(WAIT));
    reply.expectTerminated(run, WAIT);
    assertEquals(6, done.done().size(), "all six 3-qubit circuits ran in the one run");
    assertTrue(done.failed().isEmpty() && done.deferred().isEmpty());
    assertEquals(0, done.snapshot().version(), "compiled against the truth as version 0 before calibration");
    Map<Integer, Integer> owner = new HashMap<>();
    for (BatchRun.Done d : done.done()) {
      CircuitResult r = d.result();
      // noiseless executor: a GHZ state reads all zeros or all ones
      assertEquals(Set.of("000", "111"), r.counts().keySet(), "GHZ counts " + r.counts());
      assertEquals(400, r.counts().values().stream().mapToLong(Long::longValue).sum());
      for (int q : r.initialLayout()) {
        Integer before = owner.put(q, d.task().index());
        assertTrue(before == null || before == d.task().index(), "qubit " + q + " used by circuits " + before + " and " + d.task().index());
      }
    }
    for (Topology.Edge e : CHIP.topology().edges()) {
      Integer a = owner.get(e.a()), b = owner.get(e.b());
      assertTrue(a == null || b == null || a.equals(b), "coupler " + e + " joins the regions of circuits " + a + " and " + b);
    }
    assertTrue(done.busyQubits() >= 18, "at least 6 x 3 qubits busy, got " + done.busyQubits());
    reply.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aSilentChipAbandonsTheRunOnceAndStops() {
    TestProbe<ChipActor.Command> silentChip = testKit.createTestProbe();
    var target = new BatchRun.ChipTarget(silentChip.getRef(), PackerTest.EXECUTOR, CHIP.topology(), 16, 1);
    TestProbe<BatchRun.Outcome> reply = testKit.createTestProbe();
    ActorRef<BatchRun.Command> run = testKit.spawn(BatchRun.onChip(target, tasks(GHZ3, 2, 10, false),
        limits(Duration.ofMillis(200)), ForkJoinPool.commonPool(), reply.getRef()));
    assertInstanceOf(ChipActor.GetCalibration.class, silentChip.receiveMessage());
    assertInstanceOf(ChipActor.GetTruth.class, silentChip.receiveMessage());
    var abandoned = assertInstanceOf(BatchRun.Abandoned.class, reply.receiveMessage(Duration.ofSeconds(3)));
    assertTrue(abandoned.reason().contains("did not answer"), abandoned.reason());
    reply.expectTerminated(run, Duration.ofSeconds(3));
    reply.expectNoMessage(Duration.ofMillis(300));
  }

  @Test
  void theIdealBackendRunsEveryTaskWithMemoryWhenAsked() {
    TestProbe<BatchRun.Outcome> reply = testKit.createTestProbe();
    var sim = io.qubitd.backend.IdealExecutor.withDefaults(KernelSettings.defaults());
    List<BatchRun.Task> t = tasks(GHZ3, 3, 50, true);
    t.add(new BatchRun.Task("job", 3, new CircuitSpec("OPENQASM 2.0; qreg q[1]; bogus;", 5, Map.of()), false, 1));
    ActorRef<BatchRun.Command> run = testKit.spawn(BatchRun.onIdeal(sim, t, limits(WAIT), ForkJoinPool.commonPool(), reply.getRef()));
    var done = assertInstanceOf(BatchRun.Completed.class, reply.receiveMessage(WAIT));
    reply.expectTerminated(run, WAIT);
    assertEquals(3, done.done().size());
    for (BatchRun.Done d : done.done()) {
      assertTrue(Set.of("000", "111").containsAll(d.result().counts().keySet()), d.result().counts().toString());
      assertEquals(50, d.result().memory().size());
    }
    assertEquals(1, done.failed().size());
    assertEquals(3, done.failed().get(0).task().index());
    assertTrue(done.failed().get(0).reason().startsWith("job[3]:1:"), done.failed().get(0).reason());
  }

  /** Regions handed elsewhere (as to cluster workers) that never answer on their own; records what became of them. */
  static final class SilentRegions implements RegionSimulator {
    final java.util.List<java.util.concurrent.CompletableFuture<io.qubitd.backend.ChipRunResult>> handed =
        java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public java.util.concurrent.CompletableFuture<io.qubitd.backend.ChipRunResult> simulate(
        io.qubitd.compile.CompiledCircuit compiled, io.qubitd.circuit.Circuit logical, io.qubitd.device.ChipTruth truth,
        int shots, long seed, io.qubitd.device.CalibrationSnapshot snapshot) {
      var f = new java.util.concurrent.CompletableFuture<io.qubitd.backend.ChipRunResult>();
      handed.add(f);
      return f;
    }
  }

  ActorRef<BatchRun.Command> remoteRun(SilentRegions regions, Duration circuitLimit, TestProbe<BatchRun.Outcome> reply) {
    var chipSettings = new ChipActor.Settings(Duration.ofSeconds(1), 0, Duration.ofSeconds(5));
    ActorRef<ChipActor.Command> chip = testKit.spawn(ChipActor.create(CHIP, CHIP.sampleTruth(72), chipSettings, 72,
        PackerTest.EXECUTOR, ForkJoinPool.commonPool()));
    var target = new BatchRun.ChipTarget(chip, PackerTest.EXECUTOR, CHIP.topology(), 16, 1);
    var limits = new BatchRun.Limits(Duration.ofSeconds(5), WAIT, circuitLimit, 200_000, new MemoryGate(1L << 30));
    return testKit.spawn(BatchRun.onChip(target, tasks(GHZ3, 1, 100, false), limits, ForkJoinPool.commonPool(), regions,
        reply.getRef()));
  }

  @Test
  void aRegionOnAnotherNodeIsStoppedWithItsJob() {
    SilentRegions regions = new SilentRegions();
    TestProbe<BatchRun.Outcome> reply = testKit.createTestProbe();
    ActorRef<BatchRun.Command> run = remoteRun(regions, WAIT, reply);
    reply.awaitAssert(WAIT, () -> {
      assertEquals(1, regions.handed.size(), "the region was handed out");
      return null;
    });
    long t0 = System.nanoTime();
    run.tell(new BatchRun.StopJob("job", "job job was cancelled"));
    var done = assertInstanceOf(BatchRun.Completed.class, reply.receiveMessage(WAIT));
    assertTrue((System.nanoTime() - t0) / 1e9 < 1.0, "the run ended within a second of the stop");
    assertEquals("job job was cancelled", done.failed().get(0).reason());
    // failed with a CancellationException: the cluster's region simulator tells its workers to stop on that
    assertTrue(regions.handed.get(0).isCompletedExceptionally());
    org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
        () -> regions.handed.get(0).join());
  }

  @Test
  void aRegionOnAnotherNodeIsUnderTheCircuitTimeLimit() {
    SilentRegions regions = new SilentRegions();
    TestProbe<BatchRun.Outcome> reply = testKit.createTestProbe();
    remoteRun(regions, Duration.ofMillis(500), reply);
    var done = assertInstanceOf(BatchRun.Completed.class, reply.receiveMessage(WAIT));
    String reason = done.failed().get(0).reason();
    assertTrue(reason.contains("per-circuit time limit of 0.5 s") && reason.contains("qubitd.scheduler.circuit-time-limit"),
        reason);
  }
}
