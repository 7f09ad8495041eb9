package io.qubitd.device.noise;

import io.qubitd.kernel.density.DensityMatrixSimulator;
import io.qubitd.kernel.trajectory.TrajectorySimulator;
import io.qubitd.kernel.NoisyResult;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.QubitTruth;
import io.qubitd.device.Topology;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.StateTooLargeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Trajectories against the exact density-matrix method and against closed-form physics. Shot
 * counts are checked within 4 binomial standard deviations; trajectory averages of exact
 * distributions vary less than shots, so the same bound holds for them.
 */
class TrajectorySimulatorTest {
  private static final double EXACT = 1e-12;
  private static final double SIGMAS = 4;
  private static final double T1 = 20e-6, T2 = 15e-6, P01 = 0.07, P10 = 0.03, E1Q = 0.002, ECZ = 0.02, ZZ = 40e3;
  private static final double D1 = 30e-9, D2 = 40e-9, DM = 1.5e-6;
  private static final int TRAJECTORIES = 4000;

  private final ChipTruth chip = TestChips.line(6, T1, T2, E1Q, P01, P10, ECZ, ZZ);
  private final DensityMatrixSimulator dm = new DensityMatrixSimulator();

  private static TrajectorySimulator trajectories(int maxTrajectories, int threads) {
    KernelSettings k = KernelSettings.defaults().withParallelism(14, threads);
    return new TrajectorySimulator(new TrajectorySimulator.Settings(maxTrajectories, k));
  }

  private final TrajectorySimulator traj = trajectories(TRAJECTORIES, 2);

  private static double p(Map<Long, Double> dist, long key) { return dist.getOrDefault(key, 0.0); }

  /** |estimate − p| within SIGMAS binomial deviations of n draws (at least one count's worth). */
  private static void assertWithinShotNoise(double want, double got, int n, String what) {
    double sigma = Math.sqrt(Math.max(want * (1 - want), 1.0 / n) / n);
    assertEquals(want, got, SIGMAS * sigma, what);
  }

  static void assertMatches(Map<Long, Double> want, Map<Long, Double> got, int n, String what) {
    Set<Long> keys = new HashSet<>(want.keySet());
    keys.addAll(got.keySet());
    for (long k : keys) assertWithinShotNoise(p(want, k), p(got, k), n, what + ", outcome " + k);
    double tv = totalVariation(want, got);
    // E[TV] ≤ ½·Σ_i sqrt(p_i/n) ≤ ½·sqrt(k/n) by Cauchy–Schwarz; allow 4× that.
    assertTrue(tv <= 2 * Math.sqrt((double) keys.size() / n), what + ": total variation " + tv);
  }

  static double totalVariation(Map<Long, Double> a, Map<Long, Double> b) {
    Set<Long> keys = new HashSet<>(a.keySet());
    keys.addAll(b.keySet());
    double tv = 0;
    for (long k : keys) tv += Math.abs(p(a, k) - p(b, k)) / 2;
    return tv;
  }

  private static Map<Long, Double> frequencies(NoisyResult r) {
    Map<Long, Double> f = new HashMap<>();
    r.counts().forEach((k, v) -> f.put(k, (double) v / r.shots()));
    return f;
  }

  // ---- exact where nothing branches ----

  @Test
  void withoutNoiseOrWithReadoutErrorOnlyTheDistributionIsExact() {
    TrajectorySimulator few = trajectories(3, 1);
    for (NoiseOptions o : List.of(NoiseOptions.none(), NoiseOptions.none().withReadoutError(true).withResidualZz(true))) {
      NoisyProgram prog = NoiseModel.program(ghz(4, true).build(), 4, chip, o);
      Map<Long, Double> want = dm.probabilities(prog), got = few.probabilities(prog);
      for (long k = 0; k < 16; k++) assertEquals(p(want, k), p(got, k), EXACT, o + ", outcome " + k);
    }
  }

  // ---- physics ----

  @Test
  void excitedStateDecaysWithT1() {
    NoiseOptions decayOnly = NoiseOptions.none().withDecay(true);
    for (double t : new double[] {0, 5e-6, 20e-6, 60e-6}) {
      NoisyProgram prog = NoiseModel.program(new HandSchedule(1).x(0, D1).delay(0, t).measure(0, 0, DM).build(), 1, chip, decayOnly);
      NoisyResult r = traj.run(prog, TRAJECTORIES, 17);
      assertWithinShotNoise(Math.exp(-(D1 + t) / T1), (double) r.count(1) / TRAJECTORIES, TRAJECTORIES, "t=" + t);
    }
  }

  @Test
  void ramseyFringesDecayWithT2() {
    NoiseOptions decayOnly = NoiseOptions.none().withDecay(true);
    double detuning = 0.3e6;
    for (double t : new double[] {0, 1e-6, 4e-6, 10e-6, 30e-6}) {
      double phi = 2 * Math.PI * detuning * t;
      HandSchedule s = new HandSchedule(1).sx(0, 0).delay(0, t).rz(0, phi).sx(0, 0).measure(0, 0, DM);
      NoisyProgram prog = NoiseModel.program(s.build(), 1, chip, decayOnly);
      double want = (1 + Math.exp(-t / T2) * Math.cos(phi)) / 2;
      NoisyResult r = traj.run(prog, TRAJECTORIES, 5);
      assertWithinShotNoise(want, (double) r.count(1) / TRAJECTORIES, TRAJECTORIES, "t=" + t);
    }
  }

  @Test
  void readoutOfPreparedStatesGivesTheAssignmentMatrix() {
    NoiseOptions ro = NoiseOptions.all().withGateError(false);
    NoisyResult zero = traj.run(NoiseModel.program(new HandSchedule(1).measure(0, 0, DM).build(), 1, chip, ro), TRAJECTORIES, 3);
    NoisyResult one = traj.run(NoiseModel.program(new HandSchedule(1).x(0, 0).measure(0, 0, DM).build(), 1, chip, ro), TRAJECTORIES, 4);
    assertWithinShotNoise(P10, (double) zero.count(1) / TRAJECTORIES, TRAJECTORIES, "P(1|0)");
    assertWithinShotNoise(P01, (double) one.count(0) / TRAJECTORIES, TRAJECTORIES, "P(0|1)");
  }

  @Test
  void conditionalCorrectionAfterMidCircuitMeasurementMatchesTheDensityMatrix() {
    HandSchedule s = new HandSchedule(2).sx(0, D1).cz(0, 1, D2).sx(1, D1).measure(0, 0, DM)
        .gateIf(Gate.of(GateKind.X), new Condition(List.of(0), 1), D1, 1).delay(1, 2e-6).measure(1, 1, DM);
    NoisyProgram prog = NoiseModel.program(s.build(), 2, chip, NoiseOptions.all());
    Map<Long, Double> want = dm.probabilities(prog);
    assertMatches(want, frequencies(traj.run(prog, TRAJECTORIES, 11)), TRAJECTORIES, "run");
    assertMatches(want, traj.probabilities(prog), TRAJECTORIES, "probabilities");
    NoisyProgram noiseless = NoiseModel.program(s.build(), 2, chip, NoiseOptions.none());
    assertMatches(dm.probabilities(noiseless), frequencies(traj.run(noiseless, TRAJECTORIES, 12)), TRAJECTORIES, "noiseless run");
  }

  @Test
  void resetReturnsToGroundWhateverCame() {
    HandSchedule s = new HandSchedule(1).x(0, D1).measure(0, 0, DM).sx(0, D1).reset(0, 1e-6).measure(0, 1, DM);
    NoiseOptions decayAndZz = NoiseOptions.none().withDecay(true).withResidualZz(true);
    NoisyResult r = traj.run(NoiseModel.program(s.build(), 2, chip, decayAndZz), TRAJECTORIES, 8);
    assertEquals(0, r.count(0b10) + r.count(0b11));
    assertWithinShotNoise(Math.exp(-D1 / T1), (double) r.count(0b01) / TRAJECTORIES, TRAJECTORIES, "first read");
  }

  // ---- random noisy programs against the density matrix ----

  /** The grid2x3 chip's sampled truth with errors scaled up so that noise moves the distribution visibly. */
  static ChipTruth noisyGrid(long seed) {
    ChipTruth t = ChipSpec.load("grid2x3").sampleTruth(seed);
    List<QubitTruth> qs = new ArrayList<>();
    for (QubitTruth q : t.qubits()) {
      qs.add(new QubitTruth(q.qubit(), q.t1() / 4, q.t2() / 4, q.frequency(), Math.min(0.2, 10 * q.gateError1q()),
          q.readoutP01(), q.readoutP10(), q.tls(), q.nominal()));
    }
    List<CouplerTruth> cs = new ArrayList<>();
    for (CouplerTruth c : t.couplers()) cs.add(new CouplerTruth(c.a(), c.b(), Math.min(0.5, 3 * c.czError()), 5 * c.residualZzHz(), true));
    return new ChipTruth(t.time(), qs, cs);
  }

  /** A random native circuit on a connected set of {@code k} grid qubits, each measured at the end. */
  static HandSchedule randomNative(Topology grid, int[] qubits, SplittableRandom rng, boolean midCircuit) {
    HandSchedule s = new HandSchedule(grid.numQubits());
    for (int layer = 0; layer < 6; layer++) {
      for (int q : qubits) {
        switch (rng.nextInt(4)) {
          case 0 -> s.rz(q, rng.nextDouble(-Math.PI, Math.PI));
          case 1 -> s.sx(q, D1);
          case 2 -> s.x(q, D1);
          default -> s.delay(q, rng.nextDouble(0, 2e-6));
        }
      }
      int a = qubits[rng.nextInt(qubits.length)];
      for (int b : qubits) {
        if (grid.coupled(a, b) && rng.nextBoolean()) {
          s.cz(a, b, D2);
          break;
        }
      }
    }
    int c = 0;
    if (midCircuit) {
      s.measure(qubits[0], qubits.length, DM);
      s.gateIf(Gate.of(GateKind.X), new Condition(List.of(qubits.length), 1), D1, qubits[1]);
      s.sx(qubits[0], D1);
    }
    s.align();
    for (int q : qubits) s.measure(q, c++, DM);
    return s;
  }

  @Test
  void randomNoisyProgramsConvergeToTheDensityMatrix() {
    Topology grid = Topology.grid(2, 3);
    int[][] regions = {{0, 1}, {0, 1, 2}, {1, 4, 5}, {0, 1, 3, 4}, {3, 4, 5, 2}};
    SplittableRandom rng = new SplittableRandom(2024);
    int trajectories = 3000;
    TrajectorySimulator sim = trajectories(trajectories, 2);
    for (int i = 0; i < regions.length; i++) {
      boolean mid = i % 2 == 1;
      int[] region = regions[i];
      ChipTruth truth = noisyGrid(100 + i);
      var schedule = randomNative(grid, region, rng, mid).build();
      int clbits = region.length + (mid ? 1 : 0);
      NoisyProgram prog = NoiseModel.program(schedule, clbits, truth);
      Map<Long, Double> want = dm.probabilities(prog);
      Map<Long, Double> ideal = dm.probabilities(NoiseModel.program(schedule, clbits, truth, NoiseOptions.none()));
      assertTrue(totalVariation(want, ideal) > 0.05, "program " + i + ": noise must move the distribution visibly");
      assertMatches(want, sim.probabilities(prog), trajectories, "program " + i + " probabilities");
      assertMatches(want, frequencies(sim.run(prog, trajectories, 31 + i)), trajectories, "program " + i + " run");
    }
  }

  // ---- seeds, settings, limits ----

  @Test
  void sameSeedSameCountsWhateverTheThreadCount() {
    NoisyProgram prog = NoiseModel.program(ghz(4, true).build(), 4, chip, NoiseOptions.all());
    TrajectorySimulator one = trajectories(500, 1), two = trajectories(500, 2);
    NoisyResult r = one.run(prog, 2000, 42);
    assertEquals(r, two.run(prog, 2000, 42));
    assertEquals(r, one.run(prog, 2000, 42));
    assertNotEquals(r, one.run(prog, 2000, 43));
    assertEquals(2000, r.shots());
  }

  @Test
  void shotsSplitOverFewerTrajectoriesStayUnbiased() {
    NoiseOptions decayOnly = NoiseOptions.none().withDecay(true);
    double t = 20e-6;
    NoisyProgram prog = NoiseModel.program(new HandSchedule(1).x(0, D1).delay(0, t).measure(0, 0, DM).build(), 1, chip, decayOnly);
    int shots = 8000, perTrajectory = 4;
    NoisyResult r = trajectories(shots / perTrajectory, 2).run(prog, shots, 9);
    assertEquals(shots, r.shots());
    // With one qubit, a trajectory's final state is |0⟩ or |1⟩, so its shots agree: variance as for shots/perTrajectory draws.
    assertWithinShotNoise(Math.exp(-(D1 + t) / T1), (double) r.count(1) / shots, shots / perTrajectory, "P(1)");
    assertEquals(0, r.count(1) % perTrajectory, "shots of one trajectory share its collapsed state");
  }

  @Test
  void zeroShotsGiveEmptyCountsAndTooLargeStatesAreRefused() {
    NoisyProgram prog = NoiseModel.program(ghz(2, true).build(), 2, chip, NoiseOptions.all());
    assertEquals(0, traj.run(prog, 0, 1).counts().size());
    assertThrows(IllegalArgumentException.class, () -> traj.run(prog, -1, 1));
    // a 2-qubit state takes 4 amplitudes of 16 bytes; one byte less does not fit
    KernelSettings tiny = KernelSettings.defaults().withMaxStateBytes(16 * 4 - 1);
    TrajectorySimulator small = new TrajectorySimulator(new TrajectorySimulator.Settings(10, tiny));
    StateTooLargeException e = assertThrows(StateTooLargeException.class, () -> small.run(prog, 10, 1));
    assertTrue(e.getMessage().contains("one state vector"), e.getMessage());
    TrajectorySimulator enough = new TrajectorySimulator(new TrajectorySimulator.Settings(10, tiny.withMaxStateBytes(16 * 4)));
    assertEquals(10, enough.run(prog, 10, 1).shots());
  }

  @Test
  void aGeneralTwoQubitKrausChannelMatchesTheDensityMatrix() {
    // Correlated damping of two qubits into |00⟩ from |11⟩, a channel no noise model emits: exercises the k-qubit jump weights.
    double g = 0.6;
    ZMatrixRMaj k0 = new ZMatrixRMaj(4, 4), k1 = new ZMatrixRMaj(4, 4);
    for (int i = 0; i < 3; i++) k0.set(i, i, 1, 0);
    k0.set(3, 3, Math.sqrt(1 - g), 0);
    k1.set(0, 3, Math.sqrt(g), 0);
    ZMatrixRMaj h = new ZMatrixRMaj(2, 2);
    double r = Math.sqrt(0.5);
    h.set(0, 0, r, 0);
    h.set(0, 1, r, 0);
    h.set(1, 0, r, 0);
    h.set(1, 1, -r, 0);
    List<NoisyInstruction> ins = List.of(
        new NoisyInstruction.Unitary(h, List.of(0), null),
        new NoisyInstruction.Unitary(h, List.of(1), null),
        new NoisyInstruction.KrausChannel(List.of(k0, k1), List.of(0, 1), null),
        new NoisyInstruction.Unitary(h, List.of(0), null),
        new NoisyInstruction.Measure(0, 0, 0, 0, null),
        new NoisyInstruction.Measure(1, 1, 0, 0, null));
    NoisyProgram prog = new NoisyProgram(List.of(0, 1), 2, ins);
    assertMatches(dm.probabilities(prog), traj.probabilities(prog), TRAJECTORIES, "correlated damping");
  }

  @Test
  void manySmallDampingStepsCompoundToTheSurvivalProduct() {
    // Both qubits excited, then 40 damping channels on each, interleaved: jumps must be found among
    // channels the norm bound skips. P(still excited) = (1 − γ)^40 per qubit, independently.
    double g0 = 0.01, g1 = 0.02;
    int steps = 40;
    List<NoisyInstruction> ins = new ArrayList<>();
    ins.add(new NoisyInstruction.Unitary(Channels.pauli(1), List.of(0), null));
    ins.add(new NoisyInstruction.Unitary(Channels.pauli(1), List.of(1), null));
    for (int i = 0; i < steps; i++) {
      ins.add(new NoisyInstruction.KrausChannel(Channels.amplitudeDamping(g0), List.of(0), null));
      ins.add(new NoisyInstruction.KrausChannel(Channels.amplitudeDamping(g1), List.of(1), null));
    }
    ins.add(new NoisyInstruction.Measure(0, 0, 0, 0, null));
    ins.add(new NoisyInstruction.Measure(1, 1, 0, 0, null));
    NoisyProgram prog = new NoisyProgram(List.of(0, 1), 2, ins);
    double s0 = Math.pow(1 - g0, steps), s1 = Math.pow(1 - g1, steps);
    Map<Long, Double> want = Map.of(0L, (1 - s0) * (1 - s1), 1L, s0 * (1 - s1), 2L, (1 - s0) * s1, 3L, s0 * s1);
    assertMatches(want, frequencies(traj.run(prog, TRAJECTORIES, 21)), TRAJECTORIES, "run");
  }

  @Test
  void krausChannelsWithOffDiagonalGramMatricesMatchTheDensityMatrix() {
    // Amplitude damping towards |+⟩ (K → H·K·H): K†K is not diagonal, so the jump weights need
    // the coherences of the reduced density matrix, and the norm bound is Gershgorin's.
    ZMatrixRMaj h = new ZMatrixRMaj(2, 2);
    double r = Math.sqrt(0.5);
    h.set(0, 0, r, 0);
    h.set(0, 1, r, 0);
    h.set(1, 0, r, 0);
    h.set(1, 1, -r, 0);
    List<ZMatrixRMaj> toPlus = new ArrayList<>();
    for (ZMatrixRMaj k : Channels.amplitudeDamping(0.15)) toPlus.add(mul(h, mul(k, h)));
    ZMatrixRMaj cz = new ZMatrixRMaj(4, 4);
    for (int i = 0; i < 4; i++) cz.set(i, i, i == 3 ? -1 : 1, 0);
    List<NoisyInstruction> ins = new ArrayList<>();
    ins.add(new NoisyInstruction.Unitary(h, List.of(1), null));
    ins.add(new NoisyInstruction.Unitary(Channels.pauli(1), List.of(0), null));
    for (int i = 0; i < 6; i++) {
      ins.add(new NoisyInstruction.KrausChannel(toPlus, List.of(0), null));
      ins.add(new NoisyInstruction.Unitary(cz, List.of(0, 1), null));
      ins.add(new NoisyInstruction.KrausChannel(toPlus, List.of(1), null));
    }
    ins.add(new NoisyInstruction.Unitary(h, List.of(0), null));
    ins.add(new NoisyInstruction.Measure(0, 0, 0, 0, null));
    ins.add(new NoisyInstruction.Measure(1, 1, 0, 0, null));
    NoisyProgram prog = new NoisyProgram(List.of(0, 1), 2, ins);
    assertMatches(dm.probabilities(prog), frequencies(traj.run(prog, TRAJECTORIES, 8)), TRAJECTORIES, "damping towards |+⟩");
  }

  @Test
  void theNormBoundNeverExceedsTheSmallestEigenvalue() {
    // diag(0.3, 0.9): exact
    assertEquals(0.3, TrajectorySimulator.smallestEigenvalueBound(new double[][] {{0.3, 0, 0, 0.9}, new double[4]}), EXACT);
    // [[1 − γ/2, γ/2], [γ/2, 1 − γ/2]] has eigenvalues 1 and 1 − γ: Gershgorin is exact here
    double g = 0.2;
    assertEquals(1 - g, TrajectorySimulator.smallestEigenvalueBound(new double[][] {{1 - g / 2, g / 2, g / 2, 1 - g / 2}, new double[4]}), EXACT);
    // [[0.5, 0.3i], [−0.3i, 0.8]]: λ_min = 0.65 − √(0.15² + 0.3²), the bound 0.5 − 0.3 below it
    double bound = TrajectorySimulator.smallestEigenvalueBound(new double[][] {{0.5, 0, 0, 0.8}, {0, 0.3, -0.3, 0}});
    assertEquals(0.2, bound, EXACT);
    assertTrue(bound <= 0.65 - Math.hypot(0.15, 0.3));
    // [[0.1, 0.5], [0.5, 0.1]] is not positive: the bound stops at 0
    assertEquals(0, TrajectorySimulator.smallestEigenvalueBound(new double[][] {{0.1, 0.5, 0.5, 0.1}, new double[4]}));
  }

  private static ZMatrixRMaj mul(ZMatrixRMaj a, ZMatrixRMaj b) {
    ZMatrixRMaj c = new ZMatrixRMaj(a.numRows, b.numCols);
    org.ejml.dense.row.CommonOps_ZDRM.mult(a, b, c);
    return c;
  }

  /** H = RZ(π/2)·SX·RZ(π/2) up to phase; CNOT(c, t) = H(t)·CZ·H(t). */
  private static HandSchedule h(HandSchedule s, int q) { return s.rz(q, Math.PI / 2).sx(q, D1).rz(q, Math.PI / 2); }

  private static HandSchedule ghz(int n, boolean measure) {
    HandSchedule s = h(new HandSchedule(n), 0);
    for (int i = 0; i + 1 < n; i++) {
      h(s, i + 1);
      s.cz(i, i + 1, D2);
      h(s, i + 1);
    }
    if (measure) {
      s.align();
      for (int q = 0; q < n; q++) s.measure(q, q, DM);
    }
    return s;
  }
}
