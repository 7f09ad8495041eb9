package io.qubitd.circuit.qasm;

import static io.qubitd.circuit.qasm.Matrices.R;
import static io.qubitd.circuit.qasm.Matrices.assertExact;
import static io.qubitd.circuit.qasm.Matrices.controlled;
import static io.qubitd.circuit.qasm.Matrices.diagPhases;
import static io.qubitd.circuit.qasm.Matrices.of;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import java.util.EnumMap;
import java.util.Map;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Every IR gate kind against its matrix typed from the textbook (Qiskit's definitions). */
class GateTextbookMatrixTest {

  private static final double T = 0.7, PHI = -1.3, LAM = 0.4;
  private static final double C = Math.cos(T / 2), S = Math.sin(T / 2);

  private static ZMatrixRMaj u3(double t, double p, double l) {
    double c = Math.cos(t / 2), s = Math.sin(t / 2);
    return of(
        new double[] {c, 0, -Math.cos(l) * s, -Math.sin(l) * s},
        new double[] {Math.cos(p) * s, Math.sin(p) * s, Math.cos(p + l) * c, Math.sin(p + l) * c});
  }

  private static Map<GateKind, ZMatrixRMaj> textbook() {
    Map<GateKind, ZMatrixRMaj> m = new EnumMap<>(GateKind.class);
    m.put(GateKind.ID, of(new double[] {1, 0, 0, 0}, new double[] {0, 0, 1, 0}));
    m.put(GateKind.X, of(new double[] {0, 0, 1, 0}, new double[] {1, 0, 0, 0}));
    m.put(GateKind.Y, of(new double[] {0, 0, 0, -1}, new double[] {0, 1, 0, 0}));
    m.put(GateKind.Z, of(new double[] {1, 0, 0, 0}, new double[] {0, 0, -1, 0}));
    m.put(GateKind.H, of(new double[] {R, 0, R, 0}, new double[] {R, 0, -R, 0}));
    m.put(GateKind.S, diagPhases(0, Math.PI / 2));
    m.put(GateKind.SDG, diagPhases(0, -Math.PI / 2));
    m.put(GateKind.T, diagPhases(0, Math.PI / 4));
    m.put(GateKind.TDG, diagPhases(0, -Math.PI / 4));
    m.put(GateKind.SX, of(new double[] {0.5, 0.5, 0.5, -0.5}, new double[] {0.5, -0.5, 0.5, 0.5}));
    m.put(GateKind.SXDG, of(new double[] {0.5, -0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5, -0.5}));
    m.put(GateKind.RX, of(new double[] {C, 0, 0, -S}, new double[] {0, -S, C, 0}));
    m.put(GateKind.RY, of(new double[] {C, 0, -S, 0}, new double[] {S, 0, C, 0}));
    m.put(GateKind.RZ, diagPhases(-T / 2, T / 2));
    m.put(GateKind.P, diagPhases(0, T));
    m.put(GateKind.U2, of(
        new double[] {R, 0, -R * Math.cos(LAM), -R * Math.sin(LAM)},
        new double[] {R * Math.cos(PHI), R * Math.sin(PHI), R * Math.cos(PHI + LAM), R * Math.sin(PHI + LAM)}));
    m.put(GateKind.U, u3(T, PHI, LAM));
    m.put(GateKind.GPHASE, diagPhases(T));
    m.put(GateKind.SWAP, of(
        new double[] {1, 0, 0, 0, 0, 0, 0, 0},
        new double[] {0, 0, 0, 0, 1, 0, 0, 0},
        new double[] {0, 0, 1, 0, 0, 0, 0, 0},
        new double[] {0, 0, 0, 0, 0, 0, 1, 0}));
    // exp(-iθ/2 P⊗P) = cos(θ/2) I - i sin(θ/2) P⊗P, little-endian (first qubit = low bit)
    m.put(GateKind.RXX, of(
        new double[] {C, 0, 0, 0, 0, 0, 0, -S},
        new double[] {0, 0, C, 0, 0, -S, 0, 0},
        new double[] {0, 0, 0, -S, C, 0, 0, 0},
        new double[] {0, -S, 0, 0, 0, 0, C, 0}));
    m.put(GateKind.RYY, of(
        new double[] {C, 0, 0, 0, 0, 0, 0, S},
        new double[] {0, 0, C, 0, 0, -S, 0, 0},
        new double[] {0, 0, 0, -S, C, 0, 0, 0},
        new double[] {0, S, 0, 0, 0, 0, C, 0}));
    m.put(GateKind.RZZ, diagPhases(-T / 2, T / 2, T / 2, -T / 2));
    // Z on qubit 0 (low bit), X on qubit 1 (high bit): X flips bit 1 with sign (-1)^{bit 0}
    m.put(GateKind.RZX, of(
        new double[] {C, 0, 0, 0, 0, -S, 0, 0},
        new double[] {0, 0, C, 0, 0, 0, 0, S},
        new double[] {0, -S, 0, 0, C, 0, 0, 0},
        new double[] {0, 0, 0, S, 0, 0, C, 0}));
    return m;
  }

  private static Gate gate(GateKind k, int controls) {
    double[] p = switch (k.params()) {
      case 0 -> new double[0];
      case 1 -> new double[] {T};
      case 2 -> new double[] {PHI, LAM};
      default -> new double[] {T, PHI, LAM};
    };
    return Gate.controlled(k, controls, p);
  }

  @Test
  void everyKindMatchesItsTextbookMatrix() {
    Map<GateKind, ZMatrixRMaj> book = textbook();
    assertEquals(GateKind.values().length, book.size(), "a textbook matrix for every kind");
    for (GateKind k : GateKind.values()) assertExact(book.get(k), gate(k, 0).matrix(), k.toString());
  }

  @Test
  void controlledFormsMatchTheirTextbookMatrices() {
    // cx with the control as bit 0: |c=1,t=0> (index 1) <-> |c=1,t=1> (index 3)
    assertExact(of(
        new double[] {1, 0, 0, 0, 0, 0, 0, 0},
        new double[] {0, 0, 0, 0, 0, 0, 1, 0},
        new double[] {0, 0, 0, 0, 1, 0, 0, 0},
        new double[] {0, 0, 1, 0, 0, 0, 0, 0}), gate(GateKind.X, 1).matrix(), "cx");
    assertExact(diagPhases(0, 0, 0, Math.PI), gate(GateKind.Z, 1).matrix(), "cz");
    assertExact(diagPhases(0, 0, 0, T), gate(GateKind.P, 1).matrix(), "cp");
    assertExact(diagPhases(0, -T / 2, 0, T / 2), gate(GateKind.RZ, 1).matrix(), "crz");
    ZMatrixRMaj ccx = diagPhases(0, 0, 0, 0, 0, 0, 0, 0);
    ccx.set(3, 3, 0, 0);
    ccx.set(7, 7, 0, 0);
    ccx.set(3, 7, 1, 0);
    ccx.set(7, 3, 1, 0);
    assertExact(ccx, gate(GateKind.X, 2).matrix(), "ccx");
    // cswap: control bit 0, swaps bits 1 and 2 when set: |a=1,b=0> (3) <-> |a=0,b=1> (5)
    ZMatrixRMaj cswap = diagPhases(0, 0, 0, 0, 0, 0, 0, 0);
    cswap.set(3, 3, 0, 0);
    cswap.set(5, 5, 0, 0);
    cswap.set(3, 5, 1, 0);
    cswap.set(5, 3, 1, 0);
    assertExact(cswap, gate(GateKind.SWAP, 1).matrix(), "cswap");
    Map<GateKind, ZMatrixRMaj> book = textbook();
    for (GateKind k : new GateKind[] {GateKind.Y, GateKind.H, GateKind.RX, GateKind.RY, GateKind.U, GateKind.SX}) {
      for (int controls = 1; controls <= 3; controls++) {
        assertExact(controlled(book.get(k), controls), gate(k, controls).matrix(), controls + "-controlled " + k);
      }
    }
  }

  @Test
  void controlledGlobalPhaseIsAPhaseGateOnTheControl() {
    Gate g = Gate.of(GateKind.GPHASE, T).withControl();
    assertExact(diagPhases(0, T), g.matrix(), "ctrl @ gphase");
  }
}
