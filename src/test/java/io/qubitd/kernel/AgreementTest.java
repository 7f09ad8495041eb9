package io.qubitd.kernel;

import static io.qubitd.kernel.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Operation;
import org.junit.jupiter.api.Test;

/**
 * Fused (every width), unfused, cache-blocked, sequential and parallel, double and single runs of
 * the same random circuits agree. Gate-by-gate applyGate (no fusion, no blocking) is the reference.
 */
class AgreementTest {
  private static final double TOL = 1e-10;
  private static final double FLOAT_TOL = 1e-4;

  private static StateVector gateByGate(Circuit c, KernelSettings s) {
    StateVector v = StateVector.zero(c.numQubits(), s);
    for (Operation op : c.operations()) {
      Operation.GateOp g = (Operation.GateOp) op;
      v.applyGate(g.gate(), g.qubits().stream().mapToInt(Integer::intValue).toArray());
    }
    return v;
  }

  @Test
  void randomCircuitsOn16And18QubitsAgreeOnEveryPath() {
    for (int n : new int[] {16, 18}) {
      Circuit c = RandomCircuits.random(n, 120, n);
      StateVector reference = gateByGate(c, sequential(1));
      assertEquals(1.0, reference.normSquared(), TOL);
      StateVector parallelGates = gateByGate(c, parallel(1));
      assertTrue(maxDiff(reference, parallelGates) < TOL, "gate by gate, parallel");
      for (int width = 1; width <= 5; width++) {
        StateVector seq = new IdealSimulator(sequential(width)).finalState(c);
        StateVector par = new IdealSimulator(parallel(width)).finalState(c);
        assertTrue(maxDiff(reference, seq) < TOL, n + " qubits, width " + width + " sequential: " + maxDiff(reference, seq));
        assertTrue(maxDiff(reference, par) < TOL, n + " qubits, width " + width + " parallel: " + maxDiff(reference, par));
      }
    }
  }

  @Test
  void layeredCircuitAgreesFusedBlockedParallelAndSingle() {
    Circuit c = RandomCircuits.layered(17, 6, 9);
    StateVector reference = gateByGate(c, sequential(1));
    StateVector fused = new IdealSimulator(parallel(4)).finalState(c);
    assertTrue(maxDiff(reference, fused) < TOL);
    PauliString zz = new PauliString("I".repeat(15) + "ZZ");
    double exact = reference.expectation(zz);
    double single = new IdealSimulator(parallel(4).withPrecision(Precision.SINGLE)).expectation(c, zz);
    assertEquals(exact, single, FLOAT_TOL);
    FloatStateVector f = FloatStateVector.zero(17, parallel(4));
    f.applyFused(GateFuser.fuse(c.operations().stream().map(o -> (Operation.GateOp) o).toList(), 4));
    double worst = 0;
    for (int i = 0; i < 1 << 17; i++) worst = Math.max(worst, Math.hypot(f.re(i) - reference.re(i), f.im(i) - reference.im(i)));
    assertTrue(worst < FLOAT_TOL, "single precision differs by " + worst);
  }
}
