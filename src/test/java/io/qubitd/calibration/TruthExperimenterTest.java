package io.qubitd.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.noise.NoiseOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class TruthExperimenterTest {
  static final ChipSpec SPEC = ChipSpec.load("grid2x3");
  static final ChipTruth TRUTH = SPEC.sampleTruth(1);
  static final TruthExperimenter EX = new TruthExperimenter(TRUTH, SPEC.durations(), NoiseOptions.all());
  static final int W = SPEC.topology().numQubits();

  @Test
  void chipTimeIsShotsTimesTheLongestCircuitAndAReset() {
    double delay = 7e-6;
    var r = EX.run(List.of(Experiments.t1(W, 0, delay), Experiments.readout(W, 2, true)), 100, 1);
    var d = SPEC.durations();
    assertEquals(100 * (d.oneQubit() + delay + d.measure() + d.reset()), r.chipSeconds(), 1e-15);
    assertEquals(2, r.results().size());
    assertEquals(100, r.results().get(0).shots());
  }

  @Test
  void circuitsOnSharedOrCoupledQubitsAreRefused() {
    // grid2x3: qubit 0 couples to 1 and 3.
    var shared = assertThrows(IllegalArgumentException.class,
        () -> EX.run(List.of(Experiments.readout(W, 0, false), Experiments.t1(W, 0, 1e-6)), 10, 1));
    assertTrue(shared.getMessage().contains("share qubit 0"), shared.getMessage());
    var coupled = assertThrows(IllegalArgumentException.class,
        () -> EX.run(List.of(Experiments.readout(W, 0, false), Experiments.readout(W, 1, false)), 10, 1));
    assertTrue(coupled.getMessage().contains("coupled qubits 0 and 1"), coupled.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EX.run(List.of(Experiments.readout(W, 0, false)), 0, 1));
  }

  @Test
  void readoutOfPreparedStatesGivesTheAssignmentErrors() {
    int shots = 200_000;
    var r = EX.run(List.of(Experiments.readout(W, 0, false), Experiments.readout(W, 2, true)), shots, 3);
    // 5 sigma of a binomial at these sizes; the X before the second readout adds its small gate error.
    assertEquals(TRUTH.qubit(0).readoutP10(), r.results().get(0).count(1) / (double) shots, 0.003);
    assertEquals(TRUTH.qubit(2).readoutP01(), r.results().get(1).count(0) / (double) shots, 0.004);
  }

  @Test
  void sameSeedSameCounts() {
    List<Circuit> cs = List.of(Experiments.echo(W, 0, 3e-6), Experiments.echo(W, 2, 3e-6));
    assertEquals(EX.run(cs, 500, 9).results(), EX.run(cs, 500, 9).results());
  }

  @Test
  void drivenOffResonanceTheFrameIsWhatTheExperimenterReports() {
    double[] frames = new double[W];
    for (int q = 0; q < W; q++) frames[q] = TRUTH.qubit(q).frequency() + 1e5;
    var ex = new TruthExperimenter(TRUTH, SPEC.durations(), NoiseOptions.all(), frames);
    assertEquals(frames[3], ex.driveFrequency(3));
    assertEquals(TRUTH.qubit(3).frequency(), EX.driveFrequency(3));
    assertThrows(IllegalArgumentException.class, () -> new TruthExperimenter(TRUTH, SPEC.durations(), NoiseOptions.all(), new double[2]));
  }
}
