package io.qubitd.device.noise;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Register;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.Topology;
import io.qubitd.kernel.Program;
import io.qubitd.kernel.SimulationResult;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import io.qubitd.kernel.mps.MpsMethod;
import io.qubitd.kernel.mps.MpsSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Noisy trajectories on the MPS converge to the exact density matrix, as the state-vector
 * trajectories do: the same random noisy programs as {@link TrajectorySimulatorTest} (decay,
 * depolarizing, residual ZZ, readout, mid-circuit measurement with a conditional), other method.
 */
class MpsTrajectoryTest {

  @Test
  void randomNoisyProgramsConvergeToTheDensityMatrix() {
    Topology grid = Topology.grid(2, 3);
    int[][] regions = {{0, 1, 2}, {1, 4, 5}, {0, 1, 3, 4}};
    SplittableRandom rng = new SplittableRandom(2025);
    int shots = 3000;
    MpsMethod mps = new MpsMethod(new MpsSettings(16, 0, shots, 1L << 28));
    DensityMatrixSimulator dm = new DensityMatrixSimulator();
    for (int i = 0; i < regions.length; i++) {
      boolean mid = i % 2 == 1;
      int[] region = regions[i];
      ChipTruth truth = TrajectorySimulatorTest.noisyGrid(200 + i);
      var schedule = TrajectorySimulatorTest.randomNative(grid, region, rng, mid).build();
      int clbits = region.length + (mid ? 1 : 0);
      NoisyProgram prog = NoiseModel.program(schedule, clbits, truth);
      Map<Long, Double> want = dm.probabilities(prog);
      Map<Long, Double> ideal = dm.probabilities(NoiseModel.program(schedule, clbits, truth, NoiseOptions.none()));
      assertTrue(TrajectorySimulatorTest.totalVariation(want, ideal) > 0.05, "program " + i + ": noise must move the distribution");
      // a site order other than the qubits' own, so swaps inside the chain are exercised too
      List<Integer> sites = new java.util.ArrayList<>();
      for (int q = prog.numQubits() - 1; q >= 0; q--) sites.add(q);
      SimulationResult r = mps.run(Program.noisy(prog, List.of(new Register("c", 0, clbits)), sites), shots, 41 + i, false);
      Map<Long, Double> got = new HashMap<>();
      r.counts().forEach((k, v) -> got.put(Long.parseLong(k, 2), (double) v / shots));
      TrajectorySimulatorTest.assertMatches(want, got, shots, "program " + i + " on the MPS");
    }
  }
}
