package io.qubitd.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.compile.CompiledCircuit;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.DriftModel;
import io.qubitd.device.QubitTruth;
import io.qubitd.device.noise.NoiseOptions;
import io.qubitd.kernel.batch.BatchedDensityMatrix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A region's program reused after the truth drifted differs from one built afresh for the drifted
 * truth by no more than the bound the reuse is decided on; the reference is a program built by a
 * compiler that never reuses (tolerance 0).
 */
class FamilyDriftReuseTest {

  static final FamilyCompiler.Settings EXACT = new FamilyCompiler.Settings(0, 24, 4000, 0);

  record Placed(ParametricFamily family, CompiledCircuit region, Set<Integer> neighbours) {}

  static Placed placed(FamilyCompiler fc) {
    ParametricFamily family = fc.family(ParametricFamilyTest.QTHA.familyQasm(), ParametricFamilyTest.INPUTS);
    List<CompiledCircuit> regions = fc.regions(family, ParametricFamilyTest.SNAPSHOT, 0, 18);
    Set<Integer> others = new HashSet<>();
    for (CompiledCircuit c : regions.subList(1, regions.size())) others.addAll(c.usedQubits());
    return new Placed(family, regions.get(0), others);
  }

  /** Every rate the program reads made worse by the factor 1 + d (T1 and T2 shorter, errors and ZZ larger). */
  static ChipTruth worse(ChipTruth t, double d) {
    List<QubitTruth> qs = new ArrayList<>();
    for (QubitTruth q : t.qubits()) {
      qs.add(new QubitTruth(q.qubit(), q.t1() / (1 + d), q.t2() / (1 + d), q.frequency(), Math.min(1, q.gateError1q() * (1 + d)),
          Math.min(1, q.readoutP01() * (1 + d)), Math.min(1, q.readoutP10() * (1 + d)), q.tls(), q.nominal()));
    }
    List<CouplerTruth> cs = new ArrayList<>();
    for (CouplerTruth c : t.couplers()) {
      cs.add(new CouplerTruth(c.a(), c.b(), Math.min(1, c.czError() * (1 + d)), c.residualZzHz() * (1 + d), c.alive(),
          c.czExcess(), c.nominalCzExcess()));
    }
    return new ChipTruth(t.time(), qs, cs);
  }

  static double totalVariation(BatchedDensityMatrix.Program a, BatchedDensityMatrix.Program b, ParametricFamily family,
      List<double[]> binds) {
    double[][] angles = family.angles(binds);
    double[][] pa = BatchedDensityMatrix.probabilities(a, angles, binds.size());
    double[][] pb = BatchedDensityMatrix.probabilities(b, angles, binds.size());
    double worst = 0;
    for (int k = 0; k < binds.size(); k++) {
      double tv = 0;
      for (int o = 0; o < pa[k].length; o++) tv += Math.abs(pa[k][o] - pb[k][o]) / 2;
      worst = Math.max(worst, tv);
    }
    return worst;
  }

  @Test
  void aReusedProgramIsWithinTheBoundOfAFreshOne() {
    FamilyCompiler fresh = new FamilyCompiler(ParametricFamilyTest.CHIP, CompilerSettings.defaults(), NoiseOptions.all(), EXACT);
    Placed p = placed(fresh);
    ChipTruth built = ParametricFamilyTest.TRUTH;
    BatchedDensityMatrix.Program old = fresh.program(p.family(), p.region(), built, p.neighbours());
    List<double[]> binds = ParametricFamilyTest.bindings(64, p.family().inputs().size(), 11);
    List<ChipTruth> drifted = new ArrayList<>();
    for (double d : new double[] {0.005, 0.02, 0.05, 0.1}) drifted.add(worse(built, d));
    // the chip's own drift: 60 emulated seconds (one wall second at wukong72's time rate) at a time
    DriftModel drift = new DriftModel(ParametricFamilyTest.CHIP.drift(), ParametricFamilyTest.CHIP.durations());
    SplittableRandom rng = new SplittableRandom(4);
    ChipTruth walk = built;
    for (int step = 0; step < 6; step++) drifted.add(walk = drift.step(walk, 60, rng));
    // what reference.conf says of the default tolerance: every rate 5 % worse moves the distribution by about 0.01
    double atTolerance = totalVariation(old, fresh.program(p.family(), p.region(), worse(built, 0.05), p.neighbours()), p.family(), binds);
    assertTrue(atTolerance < 0.02, "a 5 % drift moved the distribution by " + atTolerance);
    for (ChipTruth now : drifted) {
      double bound = fresh.reuseBound(p.region(), built, now, p.neighbours());
      double tv = totalVariation(old, fresh.program(p.family(), p.region(), now, p.neighbours()), p.family(), binds);
      assertTrue(tv <= bound, "reuse bound " + bound + " below the actual distance " + tv);
      assertTrue(tv > 1e-4, "a drift that changes nothing proves nothing: distance " + tv);
    }
  }

  @Test
  void programsAreReusedWithinTheToleranceAndRebuiltBeyondIt() {
    FamilyCompiler fc = new FamilyCompiler(ParametricFamilyTest.CHIP, CompilerSettings.defaults(), NoiseOptions.all(),
        new FamilyCompiler.Settings(0, 24, 4000, 0.05));
    Placed p = placed(fc);
    ChipTruth built = ParametricFamilyTest.TRUTH;
    BatchedDensityMatrix.Program first = fc.program(p.family(), p.region(), built, p.neighbours());
    ChipTruth near = worse(built, 0.04), far = worse(built, 0.06);
    assertSame(first, fc.program(p.family(), p.region(), near, p.neighbours()));
    assertEquals(1, fc.programBuilds());
    assertNotSame(first, fc.program(p.family(), p.region(), far, p.neighbours()));
    assertEquals(2, fc.programBuilds());
    // a coupler of the region that fails is never within tolerance
    List<CouplerTruth> cs = new ArrayList<>(built.couplers());
    for (int k = 0; k < cs.size(); k++) {
      if (p.region().usedQubits().contains(cs.get(k).a()) && p.region().usedQubits().contains(cs.get(k).b())) {
        cs.set(k, cs.get(k).failed());
        break;
      }
    }
    ChipTruth failed = new ChipTruth(built.time(), built.qubits(), cs);
    assertEquals(Double.POSITIVE_INFINITY, FamilyCompiler.drift(p.region(), built, failed));
    assertEquals(Double.POSITIVE_INFINITY, fc.reuseBound(p.region(), built, failed, p.neighbours()));
  }
}
