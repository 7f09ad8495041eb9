package io.qubitd.compile;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.CircuitUnitary;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.ZMatrixRMaj;

/**
 * Decomposes any IR gate into the chip's native set RZ, SX, X and CZ, exactly up to one global
 * phase per decomposed gate.
 *
 * <p>First every gate is lowered, exactly (phase included, since it matters under control), to
 * single-qubit gates, CX and CZ: controlled single-qubit gates by the A·X·B·X·C construction
 * (Nielsen and Chuang, 4.2), Toffoli by its 6-CX circuit, other multi-controlled gates by
 * Barenco et al. (1995) lemma 7.5, and two-qubit base gates as a conjugated RZ or CX core of which
 * only the core needs the controls. Then single-qubit gates become RZ/SX/X and CX becomes H·CZ·H.
 * Arbitrary two-qubit unitaries go through {@link #twoQubit} (KAK, at most 3 CZ).
 */
public final class NativeDecomposer {
  private NativeDecomposer() {}

  /** Tolerance for recognising a two-qubit unitary as a product of one-qubit gates. */
  private static final double PRODUCT_TOL = 1e-12;

  /** True for RZ, SX, X and CZ (Z with one control) without further controls. */
  public static boolean isNativeGate(Gate g) {
    return switch (g.kind()) {
      case RZ, SX, X -> g.controls() == 0;
      case Z -> g.controls() == 1;
      default -> false;
    };
  }

  /** True for native gates and for measure, reset, barrier and delay. */
  public static boolean isNative(Operation op) {
    return !(op instanceof Operation.GateOp g) || isNativeGate(g.gate());
  }

  /** The circuit with every gate decomposed; registers and non-gate operations unchanged. */
  public static Circuit decompose(Circuit c) {
    List<Operation> out = new ArrayList<>();
    for (Operation op : c.operations()) out.addAll(decompose(op));
    return new Circuit(c.name(), c.qregs(), c.cregs(), out, c.memory());
  }

  /** Native operations (time order) for one operation; non-gate operations come back as they are. */
  public static List<Operation> decompose(Operation op) {
    if (op instanceof Operation.GateOp g) return new ArrayList<>(decompose(g.gate(), g.qubits(), g.condition()));
    return List.of(op);
  }

  /**
   * Native gates (time order) equal to {@code gate} on {@code qubits} up to global phase, each
   * carrying {@code condition} (may be null). Precondition: qubits.size() == gate.arity(), distinct.
   */
  public static List<Operation.GateOp> decompose(Gate gate, List<Integer> qubits, Condition condition) {
    if (qubits.size() != gate.arity() || qubits.stream().distinct().count() != qubits.size()) {
      throw new IllegalArgumentException("gate " + gate + " needs " + gate.arity() + " distinct qubit(s), given " + qubits);
    }
    List<Operation.GateOp> lowered = new ArrayList<>();
    lower(gate, qubits.stream().mapToInt(Integer::intValue).toArray(), lowered);
    List<Operation.GateOp> out = new ArrayList<>();
    for (Operation.GateOp g : lowered) toNative(g, condition, out);
    return out;
  }

  /** Native gates equal to the 2×2 unitary {@code u} on {@code qubit} up to phase; empty for a phase. */
  public static List<Operation.GateOp> oneQubit(ZMatrixRMaj u, int qubit, Condition condition) {
    if (u.numRows != 2 || u.numCols != 2) {
      throw new IllegalArgumentException("a one-qubit unitary is 2x2, got " + u.numRows + "x" + u.numCols);
    }
    List<Operation.GateOp> out = new ArrayList<>();
    for (Gate g : OneQubitSynthesis.natives(u)) out.add(new Operation.GateOp(g, List.of(qubit), condition));
    return out;
  }

  /**
   * As few CZ as the unitary's class allows (0, 1, 2 or 3) and RZ/SX/X gates, equal to the 4×4
   * unitary {@code u} on (q0, q1) up to phase, q0 being the low bit of the matrix index.
   * Precondition: u unitary, q0 != q1.
   */
  public static List<Operation.GateOp> twoQubit(ZMatrixRMaj u, int q0, int q1, Condition condition) {
    if (q0 == q1) throw new IllegalArgumentException("two-qubit unitary on a repeated qubit " + q0);
    List<Operation.GateOp> out = new ArrayList<>();
    ZMatrixRMaj[] product = TwoQubitKak.factorOrNull(u, PRODUCT_TOL);
    if (product != null) {
      out.addAll(oneQubit(product[1], q0, condition));
      out.addAll(oneQubit(product[0], q1, condition));
      return out;
    }
    TwoQubitKak.Kak k = TwoQubitKak.decompose(u);
    ZMatrixRMaj canonical = SmallMatrices.mult(Gate.of(GateKind.RZZ, -2 * k.c()).matrix(),
        Gate.of(GateKind.RYY, -2 * k.b()).matrix(), Gate.of(GateKind.RXX, -2 * k.a()).matrix());
    // canonical = core · residual with a local residual: a core of 1 or 2 CZ when the class allows
    for (List<Operation.GateOp> core : cheapCores(k)) {
      Circuit.Builder coreCircuit = Circuit.builder(2, 0);
      core.forEach(coreCircuit::add);
      ZMatrixRMaj coreMatrix = CircuitUnitary.of(coreCircuit.build());
      ZMatrixRMaj[] residual = TwoQubitKak.factorOrNull(
          SmallMatrices.mult(SmallMatrices.dagger(coreMatrix), canonical), PRODUCT_TOL);
      if (residual == null) continue;
      out.addAll(oneQubit(SmallMatrices.mult(residual[1], k.beforeLow()), q0, condition));
      out.addAll(oneQubit(SmallMatrices.mult(residual[0], k.beforeHigh()), q1, condition));
      int[] map = {q0, q1};
      for (Operation.GateOp g : core) toNative((Operation.GateOp) QubitMapping.remap(g, map), condition, out);
      out.addAll(oneQubit(k.afterLow(), q0, condition));
      out.addAll(oneQubit(k.afterHigh(), q1, condition));
      return out;
    }
    out.addAll(oneQubit(k.beforeLow(), q0, condition));
    out.addAll(oneQubit(k.beforeHigh(), q1, condition));
    // exp(i(a XX + b YY + c ZZ)) with 3 CX (Vatan and Williams 2004, fig. 6)
    List<Operation.GateOp> vw = List.of(
        one(Gate.of(GateKind.RZ, Math.PI / 2), q1),
        cx(q1, q0),
        one(Gate.of(GateKind.RZ, -Math.PI / 2 - 2 * k.c()), q0),
        one(Gate.of(GateKind.RY, -Math.PI / 2 - 2 * k.a()), q1),
        cx(q0, q1),
        one(Gate.of(GateKind.RY, Math.PI / 2 + 2 * k.b()), q1),
        cx(q1, q0),
        one(Gate.of(GateKind.RZ, -Math.PI / 2), q0));
    for (Operation.GateOp g : vw) toNative(g, condition, out);
    out.addAll(oneQubit(k.afterLow(), q0, condition));
    out.addAll(oneQubit(k.afterHigh(), q1, condition));
    return out;
  }

  /**
   * Candidate cores on qubits (0, 1), fewest CZ first: exp(iπ/4 PP) for the three Paulis (the CZ
   * class), and exp(i(x PP + y QQ)) = CX·(RX(−2x) ⊗ RZ(−2y))·CX for the three pairs of axes (the
   * class with one canonical coordinate ≡ 0 mod π/2), rotated from XX, ZZ by local Cliffords.
   */
  private static List<List<Operation.GateOp>> cheapCores(TwoQubitKak.Kak k) {
    Operation.GateOp cz = new Operation.GateOp(Gate.controlled(GateKind.Z, 1), List.of(0, 1));
    List<List<Operation.GateOp>> cores = new ArrayList<>();
    cores.add(List.of(cz));
    cores.add(conjugated(List.of(cz), Gate.of(GateKind.H)));
    cores.add(conjugated(conjugated(List.of(cz), Gate.of(GateKind.H)), Gate.of(GateKind.S)));
    cores.add(xxZz(k.a(), k.c()));
    // S maps X to Y: exp(i(b YY + c ZZ))
    cores.add(conjugated(xxZz(k.b(), k.c()), Gate.of(GateKind.S)));
    // RX(-π/2) maps Z to ±Y on both qubits alike, so ZZ to YY: exp(i(a XX + b YY))
    cores.add(conjugated(xxZz(k.a(), k.b()), Gate.of(GateKind.RX, -Math.PI / 2)));
    return cores;
  }

  /** exp(i(x XX + y ZZ)) = CX(0,1) · (RX(−2x) on 0, RZ(−2y) on 1) · CX(0,1), as CX maps X0 to X0X1, Z1 to Z0Z1. */
  private static List<Operation.GateOp> xxZz(double x, double y) {
    return List.of(cx(0, 1), one(Gate.of(GateKind.RX, -2 * x), 0), one(Gate.of(GateKind.RZ, -2 * y), 1), cx(0, 1));
  }

  /** (W ⊗ W) · ops · (W† ⊗ W†) on qubits 0 and 1. */
  private static List<Operation.GateOp> conjugated(List<Operation.GateOp> ops, Gate w) {
    List<Operation.GateOp> out = new ArrayList<>();
    out.add(one(w.inverse(), 0));
    out.add(one(w.inverse(), 1));
    out.addAll(ops);
    out.add(one(w, 0));
    out.add(one(w, 1));
    return out;
  }

  private static void toNative(Operation.GateOp g, Condition condition, List<Operation.GateOp> out) {
    Gate gate = g.gate();
    List<Integer> q = g.qubits();
    if (gate.arity() == 1) {
      out.addAll(oneQubit(gate.matrix(), q.get(0), condition));
    } else if (gate.kind() == GateKind.Z && gate.controls() == 1) {
      out.add(new Operation.GateOp(gate, q, condition));
    } else if (gate.kind() == GateKind.X && gate.controls() == 1) {
      ZMatrixRMaj h = Gate.of(GateKind.H).matrix();
      out.addAll(oneQubit(h, q.get(1), condition));
      out.add(new Operation.GateOp(Gate.controlled(GateKind.Z, 1), q, condition));
      out.addAll(oneQubit(h, q.get(1), condition));
    } else {
      throw new IllegalStateException("lowering left a non-elementary gate " + gate);
    }
  }

  /** Appends 1q gates, CX and CZ exactly equal to g on q (global phase included unless g is a bare gphase). */
  private static void lower(Gate g, int[] q, List<Operation.GateOp> out) {
    GateKind k = g.kind();
    int c = g.controls();
    if (k == GateKind.GPHASE) return; // uncontrolled (the IR turns controlled gphase into P): a global phase
    if (k.qubits() == 2) {
      lowerTwoQubitBase(g, q, out);
      return;
    }
    if (c == 0) {
      out.add(new Operation.GateOp(g, List.of(q[0])));
      return;
    }
    int t = q[c];
    int[] ctrls = Arrays.copyOf(q, c);
    if (c == 1 && k == GateKind.X) {
      out.add(cx(ctrls[0], t));
    } else if (c == 1 && k == GateKind.Z) {
      out.add(new Operation.GateOp(Gate.controlled(GateKind.Z, 1), List.of(ctrls[0], t)));
    } else if (c == 1 && k == GateKind.Y) {
      out.add(one(Gate.of(GateKind.SDG), t));
      out.add(cx(ctrls[0], t));
      out.add(one(Gate.of(GateKind.S), t));
    } else if (c == 2 && k == GateKind.Z) {
      out.add(one(Gate.of(GateKind.H), t));
      toffoli(ctrls[0], ctrls[1], t, out);
      out.add(one(Gate.of(GateKind.H), t));
    } else if (k == GateKind.X) {
      multiControlledX(ctrls, t, out);
    } else {
      controlled(g.baseMatrix(), ctrls, t, out);
    }
  }

  /**
   * SWAP, RXX, RYY, RZZ, RZX with any number of controls: W·core·W† where only the core (a CX or an
   * RZ) takes the controls, because W·W† = I when the controls are off.
   */
  private static void lowerTwoQubitBase(Gate g, int[] q, List<Operation.GateOp> out) {
    int c = g.controls();
    int[] ctrls = Arrays.copyOf(q, c);
    int a = q[c], b = q[c + 1];
    if (g.kind() == GateKind.SWAP) {
      int[] coreCtrls = Arrays.copyOf(ctrls, c + 1);
      coreCtrls[c] = a;
      out.add(cx(b, a));
      multiControlledX(coreCtrls, b, out);
      out.add(cx(b, a));
      return;
    }
    List<Operation.GateOp> pre = new ArrayList<>();
    switch (g.kind()) {
      case RZZ -> { }
      case RXX -> { pre.add(one(Gate.of(GateKind.H), a)); pre.add(one(Gate.of(GateKind.H), b)); }
      case RYY -> {
        // Y = S X S†, then X = H Z H
        pre.add(one(Gate.of(GateKind.SDG), a)); pre.add(one(Gate.of(GateKind.SDG), b));
        pre.add(one(Gate.of(GateKind.H), a)); pre.add(one(Gate.of(GateKind.H), b));
      }
      case RZX -> pre.add(one(Gate.of(GateKind.H), b));
      default -> throw new IllegalStateException("not a two-qubit base gate: " + g);
    }
    out.addAll(pre);
    // RZZ(θ) = CX(a,b) · RZ(θ) on b · CX(a,b)
    out.add(cx(a, b));
    Gate core = new Gate(GateKind.RZ, g.params(), c);
    int[] coreQubits = Arrays.copyOf(ctrls, c + 1);
    coreQubits[c] = b;
    lower(core, coreQubits, out);
    out.add(cx(a, b));
    for (int i = pre.size() - 1; i >= 0; i--) {
      Operation.GateOp p = pre.get(i);
      out.add(new Operation.GateOp(p.gate().inverse(), p.qubits()));
    }
  }

  /** Exactly the 2×2 unitary u on t controlled by ctrls (at least one). */
  private static void controlled(ZMatrixRMaj u, int[] ctrls, int t, List<Operation.GateOp> out) {
    if (ctrls.length == 1) {
      controlledOnce(u, ctrls[0], t, out);
      return;
    }
    // Barenco et al. lemma 7.5 with V² = U
    ZMatrixRMaj v = sqrt(u);
    int last = ctrls[ctrls.length - 1];
    int[] rest = Arrays.copyOf(ctrls, ctrls.length - 1);
    controlledOnce(v, last, t, out);
    multiControlledX(rest, last, out);
    controlledOnce(SmallMatrices.dagger(v), last, t, out);
    multiControlledX(rest, last, out);
    controlled(v, rest, t, out);
  }

  /** Controlled-U = P(α) on the control · A·X·B·X·C on the target, U = e^{iα} RZ(β) RY(γ) RZ(δ), ABC = I. */
  private static void controlledOnce(ZMatrixRMaj u, int ctrl, int t, List<Operation.GateOp> out) {
    OneQubitSynthesis.Angles an = OneQubitSynthesis.angles(u);
    // U3(θ,φ,λ) = e^{i(φ+λ)/2} RZ(φ) RY(θ) RZ(λ)
    double alpha = an.phase() + (an.phi() + an.lambda()) / 2;
    double beta = an.phi(), gamma = an.theta(), delta = an.lambda();
    out.add(one(Gate.of(GateKind.RZ, (delta - beta) / 2), t));
    out.add(cx(ctrl, t));
    out.add(one(Gate.of(GateKind.RZ, -(delta + beta) / 2), t));
    out.add(one(Gate.of(GateKind.RY, -gamma / 2), t));
    out.add(cx(ctrl, t));
    out.add(one(Gate.of(GateKind.RY, gamma / 2), t));
    out.add(one(Gate.of(GateKind.RZ, beta), t));
    out.add(one(Gate.of(GateKind.P, alpha), ctrl));
  }

  private static void multiControlledX(int[] ctrls, int t, List<Operation.GateOp> out) {
    switch (ctrls.length) {
      case 1 -> out.add(cx(ctrls[0], t));
      case 2 -> toffoli(ctrls[0], ctrls[1], t, out);
      default -> controlled(Gate.of(GateKind.X).matrix(), ctrls, t, out);
    }
  }

  /** The exact 6-CX Toffoli (qelib1.inc's ccx). */
  private static void toffoli(int a, int b, int c, List<Operation.GateOp> out) {
    out.add(one(Gate.of(GateKind.H), c));
    out.add(cx(b, c));
    out.add(one(Gate.of(GateKind.TDG), c));
    out.add(cx(a, c));
    out.add(one(Gate.of(GateKind.T), c));
    out.add(cx(b, c));
    out.add(one(Gate.of(GateKind.TDG), c));
    out.add(cx(a, c));
    out.add(one(Gate.of(GateKind.T), b));
    out.add(one(Gate.of(GateKind.T), c));
    out.add(one(Gate.of(GateKind.H), c));
    out.add(cx(a, b));
    out.add(one(Gate.of(GateKind.T), a));
    out.add(one(Gate.of(GateKind.TDG), b));
    out.add(cx(a, b));
  }

  /**
   * A square root of a 2×2 unitary: u = e^{iγ} W with det W = 1, W = cos t·I + i sin t (n·σ), and
   * √W = cos(t/2)·I + (W − cos t·I) / (2 cos(t/2)), taken for t ≤ π/2 (via √W = i·√(−W) otherwise).
   */
  static ZMatrixRMaj sqrt(ZMatrixRMaj u) {
    double detArg = SmallMatrices.detArg(u);
    ZMatrixRMaj w = SmallMatrices.scale(u, Math.cos(-detArg / 2), Math.sin(-detArg / 2));
    double halfPhase = detArg / 4;
    double cos = (w.getReal(0, 0) + w.getReal(1, 1)) / 2;
    if (cos < 0) {
      w = SmallMatrices.scale(w, -1, 0);
      cos = -cos;
      halfPhase += Math.PI / 2; // the factor i of √W = i·√(−W)
    }
    double t = Math.acos(Math.min(1, cos));
    double ch = Math.cos(t / 2);
    ZMatrixRMaj r = new ZMatrixRMaj(2, 2);
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) {
        double re = (w.getReal(i, j) - (i == j ? cos : 0)) / (2 * ch) + (i == j ? ch : 0);
        double im = w.getImag(i, j) / (2 * ch);
        r.set(i, j, re, im);
      }
    return SmallMatrices.scale(r, Math.cos(halfPhase), Math.sin(halfPhase));
  }

  private static Operation.GateOp one(Gate g, int q) { return new Operation.GateOp(g, List.of(q)); }

  private static Operation.GateOp cx(int c, int t) {
    return new Operation.GateOp(Gate.controlled(GateKind.X, 1), List.of(c, t));
  }
}
