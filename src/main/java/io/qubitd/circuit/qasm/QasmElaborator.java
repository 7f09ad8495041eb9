package io.qubitd.circuit.qasm;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.ClassicalMemory;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Register;
import io.qubitd.circuit.qasm.Ast.Pos;
import io.qubitd.circuit.qasm.ClassicalValue.Kind;
import io.qubitd.circuit.qasm.GateLibrary.GateRef;
import io.qubitd.circuit.qasm.GateLibrary.NativeGate;
import io.qubitd.circuit.qasm.GateLibrary.OpaqueGate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a parsed program into a {@link Circuit}: resolves names, runs the classical part of the
 * program, broadcasts and inlines gates and subroutines.
 *
 * <p>Classical code runs here, at elaboration. A value that depends on measured bits is kept as a
 * table over those bits ({@link ClassicalValue}); a condition on it becomes a {@link Condition}
 * that the kernel evaluates on each branch's classical memory. Classical bits are written only by
 * measurement, as on hardware: a bit register holds either a value the program assigned (known
 * here) or the memory bit a measurement wrote. A {@code while} whose condition reads measured bits
 * is unrolled, each pass conditioned on the loop condition read afresh, which is exact because a
 * pass that does not run leaves the bits, and so the condition, unchanged.
 */
final class QasmElaborator extends QasmGates {

  private QasmElaborator(String file, int version, Map<String, Double> inputs, QasmSettings settings) {
    super(file, version, inputs, settings);
  }

  static Circuit elaborate(Ast.Program program, String file, String name, Map<String, Double> inputs, QasmSettings settings) {
    if (program.statements().isEmpty()) {
      throw new QasmException(file, 1, 1, "the program is empty; expected OpenQASM statements such as qubit declarations and gates");
    }
    double[] stretches = declaresStretch(program.statements())
        ? StretchSolver.solve(values -> run(program, file, inputs, settings, values, true), file) : null;
    return run(program, file, inputs, settings, stretches, false).build(name);
  }

  /** One elaboration with the stretches at {@code stretches} (null: all 0); with {@code probing}, a trial run. */
  private static QasmElaborator run(Ast.Program program, String file, Map<String, Double> inputs, QasmSettings settings,
      double[] stretches, boolean probing) {
    QasmElaborator e = new QasmElaborator(file, program.version(), inputs, settings);
    e.stretchValues = stretches;
    e.probing = probing;
    for (Ast.Stmt s : program.statements()) e.scan(s);
    try {
      e.execAll(program.statements());
    } catch (Jump j) {
      throw e.error(j.pos, "'" + j.kind + "' outside a " + (j.kind.equals("return") ? "subroutine" : "loop")
          + "; expected it inside one");
    } catch (ClassicalValue.TooManyBits t) {
      throw new QasmException(file, 0, 0, "a classical value depends on " + t.getMessage() + " measured bits; expected at most "
          + Condition.MAX_TABLE_BITS);
    }
    return e;
  }

  private static boolean declaresStretch(List<Ast.Stmt> body) {
    for (Ast.Stmt s : body) {
      boolean found = s instanceof Ast.Decl d ? d.type().name().equals("stretch")
          : s instanceof Ast.IfStmt i ? declaresStretch(i.then()) || declaresStretch(i.otherwise())
          : s instanceof Ast.ForStmt f ? declaresStretch(f.body())
          : s instanceof Ast.WhileStmt w ? declaresStretch(w.body())
          : s instanceof Ast.SwitchStmt sw ? sw.cases().stream().anyMatch(c -> declaresStretch(c.body()))
              || (sw.otherwise() != null && declaresStretch(sw.otherwise()))
          : s instanceof Ast.DefStmt def ? declaresStretch(def.body())
          : s instanceof Ast.BoxStmt x ? declaresStretch(x.body())
          : s instanceof Ast.Block blk && declaresStretch(blk.body());
      if (found) return true;
    }
    return false;
  }

  private Circuit build(String name) {
    if (numQubits == 0) {
      throw new QasmException(file, 1, 1, "the program declares no qubits; expected at least one qubit or qreg");
    }
    for (Map.Entry<String, Var> o : outputs.entrySet()) outputRegister(o.getKey(), o.getValue());
    Map<Integer, ClassicalMemory.DerivedBit> derived = new java.util.TreeMap<>();
    boolean extra = false;
    for (Register r : cregs) {
      for (int i = 0; i < r.size(); i++) {
        int bit = r.offset() + i;
        Slot s = owner[bit];
        if (s.mem == bit && s.derived == null) continue;
        ClassicalValue v = slotValue(s);
        if (v.isConstant() && v.value() == 0 && !memWritten[bit]) continue;
        BitSet ones = new BitSet();
        for (int k = 0; k < v.table().length; k++) if (v.table()[k] != 0) ones.set(k);
        derived.put(bit, new ClassicalMemory.DerivedBit(java.util.Arrays.stream(v.deps()).boxed().toList(), ones));
      }
    }
    for (int m = 0; m < memBits; m++) if (owner[m] == null || !owner[m].visible) extra = true;
    ClassicalMemory memory = !derived.isEmpty() || extra ? new ClassicalMemory(memBits, derived) : null;
    return new Circuit(name, qregs, cregs, ops, memory);
  }

  /** An {@code output} integer or bool becomes a register of its width holding its final value, as Qiskit reports registers. */
  private void outputRegister(String name, Var v) {
    if (!(v.value instanceof ClassicalValue cv) || cv.kind() == Kind.FLOAT || cv.kind() == Kind.ANGLE || cv.kind() == Kind.DURATION
        || ((cv.kind() == Kind.INT || cv.kind() == Kind.UINT) && cv.width() == 0)) {
      throw new QasmException(file, 0, 0, "output " + name + " is not a sized integer or bool; qubitd reports outputs as registers,"
          + " expected bit[n], bool, int[n] or uint[n]");
    }
    int width = cv.kind() == Kind.BOOL ? 1 : cv.width();
    if (memBits + width > 64) {
      throw new QasmException(file, 0, 0, "output " + name + " of " + width + " bits brings classical memory past 64 bits; expected at most 64");
    }
    cregs.add(new Register(name, memBits, width));
    for (int k = 0; k < width; k++) {
      Slot slot = new Slot(true, 0);
      slot.home = memBits++;
      owner[slot.home] = slot;
      final int bit = k;
      slot.derived = cv.map(Kind.BIT, 1, x -> ((long) x >>> bit) & 1);
      slots.add(slot);
    }
  }

  // ---- statements

  private void execAll(List<Ast.Stmt> body) {
    for (Ast.Stmt s : body) exec(s);
  }

  private void execScoped(List<Ast.Stmt> body) {
    scopes.push(new Scope(false));
    try {
      execAll(body);
    } finally {
      scopes.pop();
    }
  }

  private void exec(Ast.Stmt stmt) {
    try {
      execChecked(stmt);
    } catch (ClassicalValue.TooManyBits t) {
      throw error(stmt.pos(), "this statement makes a classical value depend on " + t.getMessage() + " measured bits;"
          + " expected at most " + Condition.MAX_TABLE_BITS + " (conditions are tables over the bits they read)");
    }
  }

  private void execChecked(Ast.Stmt stmt) {
    if (++steps > 10 * settings.maxOperations()) {
      throw error(stmt.pos(), "elaboration runs more than " + 10 * settings.maxOperations()
          + " statements (ten per operation of the budget qubitd.qasm.max-operations = " + settings.maxOperations()
          + "); expected a smaller program");
    }
    if (stmt instanceof Ast.Include s) {
      include(s);
    } else if (stmt instanceof Ast.Decl s) {
      declare(s);
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
    } else if (stmt instanceof Ast.DefStmt s) {
      bind(s.name(), new Def(s), s.pos());
    } else if (stmt instanceof Ast.GateCall s) {
      Object target = lookup(s.name());
      if (target instanceof Def d && !gates.containsKey(s.name())) {
        List<Ast.Expr> args = new ArrayList<>(s.args());
        args.addAll(s.operands());
        call(d, args, s.pos());
      } else {
        applyGate(s);
      }
    } else if (stmt instanceof Ast.MeasureStmt s) {
      int[] q = qubits(s.qubit());
      if (s.bit() == null) {
        for (int qb : q) measureInto(qb, null, s.pos());
        return;
      }
      if (s.bit() instanceof Ast.Index ix && lookup(name(ix.base())) instanceof Var && evalTarget(s.bit()) instanceof ElementRef er
          && er.arr == null) {
        measureIntoElement(s.qubit(), er, s.pos());
        return;
      }
      int[] c = bits(s.bit());
      if (q.length != c.length) {
        throw error(s.pos(), "measure of " + q.length + " qubit(s) into " + c.length + " bit(s); expected equal sizes");
      }
      for (int i = 0; i < q.length; i++) measureInto(q[i], slots.get(c[i]), s.pos());
    } else if (stmt instanceof Ast.ResetStmt s) {
      for (Ast.Expr o : s.operands()) {
        for (int q : qubits(o)) emit(new Operation.Reset(q, null), s.pos());
      }
    } else if (stmt instanceof Ast.BarrierStmt s) {
      List<Integer> qs = new ArrayList<>();
      if (s.operands().isEmpty()) {
        for (int q = 0; q < numQubits; q++) qs.add(q);
      }
      for (Ast.Expr o : s.operands()) {
        for (int q : qubits(o)) qs.add(q);
      }
      emit(new Operation.Barrier(qs), s.pos());
    } else if (stmt instanceof Ast.DelayStmt s) {
      double seconds = duration(s.duration());
      if (probing) {
        timing.add(new TimingFact(seconds, false, s.pos(), "a delay"));
        seconds = Math.max(seconds, 0);
      }
      if (s.operands().isEmpty()) {
        for (int q = 0; q < numQubits; q++) emit(new Operation.Delay(q, seconds), s.pos());
      }
      for (Ast.Expr o : s.operands()) {
        for (int q : qubits(o)) emit(new Operation.Delay(q, seconds), s.pos());
      }
    } else if (stmt instanceof Ast.IfStmt s) {
      ifStmt(s);
    } else if (stmt instanceof Ast.ForStmt s) {
      loop(s);
    } else if (stmt instanceof Ast.WhileStmt s) {
      whileLoop(s);
    } else if (stmt instanceof Ast.SwitchStmt s) {
      switchStmt(s);
    } else if (stmt instanceof Ast.Assign s) {
      assign(s);
    } else if (stmt instanceof Ast.ExprStmt s) {
      eval(s.expr());
    } else if (stmt instanceof Ast.Jump s) {
      if (s.kind().equals("end")) throw new Jump("end", s.pos(), null);
      throw new Jump(s.kind(), s.pos(), null);
    } else if (stmt instanceof Ast.ReturnStmt s) {
      throw new Jump("return", s.pos(), s.value() == null ? null : eval(s.value()));
    } else if (stmt instanceof Ast.LetStmt s) {
      Object v = eval(s.value());
      if (!(v instanceof QRef) && !(v instanceof BRef)) {
        throw error(s.pos(), "let " + s.name() + " aliases a classical value; expected qubits or bits (a register, slice or concatenation)");
      }
      bind(s.name(), v, s.pos());
    } else if (stmt instanceof Ast.BoxStmt s) {
      double d = s.duration() != null ? duration(s.duration()) : Double.NaN;
      int mark = ops.size();
      execScoped(s.body());
      if (s.duration() != null) fillBox(s, d, mark);
    } else if (stmt instanceof Ast.Block s) {
      execScoped(s.body());
    }
  }

  private void declare(Ast.Decl s) {
    Ast.Type t = s.type();
    boolean top = scopes.peek() == global;
    if (t.name().equals("qubit")) {
      if (!top) throw error(s.pos(), "qubit declaration inside a block or subroutine; expected it at the top level");
      int size = t.size() == null ? 1 : size(t.size(), "the size of register " + s.name());
      if ((long) numQubits + size > MAX_QUBITS) {
        throw error(s.pos(), "register " + s.name() + " of " + size + " qubits brings the program to "
            + ((long) numQubits + size) + " qubits; expected at most " + MAX_QUBITS);
      }
      int[] qs = new int[size];
      for (int i = 0; i < size; i++) qs[i] = numQubits + i;
      bind(s.name(), new QRef(qs, t.size() == null), s.pos());
      qregs.add(new Register(s.name(), numQubits, size));
      numQubits += size;
      return;
    }
    if (t.name().equals("bit")) {
      int size = t.size() == null ? 1 : size(t.size(), "the size of register " + s.name());
      int[] ids = new int[size];
      if (top) {
        if (memBits + size > MAX_QUBITS) {
          throw error(s.pos(), "register " + s.name() + " of " + size + " bits brings classical memory to " + (memBits + size)
              + " bits; expected at most " + MAX_QUBITS);
        }
        growMemory(memBits + size);
        cregs.add(new Register(s.name(), memBits, size));
      }
      for (int i = 0; i < size; i++) {
        Slot slot = new Slot(top, frames.size());
        if (top) {
          // a register bit is its memory bit from the start (memory starts at 0), so conditions on it stay in the circuit
          slot.home = memBits++;
          slot.mem = slot.home;
          owner[slot.home] = slot;
        }
        ids[i] = slots.size();
        slots.add(slot);
      }
      BRef ref = new BRef(ids, t.size() == null);
      bind(s.name(), ref, s.pos());
      if ("input".equals(s.qualifier())) {
        assignBits(ref, inputValue(s, Kind.BIT, size), s.pos());
      } else if (s.init() != null) {
        if (s.init() instanceof Ast.MeasureExpr m) {
          measureAssign(ref, m);
        } else {
          assignBits(ref, eval(s.init()), s.pos());
        }
      }
      return;
    }
    if (t.name().equals("array")) {
      Kind k = kindOf(t.element());
      int w = width(t.element());
      if (t.dims() == null || t.dims().isEmpty()) throw error(s.pos(), "array " + s.name() + " has no dimensions; expected array[type, size, ...]");
      int[] dims = new int[t.dims().size()];
      long total = 1;
      for (int i = 0; i < dims.length; i++) {
        dims[i] = size(t.dims().get(i), "a dimension of array " + s.name());
        total *= dims[i];
        if (total > settings.maxOperations()) {
          throw error(s.pos(), "array " + s.name() + " has more than " + settings.maxOperations()
              + " elements (qubitd.qasm.max-operations); expected a smaller array");
        }
      }
      ClassicalValue[] data = new ClassicalValue[(int) total];
      java.util.Arrays.fill(data, ClassicalValue.constant(k, w, 0));
      Arr arr = new Arr(k, w, dims, data);
      if (s.init() != null) fillArray(arr, 0, 0, eval(s.init()), s.init().pos());
      bind(s.name(), new Var(arr, "const".equals(s.qualifier())), s.pos());
      return;
    }
    if (t.name().equals("complex")) {
      // complex[float[n]]: held as two doubles whatever n; inputs and outputs are real numbers
      if (s.qualifier() != null && !s.qualifier().equals("const")) {
        throw error(s.pos(), s.qualifier() + " complex " + s.name() + ": not supported; expected an input or output of a real type");
      }
      ComplexValue z = s.init() == null ? new ComplexValue(0, 0) : complex(eval(s.init()), s.init().pos());
      bind(s.name(), new Var(z, "const".equals(s.qualifier())), s.pos());
      return;
    }
    Kind k = kindOf(t);
    int w = width(t);
    ClassicalValue v;
    if ("input".equals(s.qualifier())) {
      v = inputValue(s, k, w);
    } else if (t.name().equals("stretch")) {
      // the value solved for it (StretchSolver), or 0, the smallest non-negative value, when nothing constrains it
      int index = stretchesDeclared++;
      v = ClassicalValue.constant(Kind.DURATION, 0, stretchValues != null && index < stretchValues.length ? stretchValues[index] : 0);
    } else if (s.init() != null) {
      v = value(eval(s.init()), s.init().pos()).as(k, w);
    } else {
      v = ClassicalValue.constant(k, w, 0);
    }
    if ("const".equals(s.qualifier()) && !v.isConstant()) {
      throw error(s.pos(), "constant " + s.name() + " depends on measured bits; expected a value known before the run");
    }
    Var var = new Var(v, "const".equals(s.qualifier()));
    bind(s.name(), var, s.pos());
    if ("output".equals(s.qualifier())) {
      if (!top) throw error(s.pos(), "output " + s.name() + " inside a block; expected outputs at the top level");
      outputs.put(s.name(), var);
    }
  }

  private ClassicalValue inputValue(Ast.Decl s, Kind k, int w) {
    Double v = inputs.get(s.name());
    if (v == null) {
      throw error(s.pos(), "input parameter '" + s.name() + "' has no value; expected it in the inputs, given "
          + new TreeSet<>(inputs.keySet()));
    }
    if (!Double.isFinite(v)) throw error(s.pos(), "input parameter '" + s.name() + "' is " + v + "; expected a finite number");
    if ((k == Kind.INT || k == Kind.UINT || k == Kind.BIT) && v != Math.rint(v)) {
      throw error(s.pos(), "input parameter '" + s.name() + "' is " + v + "; expected an integer for its type");
    }
    return ClassicalValue.constant(k, w, v);
  }

  @Override
  void fillArray(Arr arr, int dim, int offset, Object init, Pos pos) {
    int stride = 1;
    for (int i = dim + 1; i < arr.dims().length; i++) stride *= arr.dims()[i];
    if (init instanceof List<?> list) {
      if (list.size() != arr.dims()[dim]) {
        throw error(pos, "array initializer has " + list.size() + " elements; expected " + arr.dims()[dim]);
      }
      for (int i = 0; i < list.size(); i++) fillArray(arr, dim + 1, offset + i * stride, list.get(i), pos);
    } else if (init instanceof Arr a) {
      int n = stride * arr.dims()[dim];
      if (a.data().length != n) throw error(pos, "array of " + a.data().length + " elements assigned to " + n + "; expected equal shapes");
      for (int i = 0; i < n; i++) arr.data()[offset + i] = a.data()[i].as(arr.kind(), arr.width());
    } else {
      if (dim != arr.dims().length) throw error(pos, "a single value where an array row is expected; expected {...}");
      arr.data()[offset] = value(init, pos).as(arr.kind(), arr.width());
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

  // ---- control flow

  private void ifStmt(Ast.IfStmt s) {
    checkComparison(s.cond());
    Condition w = wideCondition(s.cond());
    if (w != null) {
      if (!s.otherwise().isEmpty()) throw error(s.pos(), "else after a condition on " + w.clbits().size()
          + " measured bits: not supported; expected at most " + Condition.MAX_TABLE_BITS + " bits for if/else");
      if (guard != null || wideGuard != null) throw wide(s.pos());
      int[] deps = w.clbits().stream().mapToInt(Integer::intValue).toArray();
      frames.push(new Frame(deps));
      wideGuard = w;
      try {
        execScoped(s.then());
      } catch (Jump j) {
        throw error(j.pos, "'" + j.kind + "' under a condition on measured bits: not supported;"
            + " expected it under conditions known before the run");
      } finally {
        frames.pop();
        wideGuard = null;
      }
      return;
    }
    ClassicalValue c = truth(eval(s.cond()), s.cond().pos());
    if (c.isConstant()) {
      execScoped(c.value() != 0 ? s.then() : s.otherwise());
      return;
    }
    int logStart = writeLog.size();
    underCondition(c, s.then(), s.pos());
    if (!s.otherwise().isEmpty()) {
      requireUnwritten(c, logStart, s.pos(), "the else branch");
      underCondition(c.map(Kind.BOOL, 0, v -> v != 0 ? 0 : 1), s.otherwise(), s.pos());
    }
  }

  /** {@code bits == value} with a value the bits cannot hold is a mistake, not a condition that is never true. */
  private void checkComparison(Ast.Expr cond) {
    if (!(cond instanceof Ast.Binary b) || !(b.op().equals("==") || b.op().equals("!="))) return;
    if (!(b.left() instanceof Ast.Name || b.left() instanceof Ast.Index)) return;
    Object left = eval(b.left());
    if (!(left instanceof BRef ref)) return;
    ClassicalValue right = value(eval(b.right()), b.right().pos());
    if (!right.isConstant()) return;
    double v = right.value();
    int n = ref.slots().length;
    if (ref.single() || n == 1) {
      if (v != 0 && v != 1) throw error(b.pos(), "a bit compared with " + fmt(v) + "; expected 0 or 1");
    } else if (v < 0 || v != Math.rint(v) || (n < 53 && v >= Math.pow(2, n))) {
      throw error(b.pos(), "value " + fmt(v) + " does not fit in the " + n + "-bit register " + name(b.left())
          + "; expected 0 .. " + (n < 53 ? (long) Math.pow(2, n) - 1 : Long.MAX_VALUE));
    }
  }

  /**
   * {@code register == value} on a register of more than {@link Condition#MAX_TABLE_BITS} measured bits, as
   * OpenQASM 2 programs write it: a plain condition, since a table over its bits would not fit; null otherwise.
   */
  private Condition wideCondition(Ast.Expr cond) {
    if (!(cond instanceof Ast.Binary b) || !b.op().equals("==") || !(b.left() instanceof Ast.Name)) return null;
    Object left = eval(b.left());
    if (!(left instanceof BRef ref) || ref.slots().length <= Condition.MAX_TABLE_BITS) return null;
    List<Integer> bits = new ArrayList<>();
    for (int id : ref.slots()) {
      Slot s = slots.get(id);
      if (s.mem < 0 || s.derived != null) return null;
      bits.add(s.mem);
    }
    if (new HashSet<>(bits).size() != bits.size()) return null;
    long v = integer(b.right(), "the condition value");
    return new Condition(bits, v);
  }

  private void underCondition(ClassicalValue c, List<Ast.Stmt> body, Pos pos) {
    if (wideGuard != null) throw wide(pos);
    ClassicalValue saved = guard;
    ClassicalValue g = guard == null ? c : ClassicalValue.combine(guard, c, Kind.BOOL, 0, (a, b) -> a != 0 && b != 0 ? 1 : 0);
    if (g.isConstant() && g.value() == 0) return;
    frames.push(new Frame(c.deps()));
    guard = g.isConstant() ? null : g;
    try {
      execScoped(body);
    } catch (Jump j) {
      throw error(j.pos, "'" + j.kind + "' under a condition on measured bits: not supported;"
          + " expected it under conditions known before the run");
    } finally {
      frames.pop();
      guard = saved;
    }
  }

  private void requireUnwritten(ClassicalValue c, int logStart, Pos pos, String what) {
    for (int i = logStart; i < writeLog.size(); i++) {
      if (c.dependsOn(writeLog.get(i))) {
        throw error(pos, what + " is chosen by bits an earlier branch measures again: not supported;"
            + " expected branches that do not measure into the bits their condition reads");
      }
    }
  }

  private void loop(Ast.ForStmt s) {
    List<ClassicalValue> values = new ArrayList<>();
    if (s.range() != null) {
      Ast.Range r = s.range();
      long a = integer(r.start(), "the loop start");
      long step = r.step() == null ? 1 : integer(r.step(), "the loop step");
      long b = integer(r.end(), "the loop end");
      if (step == 0) throw error(r.step().pos(), "loop step 0; expected a non-zero step");
      long passes = step > 0 ? (b < a ? 0 : (b - a) / step + 1) : (a < b ? 0 : (a - b) / -step + 1);
      if (passes > settings.maxOperations()) {
        throw new OperationBudgetException(file, s.pos().line(), s.pos().column(), settings.maxOperations(),
            "the loop runs " + passes + " times, more than the operation budget qubitd.qasm.max-operations = "
            + settings.maxOperations() + "; expected a smaller range");
      }
      int framesAtEntry = frames.size();
      for (long k = 0, i = a; k < passes; k++, i += step) {
        if (!pass(s, ClassicalValue.constant(Kind.INT, 0, i), framesAtEntry)) break;
      }
      return;
    }
    if (s.set() != null) {
      for (Ast.Expr e : s.set().values()) values.add(value(eval(e), e.pos()));
    } else {
      Object over = eval(s.over());
      if (over instanceof Arr arr) {
        if (arr.dims().length != 1) throw error(s.pos(), "a loop over a " + arr.dims().length + "-dimensional array; expected one dimension");
        values.addAll(List.of(arr.data()));
      } else if (over instanceof BRef br) {
        for (int id : br.slots()) values.add(readSlots(new int[] {id}));
      } else {
        throw error(s.over().pos(), "a loop over a single value; expected a range, a set, an array or a bit register");
      }
    }
    int framesAtEntry = frames.size();
    for (ClassicalValue v : values) {
      if (!pass(s, v, framesAtEntry)) break;
    }
  }

  /** One pass of a for loop; false after 'break'. */
  private boolean pass(Ast.ForStmt s, ClassicalValue v, int framesAtEntry) {
    scopes.push(new Scope(false));
    try {
      scopes.peek().names.put(s.variable(), new Var(v, false));
      execAll(s.body());
    } catch (Jump j) {
      if (j.kind.equals("break") && frames.size() == framesAtEntry) return false;
      if (!j.kind.equals("continue") || frames.size() != framesAtEntry) throw j;
    } finally {
      scopes.pop();
    }
    return true;
  }

  private void whileLoop(Ast.WhileStmt s) {
    ClassicalValue previous = null;
    int runtimePasses = 0, logAtPass = 0;
    while (true) {
      ClassicalValue c = truth(eval(s.cond()), s.cond().pos());
      if (c.isConstant()) {
        if (c.value() == 0) return;
        if (++steps > 10 * settings.maxOperations()) {
          throw error(s.pos(), "the while loop runs more than " + 10 * settings.maxOperations()
              + " passes (ten per operation of the budget qubitd.qasm.max-operations); expected a loop that ends");
        }
        try {
          execScoped(s.body());
        } catch (Jump j) {
          if (j.kind.equals("break")) return;
          if (!j.kind.equals("continue")) throw j;
        }
        continue;
      }
      if (previous != null && previous.sameAs(c) && !rewritten(c, logAtPass)) {
        throw error(s.pos(), "the while loop's condition reads measured bits its body does not measure again,"
            + " so once true it never ends; expected a body that re-measures the condition's bits");
      }
      if (runtimePasses++ == settings.maxDynamicIterations()) return;
      previous = c;
      logAtPass = writeLog.size();
      Map<Object, Object> before = valuesInScope();
      underCondition(c, s.body(), s.pos());
      writeBack(before, s.pos());
    }
  }

  /** Whether a measurement since write-log entry {@code from} wrote a bit {@code c} reads. */
  private boolean rewritten(ClassicalValue c, int from) {
    for (int i = from; i < writeLog.size(); i++) if (c.dependsOn(writeLog.get(i))) return true;
    return false;
  }

  private void switchStmt(Ast.SwitchStmt s) {
    ClassicalValue subject = value(eval(s.subject()), s.subject().pos());
    if (subject.kind() == Kind.FLOAT || subject.kind() == Kind.ANGLE || subject.kind() == Kind.DURATION) {
      throw error(s.subject().pos(), "switch on a " + subject.kind().name().toLowerCase() + " value; expected an integer");
    }
    List<ClassicalValue> matches = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (Ast.Case c : s.cases()) {
      ClassicalValue any = ClassicalValue.constant(Kind.BOOL, 0, 0);
      for (Ast.Expr e : c.values()) {
        long label = integer(e, "a case label");
        if (!seen.add(label)) throw error(e.pos(), "case " + label + " appears twice; expected distinct labels");
        ClassicalValue eq = subject.map(Kind.BOOL, 0, v -> v == label ? 1 : 0);
        any = ClassicalValue.combine(any, eq, Kind.BOOL, 0, (a, b) -> a != 0 || b != 0 ? 1 : 0);
      }
      matches.add(any);
    }
    ClassicalValue none = ClassicalValue.constant(Kind.BOOL, 0, 1);
    for (ClassicalValue m : matches) none = ClassicalValue.combine(none, m, Kind.BOOL, 0, (a, b) -> a != 0 && b == 0 ? 1 : 0);
    int logStart = writeLog.size();
    for (int i = 0; i < s.cases().size(); i++) {
      branch(matches.get(i), s.cases().get(i).body(), subject, logStart, s.cases().get(i).pos());
    }
    if (s.otherwise() != null) branch(none, s.otherwise(), subject, logStart, s.pos());
  }

  private void branch(ClassicalValue cond, List<Ast.Stmt> body, ClassicalValue subject, int logStart, Pos pos) {
    if (cond.isConstant()) {
      if (cond.value() != 0) execScoped(body);
      return;
    }
    requireUnwritten(subject, logStart, pos, "this case");
    underCondition(cond, body, pos);
  }

  // ---- timing

  /**
   * Runs the block only to time it: its operations are scheduled as soon as their qubits are free, each taking
   * the settings' {@link QasmSettings.GateTimes}, and then taken out of the program again.
   */
  @Override
  double durationOf(Ast.DurationOf d) {
    int mark = ops.size(), logMark = writeLog.size();
    try {
      execScoped(d.body());
    } catch (Jump j) {
      throw error(j.pos, "'" + j.kind + "' inside durationof; expected gates, delays, resets and barriers");
    }
    if (writeLog.size() != logMark) {
      throw error(d.pos(), "durationof of a block that measures; expected gates, delays, resets and barriers");
    }
    List<Operation> block = new ArrayList<>(ops.subList(mark, ops.size()));
    ops.subList(mark, ops.size()).clear();
    double end = 0;
    for (double f : finishTimes(block, d.pos())) end = Math.max(end, f);
    return end;
  }

  /**
   * A box of duration {@code d} holding the operations from index {@code mark}: each qubit they use is busy for
   * {@code d}. While stretches are being solved, the room each qubit has left is recorded (a stretch on its path
   * fills it); otherwise a qubit with room idles to the end of the box, and one whose operations take longer than
   * {@code d} is an error.
   */
  private void fillBox(Ast.BoxStmt s, double d, int mark) {
    List<Operation> block = new ArrayList<>(ops.subList(mark, ops.size()));
    double[] finish = finishTimes(block, s.pos());
    java.util.TreeSet<Integer> used = new java.util.TreeSet<>();
    for (Operation op : block) used.addAll(op.qubits());
    for (int q : used) {
      double room = d - finish[q];
      if (probing) {
        timing.add(new TimingFact(room, true, s.pos(), "box[" + d + " s] on " + qubitName(q)));
      } else if (room < -STRETCH_TOLERANCE) {
        throw error(s.pos(), "box of " + d + " s holds " + finish[q] + " s of operations on " + qubitName(q)
            + "; expected at most the box's duration");
      } else if (room > STRETCH_TOLERANCE) {
        emit(new Operation.Delay(q, room), s.pos());
      }
    }
  }

  /**
   * When each qubit finishes {@code block} started together, operations as soon as their qubits are free and
   * taking the settings' {@link QasmSettings.GateTimes}.
   */
  private double[] finishTimes(List<Operation> block, Pos pos) {
    double[] free = new double[numQubits];
    QasmSettings.GateTimes t = settings.gateTimes();
    for (Operation op : block) {
      List<Integer> qs = op instanceof Operation.Barrier b && b.qubits().isEmpty()
          ? java.util.stream.IntStream.range(0, numQubits).boxed().toList() : op.qubits();
      double start = 0;
      for (int q : qs) start = Math.max(start, free[q]);
      double seconds;
      if (op instanceof Operation.GateOp g) {
        int n = g.qubits().size();
        if (n > 2) throw error(pos, "timing a gate on " + n + " qubits (" + g.gate() + "); expected gates on one or two qubits");
        seconds = n == 2 ? t.twoQubit() : n == 1 && !g.gate().isDiagonal() ? t.oneQubit() : 0;
      } else if (op instanceof Operation.Reset) {
        seconds = t.reset();
      } else if (op instanceof Operation.Delay delay) {
        seconds = delay.seconds();
      } else {
        seconds = 0;
      }
      for (int q : qs) free[q] = start + seconds;
    }
    return free;
  }

  // ---- subroutines

  @Override
  Object call(Def d, List<Ast.Expr> argExprs, Pos pos) {
    Ast.DefStmt def = d.def();
    if (argExprs.size() != def.params().size()) {
      throw error(pos, "subroutine '" + def.name() + "' is given " + argExprs.size() + " argument(s); expected "
          + def.params().size());
    }
    if (++callDepth > MAX_CALL_DEPTH) {
      throw error(pos, "subroutine calls nest deeper than " + MAX_CALL_DEPTH + "; expected a subroutine that does not recurse that far");
    }
    List<Object> args = new ArrayList<>();
    for (Ast.Expr e : argExprs) args.add(eval(e));
    Scope scope = new Scope(true);
    for (int i = 0; i < args.size(); i++) {
      Ast.Param p = def.params().get(i);
      Object a = args.get(i);
      Pos at = argExprs.get(i).pos();
      String type = p.type().name();
      if (type.equals("qubit")) {
        if (!(a instanceof QRef q)) throw error(at, "argument " + p.name() + " of " + def.name() + " is classical; expected qubits");
        int n = p.type().size() == null ? 1 : size(p.type().size(), "the size of parameter " + p.name());
        if (q.qubits().length != n) {
          throw error(at, "argument " + p.name() + " of " + def.name() + " has " + q.qubits().length + " qubit(s); expected " + n);
        }
        scope.names.put(p.name(), q);
      } else if (a instanceof QRef) {
        throw error(at, "argument " + p.name() + " of " + def.name() + " is qubits; expected a classical " + type);
      } else if (type.equals("bit")) {
        int n = p.type().size() == null ? 1 : size(p.type().size(), "the size of parameter " + p.name());
        int[] ids = new int[n];
        ClassicalValue v = value(a, at);
        for (int k = 0; k < n; k++) {
          Slot s = new Slot(false, frames.size());
          final int bitIndex = k;
          ClassicalValue b = v.map(Kind.BIT, 1, x -> ((long) x >>> bitIndex) & 1);
          setSlot(s, b, at);
          ids[k] = slots.size();
          slots.add(s);
        }
        scope.names.put(p.name(), new BRef(ids, p.type().size() == null));
      } else if (type.equals("array")) {
        if (!(a instanceof Arr arr)) throw error(at, "argument " + p.name() + " of " + def.name() + " is not an array; expected one");
        scope.names.put(p.name(), new Var(arr, false));
      } else {
        scope.names.put(p.name(), new Var(value(a, at).as(kindOf(p.type()), width(p.type())), false));
      }
    }
    int framesAtEntry = frames.size();
    Deque<Scope> saved = new ArrayDeque<>(scopes);
    suspended.add(saved);
    scopes.clear();
    scopes.push(global);
    scopes.push(scope);
    Object result = null;
    try {
      execAll(def.body());
    } catch (Jump j) {
      if (!j.kind.equals("return") || frames.size() != framesAtEntry) throw j;
      result = j.value;
    } finally {
      scopes.clear();
      for (java.util.Iterator<Scope> it = saved.descendingIterator(); it.hasNext(); ) scopes.push(it.next());
      suspended.remove(suspended.size() - 1);
      callDepth--;
    }
    if (def.returns() != null) {
      if (result == null) throw error(pos, "subroutine '" + def.name() + "' ended without returning a value; expected 'return'");
      if (result instanceof BRef br) result = readSlots(br.slots());
      if (result instanceof ClassicalValue v && !def.returns().name().equals("bit")) {
        result = v.as(kindOf(def.returns()), width(def.returns()));
      }
    }
    return result;
  }

}
