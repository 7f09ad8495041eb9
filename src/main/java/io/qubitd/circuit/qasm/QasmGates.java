package io.qubitd.circuit.qasm;

import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.qasm.Ast.Pos;
import io.qubitd.circuit.qasm.ClassicalValue.Kind;
import io.qubitd.circuit.qasm.GateLibrary.BodyOp;
import io.qubitd.circuit.qasm.GateLibrary.DefinedGate;
import io.qubitd.circuit.qasm.GateLibrary.GateRef;
import io.qubitd.circuit.qasm.GateLibrary.NativeGate;
import io.qubitd.circuit.qasm.GateLibrary.OpaqueGate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gates: definitions checked against the library, calls broadcast over registers, modifiers (ctrl, negctrl,
 * inv, pow) expanded down to the IR's gates, parameters read from measurements turned into conditional copies.
 */
abstract class QasmGates extends QasmMemory {

  QasmGates(String file, int version, Map<String, Double> inputs, QasmSettings settings) {
    super(file, version, inputs, settings);
  }

  // ---- gates

  /** Resolves a gate definition's body against the gates of {@code scope}, checking every call. */
  DefinedGate define(Ast.GateDecl d, Map<String, GateRef> scope) {
    distinct(d.params(), "parameter", d);
    distinct(d.qubits(), "qubit argument", d);
    List<BodyOp> body = new ArrayList<>();
    for (Ast.Stmt st : d.body()) {
      if (st instanceof Ast.BarrierStmt b) {
        List<Ast.Expr> operands = b.operands();
        if (operands.isEmpty()) operands = d.qubits().stream().map(q -> (Ast.Expr) new Ast.Name(q, b.pos())).toList();
        body.add(new BodyOp(null, List.of(), List.of(), bodyQubits(operands, d), b.pos()));
        continue;
      }
      Ast.GateCall c = (Ast.GateCall) st;
      GateRef g = scope.get(c.name());
      if (g == null) throw unknownGate(c.name(), c.pos());
      if (g.numParams() != c.args().size()) {
        throw error(c.pos(), "gate '" + c.name() + "' is given " + c.args().size() + " parameter(s); expected " + g.numParams());
      }
      for (Ast.Expr a : c.args()) checkNames(a, d.params());
      int[] qs = bodyQubits(c.operands(), d);
      int needed = g.numQubits() + controlCount(c.modifiers(), null);
      if (qs.length != needed) {
        throw error(c.pos(), "gate '" + c.name() + "' with its modifiers is given " + qs.length + " qubit(s); expected " + needed);
      }
      for (int i = 0; i < qs.length; i++)
        for (int j = 0; j < i; j++)
          if (qs[i] == qs[j]) throw error(c.pos(), "gate '" + c.name() + "' is applied to qubit '" + d.qubits().get(qs[i]) + "' twice; expected distinct qubits");
      body.add(new BodyOp(g, c.modifiers(), c.args(), qs, c.pos()));
    }
    return new DefinedGate(d.name(), d.params(), d.qubits(), body);
  }

  int[] bodyQubits(List<Ast.Expr> list, Ast.GateDecl d) {
    int[] qs = new int[list.size()];
    for (int i = 0; i < qs.length; i++) {
      Ast.Expr o = list.get(i);
      if (!(o instanceof Ast.Name n)) {
        throw error(o.pos(), "indexed qubit inside gate " + d.name() + "; expected plain qubit argument names");
      }
      qs[i] = d.qubits().indexOf(n.name());
      if (qs[i] < 0) {
        throw error(o.pos(), "unknown qubit '" + n.name() + "' in gate " + d.name() + "; expected one of " + String.join(", ", d.qubits()));
      }
    }
    return qs;
  }

  void distinct(List<String> names, String what, Ast.GateDecl d) {
    if (new HashSet<>(names).size() != names.size()) {
      throw error(d.pos(), "gate " + d.name() + " repeats a " + what + " name in " + names + "; expected distinct names");
    }
  }

  /** Checks that a gate body's expression only names its parameters, constants or pi. */
  void checkNames(Ast.Expr e, List<String> params) {
    if (e instanceof Ast.Name n) {
      if (!params.contains(n.name()) && !isGlobalConstant(n.name()) && Double.isNaN(mathConstant(n.name()))) {
        throw error(n.pos(), "unknown name '" + n.name() + "'; expected a gate parameter (" + String.join(", ", params) + "), a constant or pi");
      }
    } else if (e instanceof Ast.Unary u) {
      checkNames(u.operand(), params);
    } else if (e instanceof Ast.Binary b) {
      checkNames(b.left(), params);
      checkNames(b.right(), params);
    } else if (e instanceof Ast.Call c) {
      for (Ast.Expr a : c.args()) checkNames(a, params);
    } else if (e instanceof Ast.Cast c) {
      checkNames(c.value(), params);
    }
  }

  boolean isGlobalConstant(String name) {
    return global.names.get(name) instanceof Var v && v.constant;
  }

  int controlCount(List<Ast.Modifier> mods, Map<String, Double> env) {
    int n = 0;
    for (Ast.Modifier m : mods) {
      if (m.kind() == Ast.ModifierKind.CTRL || m.kind() == Ast.ModifierKind.NEGCTRL) n += controls(m, env);
    }
    return n;
  }

  int controls(Ast.Modifier m, Map<String, Double> env) {
    if (m.arg() == null) return 1;
    double k = number(m.arg(), env);
    if (k != Math.rint(k) || k < 1 || k > 64) throw error(m.pos(), "control count " + k + "; expected a positive integer");
    return (int) k;
  }

  void applyGate(Ast.GateCall s) {
    GateRef g = gates.get(s.name());
    if (g == null) throw unknownGate(s.name(), s.pos());
    if (g.numParams() != s.args().size()) {
      throw error(s.pos(), "gate '" + s.name() + "' is given " + s.args().size() + " parameter(s); expected " + g.numParams());
    }
    ClassicalValue[] values = new ClassicalValue[s.args().size()];
    boolean runtime = false;
    for (int i = 0; i < values.length; i++) {
      values[i] = value(eval(s.args().get(i)), s.args().get(i).pos());
      runtime |= !values[i].isConstant();
    }
    if (!runtime) {
      double[] params = new double[values.length];
      for (int i = 0; i < params.length; i++) params[i] = values[i].value();
      applyGate(s, g, params);
      return;
    }
    // A parameter read from measurements: one copy of the gate per value it can take, each under the
    // condition that the measured bits read one of the readings giving that value (exact in every branch).
    if (wideGuard != null) throw wide(s.pos());
    int[] deps = ClassicalValue.unionDeps(values);
    if (deps.length > Condition.MAX_TABLE_BITS) throw new ClassicalValue.TooManyBits(deps.length);
    Map<List<Double>, BitSet> readings = new LinkedHashMap<>();
    for (int r = 0; r < 1 << deps.length; r++) {
      List<Double> tuple = new ArrayList<>(values.length);
      for (ClassicalValue v : values) tuple.add(v.at(deps, r));
      readings.computeIfAbsent(tuple, t -> new BitSet()).set(r);
    }
    ClassicalValue saved = guard;
    try {
      for (Map.Entry<List<Double>, BitSet> e : readings.entrySet()) {
        double[] table = new double[1 << deps.length];
        for (int r = e.getValue().nextSetBit(0); r >= 0; r = e.getValue().nextSetBit(r + 1)) table[r] = 1;
        ClassicalValue when = new ClassicalValue(Kind.BOOL, 0, deps, table).reduced();
        ClassicalValue both = saved == null ? when : ClassicalValue.combine(saved, when, Kind.BOOL, 0, (a, b) -> a != 0 && b != 0 ? 1 : 0);
        if (both.isConstant() && both.value() == 0) continue;
        guard = both.isConstant() ? saved : both;
        double[] params = new double[values.length];
        for (int i = 0; i < params.length; i++) params[i] = e.getKey().get(i);
        applyGate(s, g, params);
      }
    } finally {
      guard = saved;
    }
  }

  void applyGate(Ast.GateCall s, GateRef g, double[] params) {
    List<Mod> mods = mods(s.modifiers(), null);
    int needed = g.numQubits();
    for (Mod m : mods) if (m.kind() == Ast.ModifierKind.CTRL || m.kind() == Ast.ModifierKind.NEGCTRL) needed += m.count();
    if (s.operands().size() != needed) {
      throw error(s.pos(), "gate '" + s.name() + "'" + (mods.isEmpty() ? "" : " with its modifiers") + " is given "
          + s.operands().size() + " qubit operand(s); expected " + needed);
    }
    List<int[]> resolved = new ArrayList<>();
    List<Boolean> singles = new ArrayList<>();
    int width = 1;
    Ast.Expr wide = null;
    for (Ast.Expr o : s.operands()) {
      QRef ref = qref(o);
      int[] qs = ref.qubits();
      resolved.add(qs);
      singles.add(ref.single());
      if (!ref.single()) {
        if (wide != null && qs.length != width) {
          throw error(o.pos(), "registers " + name(wide) + " (" + width + " qubits) and " + name(o) + " ("
              + qs.length + " qubits) have different sizes; expected equal sizes to apply " + s.name() + " pairwise");
        }
        wide = o;
        width = qs.length;
      }
    }
    for (int i = 0; i < width; i++) {
      int[] qs = new int[resolved.size()];
      for (int j = 0; j < qs.length; j++) {
        int[] r = resolved.get(j);
        qs[j] = singles.get(j) ? r[0] : r[i];
      }
      for (int a = 0; a < qs.length; a++)
        for (int b = 0; b < a; b++)
          if (qs[a] == qs[b]) throw error(s.pos(), "gate '" + s.name() + "' is applied to qubit " + qubitName(qs[a]) + " twice; expected distinct qubits");
      List<Operation> out = new ArrayList<>();
      expand(g, params, mods, 0, qs, out, s.pos());
      for (Operation op : out) {
        if (guarded() && op instanceof Operation.Barrier) continue;
        emit(op, s.pos());
      }
    }
  }

  List<Mod> mods(List<Ast.Modifier> modifiers, Map<String, Double> env) {
    List<Mod> out = new ArrayList<>();
    for (Ast.Modifier m : modifiers) {
      switch (m.kind()) {
        case CTRL: case NEGCTRL: out.add(new Mod(m.kind(), controls(m, env))); break;
        case INV: out.add(new Mod(m.kind(), 1)); break;
        default: {
          double k = number(m.arg(), env);
          if (!Double.isFinite(k)) throw error(m.arg().pos(), "pow(" + k + "); expected a finite exponent");
          if (k != Math.rint(k)) {
            out.add(new Mod(m.kind(), 0, k));
          } else if (Math.abs(k) > settings.maxOperations()) {
            throw error(m.arg().pos(), "pow(" + fmt(k) + ") repeats the gate more times than the operation budget"
                + " qubitd.qasm.max-operations = " + settings.maxOperations() + "; expected a smaller exponent");
          } else {
            out.add(new Mod(m.kind(), (int) k));
          }
        }
      }
    }
    return out;
  }

  /** Appends to {@code out} the operations of {@code g} on {@code qs} under modifiers {@code mods[k..]}. */
  void expand(GateRef g, double[] params, List<Mod> mods, int k, int[] qs, List<Operation> out, Pos pos) {
    if (k == mods.size()) {
      base(g, params, qs, out, pos);
      return;
    }
    Mod m = mods.get(k);
    switch (m.kind()) {
      case CTRL: case NEGCTRL: {
        int c = m.count();
        int[] rest = new int[qs.length - c];
        System.arraycopy(qs, c, rest, 0, rest.length);
        List<Operation> inner = new ArrayList<>();
        expand(g, params, mods, k + 1, rest, inner, pos);
        if (m.kind() == Ast.ModifierKind.NEGCTRL) {
          for (int j = 0; j < c; j++) add(out, new Operation.GateOp(Gate.of(GateKind.X), List.of(qs[j])), pos);
        }
        for (Operation op : inner) {
          if (op instanceof Operation.GateOp go) {
            Gate gate = go.gate();
            List<Integer> targets = new ArrayList<>(go.qubits());
            for (int j = c - 1; j >= 0; j--) {
              gate = gate.withControl();
              targets.add(0, qs[j]);
            }
            add(out, new Operation.GateOp(gate, targets), pos);
          } else {
            add(out, op, pos);
          }
        }
        if (m.kind() == Ast.ModifierKind.NEGCTRL) {
          for (int j = 0; j < c; j++) add(out, new Operation.GateOp(Gate.of(GateKind.X), List.of(qs[j])), pos);
        }
        return;
      }
      case INV: {
        List<Operation> inner = new ArrayList<>();
        expand(g, params, mods, k + 1, qs, inner, pos);
        out.addAll(inverse(inner));
        return;
      }
      default: {
        List<Operation> inner = new ArrayList<>();
        expand(g, params, mods, k + 1, qs, inner, pos);
        if (m.fractional()) {
          // the principal power of the gate's matrix (one qubit: the matrix is 2×2 and becomes u and gphase)
          if (qs.length != 1) {
            throw error(pos, "pow(" + m.exponent() + ") of a gate on " + qs.length + " qubits: not supported;"
                + " expected an integer exponent, or a non-integer one on a one-qubit gate");
          }
          for (Operation op : inner) {
            if (op instanceof Operation.GateOp go && go.condition() == null) continue;
            if (op instanceof Operation.Barrier) continue;
            throw error(pos, "pow(" + m.exponent() + ") of a gate whose body is not only gates; expected a unitary gate");
          }
          List<Gate> power = GatePower.power(inner, m.exponent());
          add(out, new Operation.GateOp(power.get(0), List.of(qs[0])), pos);
          add(out, new Operation.GateOp(power.get(1), List.of()), pos);
          return;
        }
        List<Operation> once = m.count() < 0 ? inverse(inner) : inner;
        for (int r = 0; r < Math.abs(m.count()); r++) {
          for (Operation op : once) add(out, op, pos);
        }
      }
    }
  }

  static List<Operation> inverse(List<Operation> ops) {
    List<Operation> inv = new ArrayList<>(ops.size());
    for (Operation op : ops) {
      inv.add(op instanceof Operation.GateOp go ? new Operation.GateOp(go.gate().inverse(), go.qubits()) : op);
    }
    Collections.reverse(inv);
    return inv;
  }

  void base(GateRef g, double[] params, int[] qs, List<Operation> out, Pos pos) {
    if (g instanceof NativeGate n) {
      for (double v : params) {
        if (!Double.isFinite(v)) throw error(pos, "gate '" + g.name() + "' gets parameter " + v + "; expected a finite number");
      }
      List<Double> p = new ArrayList<>(params.length);
      for (double v : params) p.add(v);
      add(out, new Operation.GateOp(new Gate(n.kind(), p, n.controls()), ints(qs)), pos);
    } else if (g instanceof OpaqueGate) {
      throw error(pos, "opaque gate '" + g.name() + "' has no definition and cannot be run; expected a gate defined with 'gate'");
    } else {
      DefinedGate d = (DefinedGate) g;
      if (++gateDepth > MAX_GATE_DEPTH) {
        throw error(pos, "gate '" + g.name() + "' expands through more than " + MAX_GATE_DEPTH
            + " levels of gate definitions; expected gates defined in fewer levels");
      }
      Map<String, Double> env = new HashMap<>();
      for (int i = 0; i < params.length; i++) env.put(d.params().get(i), params[i]);
      for (BodyOp b : d.body()) {
        int[] sub = new int[b.qubits().length];
        for (int i = 0; i < sub.length; i++) sub[i] = qs[b.qubits()[i]];
        if (b.gate() == null) {
          add(out, new Operation.Barrier(ints(sub)), pos);
          continue;
        }
        double[] args = new double[b.args().size()];
        for (int i = 0; i < args.length; i++) args[i] = number(b.args().get(i), env);
        expand(b.gate(), args, mods(b.modifiers(), env), 0, sub, out, pos);
      }
      gateDepth--;
    }
  }

  void add(List<Operation> out, Operation op, Pos pos) {
    if (++expanded > settings.maxOperations()) {
      throw new OperationBudgetException(file, pos.line(), pos.column(), settings.maxOperations());
    }
    out.add(op);
  }

  static List<Integer> ints(int[] a) {
    List<Integer> l = new ArrayList<>(a.length);
    for (int x : a) l.add(x);
    return l;
  }

}
