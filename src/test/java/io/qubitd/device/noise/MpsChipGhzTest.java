package io.qubitd.device.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.backend.ChipBench;
import io.qubitd.backend.LatticeOrder;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Register;
import io.qubitd.compile.CompiledCircuit;
import io.qubitd.compile.Compiler;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.kernel.Program;
import io.qubitd.kernel.SimulationResult;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import io.qubitd.kernel.mps.MpsMethod;
import io.qubitd.kernel.mps.MpsSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A noisy GHZ compiled for a small chip (its schedule, residual ZZ on every coupler, decay,
 * depolarizing, readout) runs on the MPS as trajectories that converge to the exact density
 * matrix, with the coarser threshold of noisy runs, diagonal gates held back until a non-diagonal
 * operator needs them and qubits tracked while they are in a basis state.
 */
class MpsChipGhzTest {

  @Test
  void noisyGhzOnTheGridChipMatchesTheDensityMatrix() {
    ChipSpec spec = ChipSpec.load("grid2x3");
    ChipTruth truth = TrajectorySimulatorTest.noisyGrid(31);
    Compiler compiler = new Compiler(spec.topology(), spec.durations(), CompilerSettings.defaults());
    Circuit ghz = ChipBench.ghz(6);
    CompiledCircuit compiled = compiler.compile(ghz, truth.asSnapshot(spec.name(), 0, Instant.EPOCH));
    NoisyProgram prog = NoiseModel.program(compiled.schedule(), ghz.numClbits(), truth);
    DensityMatrixSimulator dm = new DensityMatrixSimulator();
    Map<Long, Double> want = dm.probabilities(prog);
    Map<Long, Double> ideal = dm.probabilities(NoiseModel.program(compiled.schedule(), ghz.numClbits(), truth, NoiseOptions.none()));
    assertEquals(0.5, ideal.getOrDefault(0L, 0.0), 1e-9, "the compiled circuit is a GHZ state");
    assertTrue(TrajectorySimulatorTest.totalVariation(want, ideal) > 0.05, "noise must move the distribution");
    int shots = 4000;
    MpsMethod mps = new MpsMethod(new MpsSettings(16, 1e-12, shots, 1L << 28, 1e-8));
    List<Integer> snake = LatticeOrder.snake(spec.topology(), prog.physicalQubits());
    for (List<Integer> sites : List.of(snake, reversed(snake))) {
      SimulationResult r = mps.run(Program.noisy(prog, List.of(new Register("c", 0, ghz.numClbits())), sites), shots, 5, false);
      Map<Long, Double> got = new HashMap<>();
      r.counts().forEach((k, v) -> got.put(Long.parseLong(k, 2), (double) v / shots));
      TrajectorySimulatorTest.assertMatches(want, got, shots, "noisy GHZ on the MPS, sites " + sites);
      assertTrue(r.truncationError() < 1e-6, "truncation " + r.truncationError());
    }
  }

  private static List<Integer> reversed(List<Integer> l) {
    List<Integer> r = new ArrayList<>(l);
    java.util.Collections.reverse(r);
    return r;
  }
}
