package io.qubitd.backend;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Register;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.circuit.qasm.QasmSettings;
import io.qubitd.compile.NativeDecomposer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A circuit with {@code input float} parameters as a family: its native gates with every RZ angle an
 * affine function of the inputs, so the family compiles once per placement and each binding only
 * sets angles. Parametric RX, RY, RZ, P, CRZ and RZZ gates lower to fixed SX/CZ skeletons whose
 * parameters sit in RZ alone (RY(θ) = SX·RZ(θ+π)·SX·RZ(π) in time order, CRZ(θ) = RZ_t(θ/2)·CX·RZ_t(−θ/2)·CX,
 * CX = H·CZ·H); fixed gates go through {@link NativeDecomposer}.
 *
 * <p>Whether an angle is affine in the inputs is found from the parser itself: the program is parsed
 * at zero, at each unit input and at a random point, and the last must match the affine prediction.
 * Programs that measure mid-circuit, reset, branch or use parameters in other gates are not families
 * ({@link NotAFamily}); they take the ordinary one-circuit-at-a-time path.
 */
public final class ParametricFamily {

  /** Why a program cannot be run as a family; the caller falls back to binding and compiling each circuit. */
  public static final class NotAFamily extends IllegalArgumentException {
    public NotAFamily(String message) { super(message); }
  }

  /**
   * An RZ of the skeleton: on logical {@code qubit}, after {@code position} SX/X gates on that qubit,
   * with angle offset + Σ coefficients[j]·input[inputs[j]].
   */
  public record Slot(int qubit, int position, double offset, int[] inputs, double[] coefficients) {
    double angle(double[] binding) {
      double a = offset;
      for (int j = 0; j < inputs.length; j++) a += coefficients[j] * binding[inputs[j]];
      return a;
    }
  }

  private static final double AFFINE_TOLERANCE = 1e-9;

  private final List<String> inputs;
  private final Circuit skeleton;
  private final List<Slot> slots;
  private final int[] clbitOf;

  private ParametricFamily(List<String> inputs, Circuit skeleton, List<Slot> slots, int[] clbitOf) {
    this.inputs = List.copyOf(inputs);
    this.skeleton = skeleton;
    this.slots = List.copyOf(slots);
    this.clbitOf = clbitOf;
  }

  /** The input names, in the order bindings give their values. */
  public List<String> inputs() { return inputs; }

  /** The SX, X and CZ gates of the family with its measurements, RZ left out: what the compiler places and routes. */
  public Circuit skeleton() { return skeleton; }

  public List<Slot> slots() { return slots; }

  /** The classical bit each logical qubit is measured into. */
  public int[] clbitOf() { return clbitOf.clone(); }

  public int numQubits() { return skeleton.numQubits(); }

  /** {@code binding} as values in {@link #inputs()} order; throws naming a missing or unknown input. */
  public double[] values(Map<String, Double> binding) {
    double[] v = new double[inputs.size()];
    for (int i = 0; i < v.length; i++) {
      Double x = binding.get(inputs.get(i));
      if (x == null) throw new IllegalArgumentException("binding has no value for input '" + inputs.get(i) + "'");
      v[i] = x;
    }
    if (binding.size() != v.length) {
      for (String k : binding.keySet()) {
        if (!inputs.contains(k)) throw new IllegalArgumentException("binding names '" + k + "', which the circuit does not declare as input");
      }
    }
    return v;
  }

  /** angles[slot][b] for each binding (values in {@link #inputs()} order). */
  public double[][] angles(List<double[]> bindings) {
    double[][] a = new double[slots.size()][bindings.size()];
    for (int s = 0; s < a.length; s++) {
      Slot slot = slots.get(s);
      for (int b = 0; b < bindings.size(); b++) a[s][b] = slot.angle(bindings.get(b));
    }
    return a;
  }

  /**
   * The family of {@code qasm} with the inputs {@code inputNames}. Throws {@link NotAFamily} naming the
   * reason when the program cannot be compiled once for all bindings, and QasmException for bad text.
   */
  public static ParametricFamily of(String qasm, List<String> inputNames) {
    return of(qasm, inputNames, QasmSettings.DEFAULTS);
  }

  /** As {@link #of(String, List)}, reading the text with {@code reading} (the daemon's {@code qubitd.qasm} and the chip's dt). */
  public static ParametricFamily of(String qasm, List<String> inputNames, QasmSettings reading) {
    List<String> names = inputNames.stream().sorted().toList();
    int p = names.size();
    Circuit zero = parse(qasm, names, new double[p], reading);
    List<Operation> ops = zero.operations();
    double[][] offset = params(ops);
    double[][][] coefficient = new double[p][][];
    for (int i = 0; i < p; i++) {
      double[] unit = new double[p];
      unit[i] = 1;
      double[][] at = params(sameShape(zero, parse(qasm, names, unit, reading)));
      coefficient[i] = new double[at.length][];
      for (int g = 0; g < at.length; g++) {
        coefficient[i][g] = new double[at[g].length];
        for (int k = 0; k < at[g].length; k++) coefficient[i][g][k] = at[g][k] - offset[g][k];
      }
    }
    double[] probe = new SplittableRandom(names.hashCode()).doubles(p, -Math.PI, Math.PI).toArray();
    double[][] seen = params(sameShape(zero, parse(qasm, names, probe, reading)));
    for (int g = 0; g < seen.length; g++) {
      for (int k = 0; k < seen[g].length; k++) {
        double predicted = offset[g][k];
        for (int i = 0; i < p; i++) predicted += coefficient[i][g][k] * probe[i];
        if (Math.abs(predicted - seen[g][k]) > AFFINE_TOLERANCE * (1 + Math.abs(seen[g][k]))) {
          throw new NotAFamily("operation " + g + " (" + ops.get(g) + ") has an angle that is not affine in the inputs");
        }
      }
    }
    return lower(zero, names, offset, coefficient);
  }

  private static Circuit parse(String qasm, List<String> names, double[] values, QasmSettings reading) {
    Map<String, Double> m = new HashMap<>();
    for (int i = 0; i < names.size(); i++) m.put(names.get(i), values[i]);
    return QasmParser.parse(qasm, "family.qasm", m, reading).withDefaultMeasurements();
  }

  private static List<Operation> sameShape(Circuit a, Circuit b) {
    List<Operation> x = a.operations(), y = b.operations();
    if (x.size() != y.size()) throw new NotAFamily("the inputs change the number of operations");
    for (int i = 0; i < x.size(); i++) {
      Operation p = x.get(i), q = y.get(i);
      boolean same = p.getClass() == q.getClass() && p.qubits().equals(q.qubits())
          && (!(p instanceof Operation.GateOp g) || (g.gate().kind() == ((Operation.GateOp) q).gate().kind()
              && g.gate().controls() == ((Operation.GateOp) q).gate().controls()));
      if (!same) throw new NotAFamily("the inputs change operation " + i + " (" + p + " / " + q + ")");
    }
    return y;
  }

  private static double[][] params(List<Operation> ops) {
    double[][] out = new double[ops.size()][];
    for (int i = 0; i < ops.size(); i++) {
      out[i] = ops.get(i) instanceof Operation.GateOp g
          ? g.gate().params().stream().mapToDouble(Double::doubleValue).toArray() : new double[0];
    }
    return out;
  }

  /** Builds the skeleton and slots; the per-qubit SX/X count places each RZ. */
  private static ParametricFamily lower(Circuit zero, List<String> names, double[][] offset, double[][][] coefficient) {
    int n = zero.numQubits();
    int[] nonDiagonal = new int[n];
    int[] clbitOf = new int[n];
    Arrays.fill(clbitOf, -1);
    List<Operation> skeleton = new ArrayList<>();
    List<Slot> slots = new ArrayList<>();
    boolean[] measured = new boolean[n];
    List<Operation> ops = zero.operations();
    for (int g = 0; g < ops.size(); g++) {
      Operation op = ops.get(g);
      if (op.condition() != null) throw new NotAFamily("operation " + g + " is conditional");
      for (int q : op.qubits()) {
        if (measured[q] && !(op instanceof Operation.Barrier)) throw new NotAFamily("qubit " + q + " is used after its measurement");
      }
      if (op instanceof Operation.Barrier) continue;
      if (op instanceof Operation.Measure m) {
        if (clbitOf[m.qubit()] >= 0) throw new NotAFamily("qubit " + m.qubit() + " is measured twice");
        measured[m.qubit()] = true;
        clbitOf[m.qubit()] = m.clbit();
        skeleton.add(m);
        continue;
      }
      if (!(op instanceof Operation.GateOp gate)) throw new NotAFamily("operation " + g + " (" + op + ") is not a gate or a final measurement");
      Affine[] angle = new Affine[offset[g].length];
      boolean parametric = false;
      for (int k = 0; k < angle.length; k++) {
        angle[k] = Affine.of(offset[g][k], coefficient, g, k);
        parametric |= angle[k].inputs.length > 0;
      }
      Emitter out = new Emitter(skeleton, slots, nonDiagonal);
      if (parametric) lowerParametric(gate, angle, out, g);
      else for (Operation.GateOp nat : NativeDecomposer.decompose(gate.gate(), gate.qubits(), null)) out.fixed(nat);
    }
    for (int q = 0; q < n; q++) {
      if (clbitOf[q] < 0) throw new NotAFamily("qubit " + q + " is not measured; a family measures each of its qubits once, at the end");
    }
    Circuit sk = new Circuit(zero.name(), List.of(new Register("q", 0, n)), zero.cregs(), skeleton);
    return new ParametricFamily(names, sk, slots, clbitOf);
  }

  private static void lowerParametric(Operation.GateOp op, Affine[] angle, Emitter out, int index) {
    Gate gate = op.gate();
    List<Integer> qs = op.qubits();
    GateKind kind = gate.kind();
    int controls = gate.controls();
    if (controls == 0 && (kind == GateKind.RZ || kind == GateKind.P)) {
      out.rz(qs.get(0), angle[0]);
    } else if (controls == 0 && kind == GateKind.RY) {
      out.sx(qs.get(0));
      out.rz(qs.get(0), angle[0].plus(Math.PI));
      out.sx(qs.get(0));
      out.rz(qs.get(0), Affine.constant(Math.PI));
    } else if (controls == 0 && kind == GateKind.RX) {
      out.h(qs.get(0));
      out.rz(qs.get(0), angle[0]);
      out.h(qs.get(0));
    } else if (controls == 1 && kind == GateKind.RZ) {
      int c = qs.get(0), t = qs.get(1);
      out.rz(t, angle[0].times(0.5));
      out.cx(c, t);
      out.rz(t, angle[0].times(-0.5));
      out.cx(c, t);
    } else if (controls == 0 && kind == GateKind.RZZ) {
      int a = qs.get(0), b = qs.get(1);
      out.cx(a, b);
      out.rz(b, angle[0]);
      out.cx(a, b);
    } else {
      throw new NotAFamily("operation " + index + " (" + op + ") takes inputs; families take inputs in rx, ry, rz, p, crz and rzz only");
    }
  }

  /** An angle offset + Σ coefficients·inputs. */
  private record Affine(double offset, int[] inputs, double[] coefficients) {
    static Affine constant(double c) { return new Affine(c, new int[0], new double[0]); }

    static Affine of(double offset, double[][][] coefficient, int gate, int param) {
      List<Integer> idx = new ArrayList<>();
      List<Double> co = new ArrayList<>();
      for (int i = 0; i < coefficient.length; i++) {
        double c = coefficient[i][gate][param];
        if (Math.abs(c) > AFFINE_TOLERANCE) {
          idx.add(i);
          co.add(c);
        }
      }
      return new Affine(offset, idx.stream().mapToInt(Integer::intValue).toArray(), co.stream().mapToDouble(Double::doubleValue).toArray());
    }

    Affine plus(double c) { return new Affine(offset + c, inputs, coefficients); }

    Affine plus(Affine o) {
      Map<Integer, Double> sum = new java.util.TreeMap<>();
      for (int j = 0; j < inputs.length; j++) sum.merge(inputs[j], coefficients[j], Double::sum);
      for (int j = 0; j < o.inputs.length; j++) sum.merge(o.inputs[j], o.coefficients[j], Double::sum);
      return new Affine(offset + o.offset, sum.keySet().stream().mapToInt(Integer::intValue).toArray(),
          sum.values().stream().mapToDouble(Double::doubleValue).toArray());
    }

    Affine times(double f) {
      double[] c = coefficients.clone();
      for (int i = 0; i < c.length; i++) c[i] *= f;
      return new Affine(offset * f, inputs, c);
    }
  }

  /** Appends skeleton gates and slots, counting SX/X per qubit so each slot knows its place. */
  private record Emitter(List<Operation> skeleton, List<Slot> slots, int[] nonDiagonal) {
    void fixed(Operation.GateOp nat) {
      Gate g = nat.gate();
      if (g.kind() == GateKind.RZ && g.controls() == 0) {
        rz(nat.qubits().get(0), Affine.constant(g.param(0)));
        return;
      }
      skeleton.add(new Operation.GateOp(g, nat.qubits()));
      if (!g.isDiagonal()) for (int q : nat.qubits()) nonDiagonal[q]++;
    }

    /** RZs between the same two SX/X gates of a qubit commute and add up: one slot holds their sum. */
    void rz(int q, Affine a) {
      for (int s = slots.size() - 1; s >= 0; s--) {
        Slot have = slots.get(s);
        if (have.qubit() != q) continue;
        if (have.position() == nonDiagonal[q]) {
          Affine sum = new Affine(have.offset(), have.inputs(), have.coefficients()).plus(a);
          slots.set(s, new Slot(q, have.position(), sum.offset(), sum.inputs(), sum.coefficients()));
          return;
        }
        break;
      }
      slots.add(new Slot(q, nonDiagonal[q], a.offset(), a.inputs(), a.coefficients()));
    }

    void sx(int q) { fixed(new Operation.GateOp(Gate.of(GateKind.SX), List.of(q))); }

    /** H = RZ(π/2)·SX·RZ(π/2) up to phase. */
    void h(int q) {
      rz(q, Affine.constant(Math.PI / 2));
      sx(q);
      rz(q, Affine.constant(Math.PI / 2));
    }

    void cx(int c, int t) {
      h(t);
      fixed(new Operation.GateOp(Gate.controlled(GateKind.Z, 1), List.of(c, t)));
      h(t);
    }
  }
}
