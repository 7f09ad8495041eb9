package io.qubitd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.qubitd.backend.ChipBench;
import io.qubitd.backend.ChipExecutor;
import io.qubitd.backend.ChipRunResult;
import io.qubitd.circuit.Circuit;
import io.qubitd.compile.CompiledCircuit;
import io.qubitd.config.QubitdConfig;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.kernel.MethodChooser;
import io.qubitd.kernel.mps.MpsMethod;
import io.qubitd.scheduler.RegionSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

/**
 * A job's forced simulation method reaches the cluster's workers: the pool's region simulator puts it
 * into the region it sends, and a worker runs that method, its result naming it.
 */
class ForcedMethodRegionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ChipSpec spec = ChipSpec.load("grid2x3");
  private final ChipTruth truth = spec.sampleTruth(3);
  private final CalibrationSnapshot snapshot = truth.asSnapshot(spec.name(), 0, Instant.EPOCH);
  private final ChipExecutor executor = QubitdConfig.load().chipExecutor(spec);
  private final Circuit ghz = ChipBench.ghz(4).withDefaultMeasurements();
  private final CompiledCircuit compiled = executor.compile(ghz, snapshot, null);

  @Test
  void aWorkerRunsTheMethodTheRegionCarries() {
    // 4 qubits: the automatic choice is the exact density matrix, so every forced method differs from it
    assertEquals("density-matrix", simulated(MethodChooser.AUTO).method());
    for (String method : new String[] {"trajectories", MpsMethod.NAME, "density-matrix"}) {
      ChipRunResult r = simulated(method);
      assertEquals(method, r.method());
      assertEquals(200, r.counts().values().stream().mapToLong(Long::longValue).sum(), method + ": every shot counted");
    }
  }

  private ChipRunResult simulated(String method) {
    return RegionJob.of(spec.name(), compiled, ghz, truth, 200, 5, snapshot, method, null).simulate(executor, spec.durations());
  }

  @Test
  void thePoolsRegionSimulatorSendsTheMethodAndPassesTheAnswerOn() throws Exception {
    ActorTestKit kit = ActorTestKit.create();
    try {
      TestProbe<SimulationPool.Command> pool = kit.createTestProbe();
      RegionSimulator regions = SimulationPool.regions(spec.name(), pool.getRef(), kit.system(), WAIT);
      ChipRunResult answer = simulated(MpsMethod.NAME);

      CompletableFuture<ChipRunResult> forced = regions.simulate(compiled, ghz, truth, 200, 5, snapshot, MpsMethod.NAME);
      SimulationPool.Simulate sent = pool.expectMessageClass(SimulationPool.Simulate.class, WAIT);
      assertEquals(MpsMethod.NAME, sent.job().method());
      sent.job().replyTo().tell(new RegionJob.Simulated(answer));
      assertSame(answer, forced.get(WAIT.toSeconds(), TimeUnit.SECONDS));

      regions.simulate(compiled, ghz, truth, 200, 5, snapshot);
      assertEquals(MethodChooser.AUTO, pool.expectMessageClass(SimulationPool.Simulate.class, WAIT).job().method());
    } finally {
      kit.shutdownTestKit();
    }
  }
}
