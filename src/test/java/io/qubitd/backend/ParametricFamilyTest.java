package io.qubitd.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Schedule;
import io.qubitd.circuit.qasm.OperationBudgetException;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.circuit.qasm.QasmSettings;
import io.qubitd.compile.CompiledCircuit;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import io.qubitd.device.noise.NoiseModel;
import io.qubitd.device.noise.NoiseOptions;
import io.qubitd.device.noise.NoisyInstruction;
import io.qubitd.device.noise.NoisyProgram;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.batch.BatchedDensityMatrix;
import io.qubitd.trainer.quantum.LayerAnsatz;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Families compiled once and bound per binding agree with independent simulations of each bound circuit. */
class ParametricFamilyTest {

  static final ChipSpec CHIP = ChipSpec.load("wukong72");
  static final ChipTruth TRUTH = CHIP.sampleTruth(72);
  static final CalibrationSnapshot SNAPSHOT = TRUTH.asSnapshot("wukong72", 3, Instant.EPOCH);
  static final LayerAnsatz QTHA = new LayerAnsatz(4, 2);
  static final Set<String> INPUTS = inputs();

  static Set<String> inputs() {
    Set<String> s = new HashSet<>();
    for (int k = 0; k < QTHA.steps().size(); k++) s.add(LayerAnsatz.familyInput(k));
    return s;
  }

  static List<double[]> bindings(int count, int inputs, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<double[]> out = new ArrayList<>();
    for (int b = 0; b < count; b++) out.add(rng.doubles(inputs, -Math.PI, Math.PI).toArray());
    return out;
  }

  /** Batched outcome probabilities, re-indexed by logical qubit (bit l of the index = logical qubit l). */
  static double[][] logicalProbabilities(FamilyCompiler fc, ParametricFamily family, CompiledCircuit placed, List<double[]> binds) {
    BatchedDensityMatrix.Program program = fc.program(family, placed, TRUTH, Set.of());
    double[][] compact = BatchedDensityMatrix.probabilities(program, family.angles(binds), binds.size());
    int[] compactOf = FamilyCompiler.compactOfLogical(placed);
    int n = family.numQubits();
    double[][] out = new double[binds.size()][1 << n];
    for (int b = 0; b < binds.size(); b++) {
      for (int o = 0; o < compact[b].length; o++) {
        int l = 0;
        for (int q = 0; q < n; q++) l |= ((o >> compactOf[q]) & 1) << q;
        out[b][l] += compact[b][o];
      }
    }
    return out;
  }

  @Test
  void withoutNoiseTheBoundFamilyIsTheIdealCircuit() {
    // the skeleton's RZ slots must rebuild each RY and CRZ exactly; the reference is the state vector of the logical circuit
    FamilyCompiler fc = new FamilyCompiler(CHIP, CompilerSettings.defaults(), NoiseOptions.none());
    ParametricFamily family = fc.family(QTHA.familyQasm(), INPUTS);
    CompiledCircuit placed = fc.regions(family, SNAPSHOT, 1, 1).get(0);
    SplittableRandom rng = new SplittableRandom(7);
    List<double[]> binds = new ArrayList<>();
    List<double[][]> rows = new ArrayList<>();
    for (int b = 0; b < 5; b++) {
      double[] u = rng.doubles(4, -Math.PI, Math.PI).toArray(), theta = rng.doubles(QTHA.numParameters(), -Math.PI, Math.PI).toArray();
      rows.add(new double[][] {u, theta});
      double[] a = QTHA.stepAngles(u, theta);
      double[] v = new double[a.length];
      for (int k = 0; k < a.length; k++) v[family.inputs().indexOf(LayerAnsatz.familyInput(k))] = a[k];
      binds.add(v);
    }
    double[][] got = logicalProbabilities(fc, family, placed, binds);
    IdealSimulator ideal = new IdealSimulator(KernelSettings.defaults());
    for (int b = 0; b < binds.size(); b++) {
      double[] u = rows.get(b)[0], theta = rows.get(b)[1];
      double[] want = ideal.finalState(QTHA.circuit(u, theta)).probabilities();
      for (int o = 0; o < want.length; o++) assertEquals(want[o], got[b][o], 1e-10, "binding " + b + " outcome " + o);
    }
  }

  @Test
  void affineExpressionsAndOtherParametricGatesBindExactly() {
    String qasm = "OPENQASM 3.0; include \"stdgates.inc\"; input float[64] a; input float[64] b; qubit[3] q;"
        + " gate zz(t) x, y { cx x, y; rz(t) y; cx x, y; }"
        + " h q[0]; rx(2*a + 0.3) q[0]; cx q[0], q[1]; zz(b - a/2) q[1], q[2]; p(b) q[2]; rz(-a) q[1]; ry(0.7) q[2];";
    FamilyCompiler fc = new FamilyCompiler(CHIP, CompilerSettings.defaults(), NoiseOptions.none());
    ParametricFamily family = fc.family(qasm, Set.of("a", "b"));
    CompiledCircuit placed = fc.regions(family, SNAPSHOT, 1, 1).get(0);
    List<double[]> binds = bindings(4, 2, 11);
    double[][] got = logicalProbabilities(fc, family, placed, binds);
    IdealSimulator ideal = new IdealSimulator(KernelSettings.defaults());
    for (int b = 0; b < binds.size(); b++) {
      Circuit bound = QasmParser.parse(qasm, "ref.qasm", named(family, binds.get(b)));
      double[] want = ideal.finalState(bound).probabilities();
      for (int o = 0; o < want.length; o++) assertEquals(want[o], got[b][o], 1e-10, "binding " + b + " outcome " + o);
    }
  }

  @Test
  void aFamilyIsReadWithTheSettingsItIsGiven() {
    // the angle's offset reads a duration in units of dt: 1 ns / dt = 2 with the chip's 0.5 ns, 1 with the built-in 1 ns
    String qasm = "OPENQASM 3.0; include \"stdgates.inc\"; input float[64] a; qubit[2] q;"
        + " h q[0]; cx q[0], q[1]; rz(a + 0.25 * (1ns / 1dt)) q[1]; h q[1];";
    FamilyCompiler fc = new FamilyCompiler(CHIP, CompilerSettings.defaults(), NoiseOptions.none());
    QasmSettings chipReading = QasmSettings.DEFAULTS.withDt(0.5e-9);
    // (the slot's offset also holds the skeleton's fixed part, the same in both, so the difference is 0.5 - 0.25)
    double chip = offsetOfTheOnlySlot(fc.family(qasm, Set.of("a"), chipReading));
    double builtIn = offsetOfTheOnlySlot(fc.family(qasm, Set.of("a")));
    assertEquals(0.25, chip - builtIn, 1e-12);
    // and within its operation budget: the program's 4 operations do not fit in 3
    OperationBudgetException e = assertThrows(OperationBudgetException.class,
        () -> fc.family(qasm, Set.of("a"), chipReading.withMaxOperations(3)));
    assertEquals(3, e.limit());
  }

  private static double offsetOfTheOnlySlot(ParametricFamily f) {
    List<ParametricFamily.Slot> withInput = f.slots().stream().filter(s -> s.inputs().length > 0).toList();
    assertEquals(1, withInput.size(), f.slots().toString());
    return withInput.get(0).offset();
  }

  @Test
  void batchedNoisyFamilyEqualsTheUnbatchedDensityMatrixOfEachBoundCircuit() {
    // reference: the noise model's program of the placed skeleton with each bound RZ inserted as a
    // unitary right after its SX/X, run by the density-matrix method of device/noise once per binding
    NoiseOptions all = NoiseOptions.all();
    FamilyCompiler fc = new FamilyCompiler(CHIP, CompilerSettings.defaults(), all);
    ParametricFamily family = fc.family(QTHA.familyQasm(), INPUTS);
    CompiledCircuit placed = fc.regions(family, SNAPSHOT, 1, 1).get(0);
    List<double[]> binds = bindings(6, family.inputs().size(), 3);
    double[][] got = logicalProbabilities(fc, family, placed, binds);
    DensityMatrixSimulator dm = new DensityMatrixSimulator();
    for (int b = 0; b < binds.size(); b++) {
      Map<Long, Double> want = dm.probabilities(withSlots(NoiseModel.program(placed.schedule(), 4, TRUTH, all), placed, family, binds.get(b)));
      assertClose(want, got[b], "binding " + b);
    }
    // noise must matter, or the comparison above proves little
    double[][] ideal = logicalProbabilities(new FamilyCompiler(CHIP, CompilerSettings.defaults(), NoiseOptions.none()),
        family, placed, binds);
    double diff = 0;
    for (int o = 0; o < 16; o++) diff += Math.abs(ideal[0][o] - got[0][o]);
    assertTrue(diff > 1e-3, "noisy and ideal distributions differ by only " + diff);
  }

  @Test
  void movingEachRzNextToItsGateIsExactBecauseTheNoiseCommutesWithIt() {
    // reference: each bound RZ put back into the schedule itself, right after its SX/X, and the noise
    // model run on that bound schedule. Residual ZZ is off here: a zero-length RZ splits the noise
    // model's ZZ windows, a different (equally valid) interleaving of ZZ with decay, which do not commute.
    NoiseOptions options = NoiseOptions.all().withResidualZz(false);
    FamilyCompiler fc = new FamilyCompiler(CHIP, CompilerSettings.defaults(), options);
    ParametricFamily family = fc.family(QTHA.familyQasm(), INPUTS);
    CompiledCircuit placed = fc.regions(family, SNAPSHOT, 1, 1).get(0);
    List<double[]> binds = bindings(3, family.inputs().size(), 9);
    double[][] got = logicalProbabilities(fc, family, placed, binds);
    for (int b = 0; b < binds.size(); b++) {
      NoisyProgram reference = NoiseModel.program(bound(placed, family, placed.initialLayout(), binds.get(b)), 4, TRUTH, options);
      assertClose(new DensityMatrixSimulator().probabilities(reference), got[b], "binding " + b);
    }
  }

  static void assertClose(Map<Long, Double> want, double[] got, String what) {
    double total = 0;
    for (int o = 0; o < got.length; o++) {
      assertEquals(want.getOrDefault((long) o, 0.0), got[o], 1e-10, what + " outcome " + o);
      total += got[o];
    }
    assertEquals(1, total, 1e-10);
  }

  /** {@code program} with each slot's bound RZ inserted after its SX/X unitary on its compact qubit. */
  static NoisyProgram withSlots(NoisyProgram program, CompiledCircuit placed, ParametricFamily family, double[] values) {
    double[][] angles = family.angles(List.of(values));
    int[] compactOf = FamilyCompiler.compactOfLogical(placed);
    List<NoisyInstruction> out = new ArrayList<>();
    int[] seen = new int[program.numQubits()];
    for (int q = 0; q < seen.length; q++) out.addAll(rz(family, angles, compactOf, q, 0));
    for (NoisyInstruction ins : program.instructions()) {
      out.add(ins);
      if (ins instanceof NoisyInstruction.Unitary u && u.qubits().size() == 1 && u.matrix().getReal(0, 1) != 0) {
        int q = u.qubits().get(0);
        out.addAll(rz(family, angles, compactOf, q, ++seen[q]));
      }
    }
    return new NoisyProgram(program.physicalQubits(), program.numClbits(), out);
  }

  private static List<NoisyInstruction> rz(ParametricFamily family, double[][] angles, int[] compactOf, int q, int position) {
    List<NoisyInstruction> out = new ArrayList<>();
    for (int s = 0; s < family.slots().size(); s++) {
      ParametricFamily.Slot slot = family.slots().get(s);
      if (compactOf[slot.qubit()] == q && slot.position() == position) {
        out.add(new NoisyInstruction.Unitary(Gate.of(GateKind.RZ, angles[s][0]).matrix(), List.of(q), null));
      }
    }
    return out;
  }

  @Test
  void compiledOncePerCalibrationVersionAndPackedOnDisjointRegions() {
    FamilyCompiler fc = new FamilyCompiler(CHIP, CompilerSettings.defaults(), NoiseOptions.all());
    ParametricFamily family = fc.family(QTHA.familyQasm(), INPUTS);
    assertTrue(family == fc.family(QTHA.familyQasm(), INPUTS), "the family is parsed once per text");
    List<CompiledCircuit> regions = fc.regions(family, SNAPSHOT, 0, 18);
    fc.regions(family, SNAPSHOT, 0, 18);
    assertEquals(1, fc.compilations());
    fc.regions(family, TRUTH.asSnapshot("wukong72", 4, Instant.EPOCH), 0, 18);
    assertEquals(2, fc.compilations());
    // a 4-ring fits a 2×2 square without SWAPs: the 6×12 lattice holds 18 of them side by side
    assertTrue(regions.size() >= 12, "only " + regions.size() + " regions");
    Set<Integer> used = new HashSet<>();
    for (CompiledCircuit c : regions) for (int q : c.usedQubits()) assertTrue(used.add(q), "qubit " + q + " in two regions");
    // with a margin of one coupler no region touches another
    List<CompiledCircuit> apart = fc.regions(family, SNAPSHOT, 1, 18);
    assertTrue(apart.size() >= 6, "only " + apart.size() + " regions with margin 1");
    for (CompiledCircuit a : apart) {
      for (CompiledCircuit b : apart) {
        if (a == b) continue;
        for (int q : a.usedQubits()) for (int x : CHIP.topology().neighbours(q)) assertTrue(!b.usedQubits().contains(x));
      }
    }
  }

  @Test
  void neighbouringRegionsDephaseThroughResidualZz() {
    FamilyCompiler fc = new FamilyCompiler(CHIP, CompilerSettings.defaults(), NoiseOptions.all());
    ParametricFamily family = fc.family(QTHA.familyQasm(), INPUTS);
    List<CompiledCircuit> regions = fc.regions(family, SNAPSHOT, 0, 18);
    CompiledCircuit first = regions.get(0);
    Set<Integer> others = new HashSet<>();
    for (CompiledCircuit c : regions.subList(1, regions.size())) others.addAll(c.usedQubits());
    List<double[]> binds = bindings(1, family.inputs().size(), 5);
    double[] alone = BatchedDensityMatrix.probabilities(fc.program(family, first, TRUTH, Set.of()), family.angles(binds), 1)[0];
    double[] packed = BatchedDensityMatrix.probabilities(fc.program(family, first, TRUTH, others), family.angles(binds), 1)[0];
    double diff = 0;
    for (int o = 0; o < alone.length; o++) diff += Math.abs(alone[o] - packed[o]);
    assertTrue(diff > 1e-6 && diff < 0.1, "crosstalk changed the distribution by " + diff);
  }

  @Test
  void programsThatAreNotFamiliesAreRefusedWithTheReason() {
    FamilyCompiler fc = new FamilyCompiler(CHIP, CompilerSettings.defaults(), NoiseOptions.none());
    var e = assertThrows(ParametricFamily.NotAFamily.class, () -> fc.family(
        "OPENQASM 3.0; include \"stdgates.inc\"; input float[64] a; qubit[1] q; ry(sin(a)) q[0];", Set.of("a")));
    assertTrue(e.getMessage().contains("not affine"), e.getMessage());
    var u = assertThrows(ParametricFamily.NotAFamily.class, () -> fc.family(
        "OPENQASM 3.0; include \"stdgates.inc\"; input float[64] a; qubit[1] q; U(a, 0, 0) q[0];", Set.of("a")));
    assertTrue(u.getMessage().contains("rx, ry, rz"), u.getMessage());
  }

  static Map<String, Double> named(ParametricFamily family, double[] values) {
    Map<String, Double> m = new HashMap<>();
    for (int i = 0; i < values.length; i++) m.put(family.inputs().get(i), values[i]);
    return m;
  }

  /** The placed skeleton's schedule with each slot's RZ, bound, right after its SX/X on its physical qubit. */
  static Schedule bound(CompiledCircuit placed, ParametricFamily family, int[] layout, double[] values) {
    double[][] angles = family.angles(List.of(values));
    Map<Integer, List<Integer>> slotsOf = new HashMap<>();
    for (int s = 0; s < family.slots().size(); s++) {
      slotsOf.computeIfAbsent(layout[family.slots().get(s).qubit()], k -> new ArrayList<>()).add(s);
    }
    Map<Integer, Integer> seen = new HashMap<>();
    List<Schedule.TimedOperation> ops = new ArrayList<>();
    for (var e : slotsOf.entrySet()) emit(ops, e.getValue(), family, angles, e.getKey(), 0, 0.0);
    List<Schedule.TimedOperation> sorted = new ArrayList<>(placed.schedule().operations());
    sorted.sort(Comparator.comparingDouble(Schedule.TimedOperation::start));
    for (Schedule.TimedOperation t : sorted) {
      ops.add(t);
      if (t.operation() instanceof Operation.GateOp g && g.qubits().size() == 1 && !g.gate().isDiagonal()) {
        int pq = g.qubits().get(0);
        int k = seen.merge(pq, 1, Integer::sum);
        emit(ops, slotsOf.getOrDefault(pq, List.of()), family, angles, pq, k, t.end());
      }
    }
    return new Schedule(placed.schedule().numQubits(), ops, placed.schedule().duration());
  }

  private static void emit(List<Schedule.TimedOperation> ops, List<Integer> slots, ParametricFamily family,
      double[][] angles, int pq, int position, double at) {
    for (int s : slots) {
      if (family.slots().get(s).position() != position) continue;
      ops.add(new Schedule.TimedOperation(new Operation.GateOp(Gate.of(GateKind.RZ, angles[s][0]), List.of(pq)), at, 0));
    }
  }
}
