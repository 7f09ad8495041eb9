package io.qubitd.circuit.qasm;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Register;
import io.qubitd.circuit.qasm.Ast.Pos;
import io.qubitd.circuit.qasm.GateLibrary.BodyOp;
import io.qubitd.circuit.qasm.GateLibrary.DefinedGate;
import io.qubitd.circuit.qasm.GateLibrary.GateRef;
import io.qubitd.circuit.qasm.GateLibrary.NativeGate;
import io.qubitd.circuit.qasm.GateLibrary.OpaqueGate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Turns a parsed program into a {@link Circuit}: resolves names, evaluates, broadcasts and inlines. */
final class QasmElaborator {

  /** Guards against programs whose loops or powers would expand without bound. */
  static final int MAX_OPERATIONS = 10_000_000;

  private final String file;
  private final int version;
  private final long maxOperations;
  private final Map<String, Double> inputs;
  private final Map<String, GateRef> gates = new HashMap<>();
  private final Set<String> userGates = new HashSet<>();
  private final Map<String, Pos> declared = new HashMap<>();
  private final Map<String, Register> qregs = new LinkedHashMap<>();
  private final Map<String, Register> cregs = new LinkedHashMap<>();
  private final Map<String, Double> constants = new HashMap<>();
  private final Map<String, Double> values = new HashMap<>();
  private final List<Operation> ops = new ArrayList<>();
  private boolean qelib1, stdgates;
  private int numQubits, numClbits;
  private long expanded;

  private record Mod(Ast.ModifierKind kind, int count) {}

  private QasmElaborator(String file, int version, Map<String, Double> inputs, long maxOperations) {
    this.file = file;
    this.version = version;
    this.maxOperations = maxOperations;
    this.inputs = inputs;
    gates.putAll(GateLibrary.builtins(version));
  }

  /** {@code maxOperations} bounds the expanded program, loops and powers included, while it is being built. */
  static Circuit elaborate(Ast.Program program, String file, String name, Map<String, Double> inputs, long maxOperations) {
    QasmElaborator e = new QasmElaborator(file, program.version(), inputs, maxOperations);
    for (Ast.Stmt s : program.statements()) e.exec(s, null);
    return new Circuit(name, List.copyOf(e.qregs.values()), List.copyOf(e.cregs.values()), e.ops);
  }

  private void exec(Ast.Stmt stmt, Condition cond) {
    if (stmt instanceof Ast.Include s) {
      include(s);
    } else if (stmt instanceof Ast.RegDecl s) {
      declare(s.name(), s.pos());
      int size = evalInt(s.size(), null, "the size of register " + s.name());
      if (size < 1) throw error(s.pos(), "register " + s.name() + " has size " + size + "; expected at least 1");
      if (s.quantum()) {
        qregs.put(s.name(), new Register(s.name(), numQubits, size));
        numQubits += size;
      } else {
        cregs.put(s.name(), new Register(s.name(), numClbits, size));
        numClbits += size;
      }
      if (s.measured() != null) exec(new Ast.MeasureStmt(s.measured(), new Ast.Operand(s.name(), null, s.pos()), s.pos()), null);
    } else if (stmt instanceof Ast.GateDecl s) {
      if (userGates.contains(s.name())) {
        throw error(s.pos(), "gate '" + s.name() + "' is defined twice; expected one definition per name");
      }
      gates.put(s.name(), define(s, gates));
      userGates.add(s.name());
    } else if (stmt instanceof Ast.OpaqueDecl s) {
      if (userGates.contains(s.name())) {
        throw error(s.pos(), "gate '" + s.name() + "' is defined twice; expected one definition per name");
      }
      gates.put(s.name(), new OpaqueGate(s.name(), s.params(), s.qubits()));
      userGates.add(s.name());
    } else if (stmt instanceof Ast.GateCall s) {
      applyTopLevel(s, cond);
    } else if (stmt instanceof Ast.MeasureStmt s) {
      int[] q = qubits(s.qubit());
      int[] c = bits(s.bit());
      if (q.length != c.length) {
        throw error(s.pos(), "measure of " + q.length + " qubit(s) into " + c.length + " bit(s); expected equal sizes");
      }
      for (int i = 0; i < q.length; i++) add(new Operation.Measure(q[i], c[i], cond), s.pos());
    } else if (stmt instanceof Ast.ResetStmt s) {
      for (Ast.Operand o : s.operands()) {
        for (int q : qubits(o)) add(new Operation.Reset(q, cond), s.pos());
      }
    } else if (stmt instanceof Ast.BarrierStmt s) {
      if (cond != null) throw error(s.pos(), "a conditional barrier; expected barriers outside if");
      List<Integer> qs = new ArrayList<>();
      if (s.operands().isEmpty()) {
        for (int q = 0; q < numQubits; q++) qs.add(q);
      }
      for (Ast.Operand o : s.operands()) {
        for (int q : qubits(o)) qs.add(q);
      }
      add(new Operation.Barrier(qs), s.pos());
    } else if (stmt instanceof Ast.DelayStmt s) {
      if (cond != null) throw error(s.pos(), "a conditional delay; expected delays outside if");
      for (Ast.Operand o : s.operands()) {
        for (int q : qubits(o)) add(new Operation.Delay(q, s.seconds()), s.pos());
      }
    } else if (stmt instanceof Ast.IfStmt s) {
      if (cond != null) throw error(s.pos(), "nested if: not supported; " + QasmSyntaxParser.SUBSET);
      Condition c = condition(s.cond());
      for (Ast.Stmt b : s.body()) exec(b, c);
    } else if (stmt instanceof Ast.ForStmt s) {
      loop(s, cond);
    } else if (stmt instanceof Ast.InputDecl s) {
      declare(s.name(), s.pos());
      Double v = inputs.get(s.name());
      if (v == null) {
        throw error(s.pos(), "input parameter '" + s.name() + "' has no value; expected it in the inputs, given "
            + new TreeSet<>(inputs.keySet()));
      }
      if (!Double.isFinite(v)) throw error(s.pos(), "input parameter '" + s.name() + "' is " + v + "; expected a finite number");
      values.put(s.name(), v);
    } else if (stmt instanceof Ast.ConstDecl s) {
      declare(s.name(), s.pos());
      double v = s.integer() ? evalInt(s.value(), null, "constant " + s.name()) : eval(s.value(), null);
      constants.put(s.name(), v);
      values.put(s.name(), v);
    }
  }

  private void include(Ast.Include s) {
    Map<String, GateRef> library = new LinkedHashMap<>();
    switch (s.file()) {
      case "qelib1.inc": {
        if (qelib1) return;
        qelib1 = true;
        Map<String, NativeGate> natives = GateLibrary.qelib1Native();
        Map<String, GateRef> scope = new HashMap<>(GateLibrary.builtins(2));
        Ast.Program lib = QasmSyntaxParser.parse(GateLibrary.qelib1Source(), "qelib1.inc", 2);
        for (Ast.Stmt st : lib.statements()) {
          Ast.GateDecl d = (Ast.GateDecl) st;
          GateRef g = natives.containsKey(d.name()) ? natives.get(d.name())
              : d.name().equals("cu") ? define(single(GateLibrary.QELIB1_CU, 2), scope)
              : define(d, scope);
          scope.put(d.name(), g);
          library.put(d.name(), g);
        }
        break;
      }
      case "stdgates.inc": {
        if (version == 2) throw error(s.pos(), "stdgates.inc is OpenQASM 3; expected qelib1.inc in an OpenQASM 2.0 file");
        if (stdgates) return;
        stdgates = true;
        Map<String, GateRef> scope = new HashMap<>(GateLibrary.builtins(3));
        scope.putAll(GateLibrary.stdgatesNative());
        library.putAll(scope);
        library.put("cu", define(single(GateLibrary.STDGATES_CU, 3), scope));
        break;
      }
      default:
        throw error(s.pos(), "include \"" + s.file() + "\": not supported; expected the built-in qelib1.inc"
            + (version == 3 ? " or stdgates.inc" : ""));
    }
    for (Map.Entry<String, GateRef> e : library.entrySet()) {
      if (!userGates.contains(e.getKey())) gates.put(e.getKey(), e.getValue());
    }
  }

  private static Ast.GateDecl single(String source, int version) {
    return (Ast.GateDecl) QasmSyntaxParser.parse(source, "qubitd", version).statements().get(0);
  }

  /** Resolves a gate definition's body against the gates of {@code scope}, checking every call. */
  private DefinedGate define(Ast.GateDecl d, Map<String, GateRef> scope) {
    distinct(d.params(), "parameter", d);
    distinct(d.qubits(), "qubit argument", d);
    List<BodyOp> body = new ArrayList<>();
    for (Ast.Stmt st : d.body()) {
      if (st instanceof Ast.BarrierStmt b) {
        List<Ast.Operand> operands = b.operands();
        if (operands.isEmpty()) operands = d.qubits().stream().map(q -> new Ast.Operand(q, null, b.pos())).toList();
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

  private int[] bodyQubits(List<Ast.Operand> list, Ast.GateDecl d) {
    int[] qs = new int[list.size()];
    for (int i = 0; i < qs.length; i++) {
      Ast.Operand o = list.get(i);
      if (o.index() != null) {
        throw error(o.pos(), "indexed qubit '" + o.name() + "[...]' inside gate " + d.name() + "; expected plain qubit argument names");
      }
      qs[i] = d.qubits().indexOf(o.name());
      if (qs[i] < 0) {
        throw error(o.pos(), "unknown qubit '" + o.name() + "' in gate " + d.name() + "; expected one of " + String.join(", ", d.qubits()));
      }
    }
    return qs;
  }

  private void distinct(List<String> names, String what, Ast.GateDecl d) {
    if (new HashSet<>(names).size() != names.size()) {
      throw error(d.pos(), "gate " + d.name() + " repeats a " + what + " name in " + names + "; expected distinct names");
    }
  }

  /** Checks that a gate body's expression only names its parameters, constants or pi. */
  private void checkNames(Ast.Expr e, List<String> params) {
    if (e instanceof Ast.Name n) {
      if (!params.contains(n.name()) && !constants.containsKey(n.name()) && Double.isNaN(mathConstant(n.name()))) {
        throw error(n.pos(), "unknown name '" + n.name() + "'; expected a gate parameter (" + String.join(", ", params) + "), a constant or pi");
      }
    } else if (e instanceof Ast.Unary u) {
      checkNames(u.operand(), params);
    } else if (e instanceof Ast.Binary b) {
      checkNames(b.left(), params);
      checkNames(b.right(), params);
    } else if (e instanceof Ast.Call c) {
      checkNames(c.argument(), params);
    }
  }

  private int controlCount(List<Ast.Modifier> mods, Map<String, Double> env) {
    int n = 0;
    for (Ast.Modifier m : mods) {
      if (m.kind() == Ast.ModifierKind.CTRL || m.kind() == Ast.ModifierKind.NEGCTRL) n += controls(m, env);
    }
    return n;
  }

  private int controls(Ast.Modifier m, Map<String, Double> env) {
    if (m.arg() == null) return 1;
    int k = evalInt(m.arg(), env, "the control count");
    if (k < 1) throw error(m.pos(), "control count " + k + "; expected a positive integer");
    return k;
  }

  // ---- applying gates

  private void applyTopLevel(Ast.GateCall s, Condition cond) {
    GateRef g = gates.get(s.name());
    if (g == null) throw unknownGate(s.name(), s.pos());
    if (g.numParams() != s.args().size()) {
      throw error(s.pos(), "gate '" + s.name() + "' is given " + s.args().size() + " parameter(s); expected " + g.numParams());
    }
    double[] params = new double[s.args().size()];
    for (int i = 0; i < params.length; i++) params[i] = eval(s.args().get(i), null);
    List<Mod> mods = mods(s.modifiers(), null);
    int needed = g.numQubits();
    for (Mod m : mods) if (m.kind() == Ast.ModifierKind.CTRL || m.kind() == Ast.ModifierKind.NEGCTRL) needed += m.count();
    if (s.operands().size() != needed) {
      throw error(s.pos(), "gate '" + s.name() + "'" + (mods.isEmpty() ? "" : " with its modifiers") + " is given "
          + s.operands().size() + " qubit operand(s); expected " + needed);
    }
    List<int[]> resolved = new ArrayList<>();
    int width = 1;
    Ast.Operand wide = null;
    for (Ast.Operand o : s.operands()) {
      int[] qs = qubits(o);
      resolved.add(qs);
      if (o.index() == null) {
        if (wide != null && qs.length != width) {
          throw error(o.pos(), "registers " + wide.name() + " (" + width + " qubits) and " + o.name() + " ("
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
        qs[j] = r.length == 1 && s.operands().get(j).index() != null ? r[0] : r[i];
      }
      for (int a = 0; a < qs.length; a++)
        for (int b = 0; b < a; b++)
          if (qs[a] == qs[b]) throw error(s.pos(), "gate '" + s.name() + "' is applied to qubit " + qubitName(qs[a]) + " twice; expected distinct qubits");
      List<Operation> out = new ArrayList<>();
      expand(g, params, mods, 0, qs, out, s.pos());
      for (Operation op : out) {
        if (cond == null) {
          add(op, s.pos());
        } else if (op instanceof Operation.GateOp go) {
          add(new Operation.GateOp(go.gate(), go.qubits(), cond), s.pos());
        } else {
          throw error(s.pos(), "gate '" + s.name() + "' contains a barrier and cannot be conditioned; expected a gate without barriers inside if");
        }
      }
    }
  }

  private List<Mod> mods(List<Ast.Modifier> modifiers, Map<String, Double> env) {
    List<Mod> out = new ArrayList<>();
    for (Ast.Modifier m : modifiers) {
      switch (m.kind()) {
        case CTRL: case NEGCTRL: out.add(new Mod(m.kind(), controls(m, env))); break;
        case INV: out.add(new Mod(m.kind(), 1)); break;
        default: {
          double k = eval(m.arg(), env);
          if (k != Math.rint(k) || Math.abs(k) > MAX_OPERATIONS) {
            throw error(m.arg().pos(), "pow(" + k + "): not supported; expected an integer exponent");
          }
          out.add(new Mod(m.kind(), (int) k));
        }
      }
    }
    return out;
  }

  /** Appends to {@code out} the operations of {@code g} on {@code qs} under modifiers {@code mods[k..]}. */
  private void expand(GateRef g, double[] params, List<Mod> mods, int k, int[] qs, List<Operation> out, Pos pos) {
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
        List<Operation> once = m.count() < 0 ? inverse(inner) : inner;
        for (int r = 0; r < Math.abs(m.count()); r++) {
          for (Operation op : once) add(out, op, pos);
        }
      }
    }
  }

  private static List<Operation> inverse(List<Operation> ops) {
    List<Operation> inv = new ArrayList<>(ops.size());
    for (Operation op : ops) {
      inv.add(op instanceof Operation.GateOp go ? new Operation.GateOp(go.gate().inverse(), go.qubits()) : op);
    }
    Collections.reverse(inv);
    return inv;
  }

  private void base(GateRef g, double[] params, int[] qs, List<Operation> out, Pos pos) {
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
        for (int i = 0; i < args.length; i++) args[i] = eval(b.args().get(i), env);
        expand(b.gate(), args, mods(b.modifiers(), env), 0, sub, out, pos);
      }
    }
  }

  private void add(List<Operation> out, Operation op, Pos pos) {
    if (++expanded > maxOperations) throw overBudget(pos);
    out.add(op);
  }

  private void add(Operation op, Pos pos) {
    if (ops.size() >= maxOperations) throw overBudget(pos);
    ops.add(op);
  }

  private QasmException overBudget(Pos pos) {
    return new OperationBudgetException(file, pos.line(), pos.column(), maxOperations);
  }

  private static List<Integer> ints(int[] a) {
    List<Integer> l = new ArrayList<>(a.length);
    for (int x : a) l.add(x);
    return l;
  }

  // ---- loops and conditions

  private void loop(Ast.ForStmt s, Condition cond) {
    if (declared.containsKey(s.variable()) || values.containsKey(s.variable())) {
      throw error(s.pos(), "loop variable '" + s.variable() + "' is already declared; expected a new name");
    }
    List<Integer> range = new ArrayList<>();
    if (s.set() != null) {
      for (Ast.Expr e : s.set()) range.add(evalInt(e, null, "a loop value"));
    } else {
      int a = evalInt(s.start(), null, "the loop start");
      int step = s.step() == null ? 1 : evalInt(s.step(), null, "the loop step");
      int b = evalInt(s.end(), null, "the loop end");
      if (step == 0) throw error(s.step().pos(), "loop step 0; expected a non-zero step");
      for (long i = a; step > 0 ? i <= b : i >= b; i += step) {
        if (range.size() >= maxOperations) throw overBudget(s.pos());
        range.add((int) i);
      }
    }
    try {
      for (int v : range) {
        values.put(s.variable(), (double) v);
        for (Ast.Stmt b : s.body()) exec(b, cond);
      }
    } finally {
      values.remove(s.variable());
    }
  }

  private Condition condition(Ast.Cond c) {
    Register reg = cregs.get(c.register());
    if (reg == null) {
      throw error(c.pos(), (qregs.containsKey(c.register()) ? "'" + c.register() + "' is a qubit register"
          : "unknown classical register '" + c.register() + "'") + "; expected a declared creg or bit");
    }
    boolean singleBit = c.bitIndex() != null || reg.size() == 1;
    long value = c.value() == null ? 1 : evalLong(c.value(), "the condition value");
    if (singleBit) {
      if (value != 0 && value != 1) throw error(c.pos(), "a bit compared with " + value + "; expected 0 or 1");
      if (c.notEqual()) value = 1 - value;
      int bit = c.bitIndex() == null ? reg.offset() : index(reg, c.bitIndex(), null);
      return new Condition(List.of(bit), value);
    }
    if (c.value() == null || c.notEqual()) {
      throw error(c.pos(), "a condition on the whole " + reg.size() + "-bit register " + reg.name()
          + (c.notEqual() ? " with !=: not supported" : "") + "; expected " + reg.name() + " == value");
    }
    if (value < 0 || (reg.size() < 63 && value >= (1L << reg.size()))) {
      throw error(c.pos(), "value " + value + " does not fit in the " + reg.size() + "-bit register " + reg.name()
          + "; expected 0 .. " + ((1L << Math.min(reg.size(), 62)) - 1));
    }
    List<Integer> bits = new ArrayList<>();
    for (int i = 0; i < reg.size(); i++) bits.add(reg.offset() + i);
    return new Condition(bits, value);
  }

  // ---- operands

  private int[] qubits(Ast.Operand o) {
    Register r = qregs.get(o.name());
    if (r == null) {
      throw error(o.pos(), (cregs.containsKey(o.name()) ? "'" + o.name() + "' is a classical register"
          : "unknown qubit register '" + o.name() + "'") + "; expected a declared qreg or qubit");
    }
    return indices(r, o);
  }

  private int[] bits(Ast.Operand o) {
    Register r = cregs.get(o.name());
    if (r == null) {
      throw error(o.pos(), (qregs.containsKey(o.name()) ? "'" + o.name() + "' is a qubit register"
          : "unknown classical register '" + o.name() + "'") + "; expected a declared creg or bit");
    }
    return indices(r, o);
  }

  private int[] indices(Register r, Ast.Operand o) {
    if (o.index() == null) {
      int[] all = new int[r.size()];
      for (int i = 0; i < all.length; i++) all[i] = r.offset() + i;
      return all;
    }
    return new int[] {index(r, o.index(), o.pos())};
  }

  private int index(Register r, Ast.Expr e, Pos pos) {
    int i = evalInt(e, null, "an index into " + r.name());
    if (i < 0 || i >= r.size()) {
      throw error(pos == null ? e.pos() : pos, "index " + i + " is out of range for " + r.name() + "[" + r.size()
          + "]; expected 0 .. " + (r.size() - 1));
    }
    return r.offset() + i;
  }

  private String qubitName(int q) {
    for (Register r : qregs.values()) {
      if (q >= r.offset() && q < r.offset() + r.size()) return r.name() + "[" + (q - r.offset()) + "]";
    }
    return "#" + q;
  }

  private void declare(String name, Pos pos) {
    Pos previous = declared.putIfAbsent(name, pos);
    if (previous != null) {
      throw error(pos, "'" + name + "' is already declared at line " + previous.line() + "; expected a new name");
    }
  }

  // ---- expressions

  /** Evaluates {@code e}; names come from {@code env} (a gate's parameters, then constants) or, when null, the program. */
  private double eval(Ast.Expr e, Map<String, Double> env) {
    if (e instanceof Ast.Num n) return n.value();
    if (e instanceof Ast.Name n) {
      Double v = env != null ? env.getOrDefault(n.name(), constants.get(n.name())) : values.get(n.name());
      if (v != null) return v;
      double c = mathConstant(n.name());
      if (!Double.isNaN(c)) return c;
      throw error(n.pos(), "unknown name '" + n.name() + "'; expected a parameter, constant, input, loop variable or pi");
    }
    if (e instanceof Ast.Unary u) return -eval(u.operand(), env);
    if (e instanceof Ast.Binary b) {
      double l = eval(b.left(), env), r = eval(b.right(), env);
      switch (b.op()) {
        case "+": return l + r;
        case "-": return l - r;
        case "*": return l * r;
        case "/": return l / r;
        default: return Math.pow(l, r);
      }
    }
    Ast.Call c = (Ast.Call) e;
    double x = eval(c.argument(), env);
    switch (c.function()) {
      case "sin": return Math.sin(x);
      case "cos": return Math.cos(x);
      case "tan": return Math.tan(x);
      case "exp": return Math.exp(x);
      case "ln": return Math.log(x);
      case "sqrt": return Math.sqrt(x);
      case "asin": case "arcsin": return Math.asin(x);
      case "acos": case "arccos": return Math.acos(x);
      default: return Math.atan(x);
    }
  }

  private static double mathConstant(String name) {
    switch (name) {
      case "pi": case "π": return Math.PI;
      case "tau": case "τ": return 2 * Math.PI;
      case "euler": case "ℇ": return Math.E;
      default: return Double.NaN;
    }
  }

  private int evalInt(Ast.Expr e, Map<String, Double> env, String what) {
    double v = eval(e, env);
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw error(e.pos(), what + " is " + v + "; expected an integer");
    }
    return (int) v;
  }

  private long evalLong(Ast.Expr e, String what) {
    double v = eval(e, null);
    if (v != Math.rint(v) || Math.abs(v) > 9.0e15) throw error(e.pos(), what + " is " + v + "; expected an integer");
    return (long) v;
  }

  // ---- errors

  private QasmException unknownGate(String name, Pos pos) {
    String hint = qelib1 || stdgates ? "a gate defined earlier with 'gate' or from the included library"
        : "a gate defined earlier with 'gate' (is an include \"" + (version == 2 ? "qelib1.inc" : "stdgates.inc") + "\" missing?)";
    return error(pos, "unknown gate '" + name + "'; expected " + hint);
  }

  private QasmException error(Pos pos, String message) {
    return new QasmException(file, pos.line(), pos.column(), message);
  }
}
