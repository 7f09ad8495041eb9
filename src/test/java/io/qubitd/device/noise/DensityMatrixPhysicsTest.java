package io.qubitd.device.noise;

import io.qubitd.kernel.density.DensityMatrixSimulator;
import io.qubitd.kernel.NoisyResult;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.CircuitUnitary;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.QubitTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_ZDRM;
import org.junit.jupiter.api.Test;

/** The density-matrix method against closed-form physics. */
class DensityMatrixPhysicsTest {
  private static final double EXACT = 1e-12;
  private static final double FIDELITY_TOLERANCE = 1e-9;
  private static final double T1 = 20e-6, T2 = 15e-6, P01 = 0.07, P10 = 0.03, E1Q = 0.002, ECZ = 0.02, ZZ = 40e3;
  private static final double D1 = 30e-9, D2 = 40e-9, DM = 1.5e-6;

  private final DensityMatrixSimulator sim = new DensityMatrixSimulator();
  private final ChipTruth chip = TestChips.line(6, T1, T2, E1Q, P01, P10, ECZ, ZZ);

  private static double p(Map<Long, Double> dist, long key) { return dist.getOrDefault(key, 0.0); }

  @Test
  void excitedStateDecaysWithT1() {
    NoiseOptions decayOnly = NoiseOptions.none().withDecay(true);
    for (double t : new double[] {0, 5e-6, 20e-6, 60e-6}) {
      NoisyProgram prog = NoiseModel.program(new HandSchedule(1).x(0, D1).delay(0, t).measure(0, 0, DM).build(), 1, chip, decayOnly);
      assertEquals(Math.exp(-(D1 + t) / T1), p(sim.probabilities(prog), 1), EXACT, "t=" + t);
    }
  }

  @Test
  void eachPhysicalQubitDecaysWithItsOwnT1() {
    List<QubitTruth> qs = new ArrayList<>();
    for (int q = 0; q < 5; q++) {
      double t1 = (10 + 5 * q) * 1e-6;
      qs.add(new QubitTruth(q, t1, t1, 4.5e9, 0, 0, 0, QubitTruth.TlsDip.NONE, new QubitTruth.Nominal(t1, t1, 4.5e9)));
    }
    ChipTruth varied = new ChipTruth(0, qs, List.of(new CouplerTruth(3, 4, 0.01, 0, true)));
    double t = 10e-6;
    NoisyProgram prog = NoiseModel.program(new HandSchedule(5).x(3, 0).delay(3, t).measure(3, 0, DM).measure(4, 1, DM).build(), 2,
        varied, NoiseOptions.none().withDecay(true));
    assertEquals(List.of(3, 4), prog.physicalQubits());
    assertEquals(Math.exp(-t / 25e-6), p(sim.probabilities(prog), 1), EXACT);
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
      assertEquals(want, p(sim.probabilities(prog), 1), EXACT, "t=" + t);
    }
  }

  @Test
  void readoutOfPreparedStatesGivesTheAssignmentMatrix() {
    NoiseOptions ro = NoiseOptions.all().withGateError(false);
    Map<Long, Double> zero = sim.probabilities(NoiseModel.program(new HandSchedule(1).measure(0, 0, DM).build(), 1, chip, ro));
    Map<Long, Double> one = sim.probabilities(NoiseModel.program(new HandSchedule(1).x(0, 0).measure(0, 0, DM).build(), 1, chip, ro));
    assertEquals(1 - P10, p(zero, 0), EXACT);
    assertEquals(P10, p(zero, 1), EXACT);
    assertEquals(P01, p(one, 0), EXACT);
    assertEquals(1 - P01, p(one, 1), EXACT);
  }

  /** F_avg = (Σ_k |tr(U†K_k)|² + d)/(d(d + 1)) from the composed Kraus operators (Nielsen 2002). */
  private static double averageFidelity(NoisyProgram prog, ZMatrixRMaj ideal) {
    int n = prog.numQubits();
    int d = 1 << n;
    List<ZMatrixRMaj> ks = List.of(CommonOps_ZDRM.identity(d));
    for (NoisyInstruction ins : prog.instructions()) {
      NoisyInstruction.Channel ch = (NoisyInstruction.Channel) ins;
      int[] qs = ch.qubits().stream().mapToInt(Integer::intValue).toArray();
      List<ZMatrixRMaj> next = new ArrayList<>();
      for (ZMatrixRMaj k : ch.krausOperators()) {
        ZMatrixRMaj full = CircuitUnitary.embed(k, qs, n);
        for (ZMatrixRMaj prev : ks) {
          ZMatrixRMaj m = new ZMatrixRMaj(d, d);
          CommonOps_ZDRM.mult(full, prev, m);
          next.add(m);
        }
      }
      ks = next;
    }
    double sum = 0;
    for (ZMatrixRMaj k : ks) {
      double re = 0, im = 0;
      for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) {
        double ur = ideal.getReal(j, i), ui = -ideal.getImag(j, i);
        double kr = k.getReal(j, i), ki = k.getImag(j, i);
        re += ur * kr - ui * ki;
        im += ur * ki + ui * kr;
      }
      sum += re * re + im * im;
    }
    return (sum + d) / (d * (d + 1.0));
  }

  @Test
  void singleQubitGateChannelHasTheStatedError() {
    NoisyProgram prog = NoiseModel.program(new HandSchedule(1).sx(0, D1).build(), 0, chip, NoiseOptions.all());
    assertTrue(prog.instructions().stream().anyMatch(i -> i instanceof NoisyInstruction.KrausChannel), "decay present");
    assertEquals(1 - E1Q, averageFidelity(prog, Gate.of(GateKind.SX).matrix()), FIDELITY_TOLERANCE);
  }

  @Test
  void czChannelHasTheStatedError() {
    NoisyProgram prog = NoiseModel.program(new HandSchedule(2).cz(0, 1, D2).build(), 0, chip, NoiseOptions.all());
    assertEquals(1 - ECZ, averageFidelity(prog, Gate.controlled(GateKind.Z, 1).matrix()), FIDELITY_TOLERANCE);
  }

  @Test
  void depolarizingRemainderMatchesClosedFormsAndIsNeverNegative() {
    assertEquals(0.01 * 2, Channels.depolarizingRemainder(0.01, 4, 2), EXACT);
    assertEquals(0.01 * 4 / 3, Channels.depolarizingRemainder(0.01, 16, 4), EXACT);
    double shortLived = Channels.decayTransferTrace(D1, 1e-6, 0.5e-6);
    assertEquals(0, Channels.depolarizingRemainder(0.001, shortLived, 2));
    ChipTruth poor = TestChips.line(1, 1e-6, 0.5e-6, 0.001, 0, 0, 0, 0);
    NoisyProgram prog = NoiseModel.program(new HandSchedule(1).sx(0, D1).build(), 0, poor, NoiseOptions.all());
    assertTrue(prog.instructions().stream().noneMatch(i -> i.qubits().size() == 1 && i instanceof NoisyInstruction.MixedUnitary m
        && m.unitaries().size() == 4), "no depolarizing when decay alone exceeds the stated error");
    double decayOnly = (2 * (Channels.decayTransferTrace(D1, 1e-6, 0.5e-6) / 4) + 1) / 3;
    assertEquals(decayOnly, averageFidelity(prog, Gate.of(GateKind.SX).matrix()), FIDELITY_TOLERANCE);
    assertTrue(decayOnly < 1 - 0.001);
  }

  @Test
  void residualZzIsAConditionalPhaseOverIdleTime() {
    double t = 2e-6;
    NoiseOptions zzOnly = NoiseOptions.none().withResidualZz(true);
    ZMatrixRMaj rho = sim.densityMatrix(NoiseModel.program(new HandSchedule(2).sx(0, 0).sx(1, 0).build(t), 0, chip, zzOnly));
    assertStateEquals(productPlusZzPhase(2 * Math.PI * ZZ * t, false), rho);
    ZMatrixRMaj withCz = sim.densityMatrix(NoiseModel.program(new HandSchedule(2).sx(0, 0).sx(1, 0).cz(0, 1, D2).build(t), 0, chip, zzOnly));
    assertStateEquals(productPlusZzPhase(2 * Math.PI * ZZ * (t - D2), true), withCz);
  }

  /** ρ of SX⊗SX|00⟩ with phase e^{−iφ} on |11⟩ (and −1 from a CZ when asked). */
  private static ZMatrixRMaj productPlusZzPhase(double phi, boolean cz) {
    double[][] a = {{0.5, 0.5}, {0.5, -0.5}};
    double[] re = new double[4], im = new double[4];
    for (int b = 0; b < 4; b++) {
      double r0 = a[b & 1][0], i0 = a[b & 1][1], r1 = a[b >> 1][0], i1 = a[b >> 1][1];
      re[b] = r0 * r1 - i0 * i1;
      im[b] = r0 * i1 + i0 * r1;
    }
    double c = Math.cos(-phi) * (cz ? -1 : 1), s = Math.sin(-phi) * (cz ? -1 : 1);
    double r3 = re[3] * c - im[3] * s, i3 = re[3] * s + im[3] * c;
    re[3] = r3;
    im[3] = i3;
    ZMatrixRMaj rho = new ZMatrixRMaj(4, 4);
    for (int r = 0; r < 4; r++) for (int col = 0; col < 4; col++) {
      rho.set(r, col, re[r] * re[col] + im[r] * im[col], im[r] * re[col] - re[r] * im[col]);
    }
    return rho;
  }

  private static void assertStateEquals(ZMatrixRMaj want, ZMatrixRMaj got) {
    for (int r = 0; r < want.numRows; r++) for (int c = 0; c < want.numCols; c++) {
      assertEquals(want.getReal(r, c), got.getReal(r, c), EXACT, "re[" + r + "," + c + "]");
      assertEquals(want.getImag(r, c), got.getImag(r, c), EXACT, "im[" + r + "," + c + "]");
    }
  }

  @Test
  void conditionalCorrectionAfterMidCircuitMeasurementIsExact() {
    HandSchedule s = new HandSchedule(1).x(0, 0).measure(0, 0, DM)
        .gateIf(Gate.of(GateKind.X), new Condition(List.of(0), 1), D1, 0).measure(0, 1, DM);
    Map<Long, Double> dist = sim.probabilities(NoiseModel.program(s.build(), 2, chip, NoiseOptions.none().withReadoutError(true)));
    assertEquals((1 - P01) * (1 - P10), p(dist, 0b01), EXACT);
    assertEquals((1 - P01) * P10, p(dist, 0b11), EXACT);
    assertEquals(P01 * (1 - P01), p(dist, 0b10), EXACT);
    assertEquals(P01 * P01, p(dist, 0b00), EXACT);
  }

  @Test
  void resetReturnsToGroundWhateverCame() {
    HandSchedule s = new HandSchedule(1).x(0, D1).measure(0, 0, DM).sx(0, D1).reset(0, 1e-6).measure(0, 1, DM);
    NoiseOptions decayAndZz = NoiseOptions.none().withDecay(true).withResidualZz(true);
    Map<Long, Double> dist = sim.probabilities(NoiseModel.program(s.build(), 2, chip, decayAndZz));
    assertEquals(Math.exp(-D1 / T1), p(dist, 0b01) + p(dist, 0b11), EXACT);
    assertEquals(0, p(dist, 0b10) + p(dist, 0b11), EXACT);
  }

  @Test
  void samplingFollowsTheDistributionAndTheSeed() {
    NoisyProgram prog = NoiseModel.program(new HandSchedule(1).x(0, 0).measure(0, 0, DM).build(), 1, chip,
        NoiseOptions.none().withReadoutError(true));
    int shots = 20000;
    NoisyResult r = sim.run(prog, shots, 99);
    assertEquals(shots, r.shots());
    assertEquals(P01 * shots, r.count(0), 5 * Math.sqrt(shots * P01 * (1 - P01)));
    assertEquals(r, sim.run(prog, shots, 99));
    assertNotEquals(r, sim.run(prog, shots, 100));
    assertEquals(r.count(1), r.countsByBitstring().get("1"));
  }
}
