package io.qubitd.scheduler;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.backend.ChipRunResult;
import io.qubitd.circuit.Circuit;
import io.qubitd.compile.CompiledCircuit;
import io.qubitd.device.ChipTruth;
import java.util.concurrent.CompletableFuture;

/**
 * Where the regions of a chip run are simulated once the run has packed them: on this node's
 * simulation executor, or (in cluster mode) on the cluster's pool of simulation workers.
 */
@FunctionalInterface
public interface RegionSimulator {

  /**
   * Simulates one placed region with the truth's noise. Preconditions as
   * {@link ChipExecutor#simulate}: {@code compiled} came from compiling {@code logical}; shots ≥ 1.
   */
  CompletableFuture<ChipRunResult> simulate(CompiledCircuit compiled, Circuit logical, ChipTruth truth, int shots,
      long seed, long snapshotVersion);
}
