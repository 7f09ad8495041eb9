package io.qubitd.scheduler;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.backend.ChipRunResult;
import io.qubitd.circuit.Circuit;
import io.qubitd.compile.CompiledCircuit;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipTruth;
import io.qubitd.kernel.MethodChooser;
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
      long seed, CalibrationSnapshot snapshot);

  /**
   * As {@link #simulate(CompiledCircuit, Circuit, ChipTruth, int, long, CalibrationSnapshot)} by the simulation
   * method {@code method}; a simulator that can only choose automatically refuses any other.
   */
  default CompletableFuture<ChipRunResult> simulate(CompiledCircuit compiled, Circuit logical, ChipTruth truth, int shots,
      long seed, CalibrationSnapshot snapshot, String method) {
    if (method == null || method.equals(MethodChooser.AUTO)) return simulate(compiled, logical, truth, shots, seed, snapshot);
    return CompletableFuture.failedFuture(new IllegalArgumentException(
        "method '" + method + "' cannot be forced on this cluster's simulation workers; submit with method auto"));
  }

}
