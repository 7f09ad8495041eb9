package io.qubitd.circuit.qasm;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.ClassicalMemory;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Register;
import io.qubitd.circuit.qasm.Ast.Pos;
import io.qubitd.circuit.qasm.ClassicalValue.Kind;
import io.qubitd.circuit.qasm.GateLibrary.BodyOp;
import io.qubitd.circuit.qasm.GateLibrary.DefinedGate;
import io.qubitd.circuit.qasm.GateLibrary.GateRef;
import io.qubitd.circuit.qasm.GateLibrary.NativeGate;
import io.qubitd.circuit.qasm.GateLibrary.OpaqueGate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;

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
final class QasmElaborator {

  private static final int MAX_QUBITS = 100_000;
  private static final int MAX_CALL_DEPTH = 64;
  private static final int MAX_GATE_DEPTH = 500;

  private final String file;
  private final int version;
  private final Map<String, Double> inputs;
  private final QasmSettings settings;
  private final Map<String, GateRef> gates = new HashMap<>();
  private final Set<String> userGates = new HashSet<>();
  private final List<Register> qregs = new ArrayList<>();
  private final List<Register> cregs = new ArrayList<>();
  private final List<Operation> ops = new ArrayList<>();
  private boolean qelib1, stdgates;
  private int numQubits;
  /** Physical qubits $n the program names, and the program qubit each became. */
  private final Map<Integer, Integer> hardware = new HashMap<>();
  /** Register name of a physical qubit $n (an identifier OpenQASM 2 writers can print; '$' is not one). */
  private static final String HARDWARE_PREFIX = "__physical_";
  private long expanded, steps;

  // ---- names

  private record QRef(int[] qubits, boolean single) {}

  /** Bit slots of a bit register, a single bit, or a view of them. */
  private record BRef(int[] slots, boolean single) {}

  private static final class Var {
    Object value;
    final boolean constant;
    Var(Object value, boolean constant) { this.value = value; this.constant = constant; }
  }

  /** A multi-dimensional array of classical values, row-major. */
  private record Arr(Kind kind, int width, int[] dims, ClassicalValue[] data) {
    Arr copy() { return new Arr(kind, width, dims.clone(), data.clone()); }
  }

  private record Def(Ast.DefStmt def) {}

  private static final class Scope {
    final Map<String, Object> names = new HashMap<>();
    final Map<String, Pos> declared = new HashMap<>();
    final boolean function;
    Scope(boolean function) { this.function = function; }
  }

  private final Deque<Scope> scopes = new ArrayDeque<>();
  /** The scopes of callers while a subroutine runs. */
  private final List<Deque<Scope>> suspended = new ArrayList<>();
  /** Where each name is read in the program's text, and the text spans of its loops: for {@link #deadAfter}. */
  private final Map<String, List<Pos>> reads = new HashMap<>();
  private final List<Pos[]> loopSpans = new ArrayList<>();
  private final Scope global = new Scope(true);

  // ---- classical memory

  /** One classical bit: a known value, or the memory bit {@code mem} that holds it; {@code home} is its own memory bit. */
  private static final class Slot {
    int mem = -1;
    double known;
    /** A value computed from measured bits, when the bit holds one (then mem is -1). */
    ClassicalValue derived;
    int home = -1;
    final boolean visible;
    /** How many runtime conditions were in force where the bit was declared. */
    final int depth;
    Slot(boolean visible, int depth) { this.visible = visible; this.depth = depth; }
  }

  private final List<Slot> slots = new ArrayList<>();
  // classical memory: registers may hold any number of bits; values computed from measurements need theirs within 64
  private Slot[] owner = new Slot[64];
  private boolean[] memWritten = new boolean[64];
  private int[] lastWriter = new int[64];
  private int memBits;
  private final List<Integer> writeLog = new ArrayList<>();
  private final Map<String, Var> outputs = new LinkedHashMap<>();

  /** A runtime condition in force, and the memory bits written while it is. */
  private static final class Frame {
    final int[] deps;
    final BitSet written = new BitSet();
    Frame(int[] deps) { this.deps = deps; }
  }

  private final Deque<Frame> frames = new ArrayDeque<>();
  private ClassicalValue guard;
  /** A condition on more bits than a table holds (a whole register == value), in force instead of {@code guard}. */
  private Condition wideGuard;
  private int callDepth, gateDepth;

  /** A modifier: control count, or pow's exponent ({@code count} when it is an integer, else {@code exponent}). */
  private record Mod(Ast.ModifierKind kind, int count, double exponent) {
    Mod(Ast.ModifierKind kind, int count) { this(kind, count, count); }

    boolean fractional() { return exponent != count; }
  }

  private static final class Jump extends RuntimeException {
    final String kind;
    final Pos pos;
    final Object value;
    Jump(String kind, Pos pos, Object value) {
      super(kind, null, false, false);
      this.kind = kind;
      this.pos = pos;
      this.value = value;
    }
  }

  private QasmElaborator(String file, int version, Map<String, Double> inputs, QasmSettings settings) {
    this.file = file;
    this.version = version;
    this.inputs = inputs;
    this.settings = settings;
    gates.putAll(GateLibrary.builtins(version));
    scopes.push(global);
    java.util.Arrays.fill(lastWriter, -1);
  }

  static Circuit elaborate(Ast.Program program, String file, String name, Map<String, Double> inputs, QasmSettings settings) {
    QasmElaborator e = new QasmElaborator(file, program.version(), inputs, settings);
    if (program.statements().isEmpty()) {
      throw new QasmException(file, 1, 1, "the program is empty; expected OpenQASM statements such as qubit declarations and gates");
    }
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
    return e.build(name);
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

  private ClassicalValue slotValue(Slot s) {
    if (s.derived != null) return s.derived;
    return s.mem >= 0 ? ClassicalValue.memoryBit(s.mem) : ClassicalValue.constant(Kind.BIT, 1, s.known);
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
      if (s.duration() != null) duration(s.duration());
      execScoped(s.body());
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
    Kind k = kindOf(t);
    int w = width(t);
    ClassicalValue v;
    if ("input".equals(s.qualifier())) {
      v = inputValue(s, k, w);
    } else if (t.name().equals("stretch")) {
      // an unconstrained stretch resolves to its smallest non-negative solution
      v = ClassicalValue.constant(Kind.DURATION, 0, 0);
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

  private void fillArray(Arr arr, int dim, int offset, Object init, Pos pos) {
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

  private static String fmt(double v) { return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v); }

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

  private QasmException wide(Pos pos) {
    return error(pos, "this needs a condition combined with a condition on more than " + Condition.MAX_TABLE_BITS
        + " measured bits: not supported; expected nested conditions on at most " + Condition.MAX_TABLE_BITS + " bits");
  }

  private boolean guarded() { return guard != null || wideGuard != null; }

  private Condition currentCondition() { return wideGuard != null ? wideGuard : guard == null ? null : guard.condition(); }

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
      underCondition(c, s.body(), s.pos());
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

  // ---- subroutines

  private Object call(Def d, List<Ast.Expr> argExprs, Pos pos) {
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

  // ---- assignment and measurement

  private void assign(Ast.Assign s) {
    Object target = evalTarget(s.target());
    if (s.value() instanceof Ast.MeasureExpr m && s.op().equals("=")) {
      if (target instanceof ElementRef er && er.arr == null) {
        measureIntoElement(m.operand(), er, m.pos());
        return;
      }
      if (!(target instanceof BRef br)) throw error(s.pos(), "measurement assigned to a non-bit variable; expected a bit or bit register");
      measureAssign(br, m);
      return;
    }
    Object rhs = eval(s.value());
    if (!s.op().equals("=")) {
      Object current = target instanceof BRef br ? readSlots(br.slots()) : target instanceof ElementRef er ? er.get() : ((Var) target).value;
      String op = s.op().substring(0, s.op().length() - 1);
      rhs = binary(op, value(current, s.pos()), value(rhs, s.value().pos()), s.pos());
    }
    if (target instanceof BRef br) {
      assignBits(br, rhs, s.pos());
    } else if (target instanceof ElementRef er) {
      er.set(value(rhs, s.value().pos()), s.pos());
    } else {
      Var v = (Var) target;
      if (v.constant) throw error(s.pos(), "assignment to constant " + name(s.target()) + "; expected a variable");
      if (v.value instanceof Arr arr) {
        fillArray(arr, 0, 0, rhs, s.value().pos());
        return;
      }
      ClassicalValue old = (ClassicalValue) v.value;
      ClassicalValue nv = value(rhs, s.value().pos()).as(old.kind(), old.width());
      if (wideGuard != null) throw wide(s.pos());
      v.value = guard == null ? nv : ClassicalValue.select(guard, nv, old);
    }
  }

  private static String name(Ast.Expr e) {
    return e instanceof Ast.Name n ? n.name() : e instanceof Ast.Index i ? name(i.base()) : "?";
  }

  /** An element of a classical array or a bit of an integer variable, for assignment. */
  private final class ElementRef {
    final Arr arr;
    final int index;
    final Var var;
    final int bit;
    ElementRef(Arr arr, int index, Var var, int bit) { this.arr = arr; this.index = index; this.var = var; this.bit = bit; }

    ClassicalValue get() {
      if (arr != null) return arr.data()[index];
      ClassicalValue v = (ClassicalValue) var.value;
      if (v.kind() == Kind.ANGLE) {
        int w = v.width();
        return v.map(Kind.BIT, 1, x -> (ClassicalValue.angleBits(x, w) >>> bit) & 1);
      }
      return v.map(Kind.BIT, 1, x -> ((long) x >>> bit) & 1);
    }

    void set(ClassicalValue nv, Pos pos) {
      if (arr != null) {
        ClassicalValue old = arr.data()[index];
        ClassicalValue cast = nv.as(arr.kind(), arr.width());
        if (wideGuard != null) throw wide(pos);
        arr.data()[index] = guard == null ? cast : ClassicalValue.select(guard, cast, old);
        return;
      }
      ClassicalValue old = (ClassicalValue) var.value;
      int w = old.width();
      ClassicalValue updated = old.kind() == Kind.ANGLE
          ? ClassicalValue.combine(old, nv, old.kind(), w, (o, b) -> ClassicalValue.angleOfBits(
              b != 0 ? ClassicalValue.angleBits(o, w) | (1L << bit) : ClassicalValue.angleBits(o, w) & ~(1L << bit), w))
          : ClassicalValue.combine(old, nv, old.kind(), old.width(),
              (o, b) -> b != 0 ? ((long) o | (1L << bit)) : ((long) o & ~(1L << bit)));
      if (wideGuard != null) throw wide(pos);
      var.value = guard == null ? updated : ClassicalValue.select(guard, updated, old);
    }
  }

  private Object evalTarget(Ast.Expr e) {
    if (e instanceof Ast.Name n) {
      Object v = lookup(n.name());
      if (v == null) throw error(n.pos(), "unknown variable '" + n.name() + "'; expected a declared variable");
      if (v instanceof BRef || v instanceof Var) return v;
      throw error(n.pos(), "'" + n.name() + "' cannot be assigned; expected a classical variable or bit");
    }
    if (e instanceof Ast.Index ix) {
      Object base = evalTarget(ix.base());
      if (base instanceof BRef br) return new BRef(select(br.slots(), ix, "bit register"), isSingle(ix));
      if (base instanceof ElementRef) throw error(ix.pos(), "nested indexing in an assignment; expected one index per dimension");
      Var v = (Var) base;
      if (v.constant) throw error(ix.pos(), "assignment to a constant; expected a variable");
      if (v.value instanceof Arr arr) return new ElementRef(arr, flatIndex(arr, ix), null, 0);
      ClassicalValue cv = (ClassicalValue) v.value;
      if (ix.items().size() != 1 || !(ix.items().get(0) instanceof Ast.Single one)) {
        throw error(ix.pos(), "a slice of an integer as an assignment target; expected one bit index");
      }
      int bit = (int) integer(one.value(), "a bit index");
      if (cv.kind() == Kind.ANGLE) angleAsBits(cv, ix.pos());
      if (bit < 0 || (cv.width() > 0 && bit >= cv.width()) || bit > 62) {
        throw error(ix.pos(), "bit index " + bit + " out of range; expected 0 .. " + ((cv.width() > 0 ? cv.width() : 63) - 1));
      }
      return new ElementRef(null, 0, v, bit);
    }
    throw error(e.pos(), "this expression cannot be assigned; expected a variable, bit or array element");
  }

  /** Measures one qubit into a bit of an integer or angle variable: a fresh memory bit the variable then reads. */
  private void measureIntoElement(Ast.Expr operand, ElementRef er, Pos pos) {
    int[] q = qubits(operand);
    if (q.length != 1) throw error(pos, "measure of " + q.length + " qubit(s) into one bit of a variable; expected one qubit");
    er.set(ClassicalValue.memoryBit(measureInto(q[0], null, pos)), pos);
  }

  private void measureAssign(BRef target, Ast.MeasureExpr m) {
    int[] q = qubits(m.operand());
    if (q.length != target.slots().length) {
      throw error(m.pos(), "measure of " + q.length + " qubit(s) into " + target.slots().length + " bit(s); expected equal sizes");
    }
    for (int i = 0; i < q.length; i++) measureInto(q[i], slots.get(target.slots()[i]), m.pos());
  }

  /** Measures {@code qubit} into {@code slot} (or into a fresh memory bit when null); returns the memory bit. */
  private int measureInto(int qubit, Slot slot, Pos pos) {
    if (slot == null) {
      int m = allocate(pos);
      emit(new Operation.Measure(qubit, m, null), pos);
      return m;
    }
    if (slot.home < 0) {
      slot.home = allocate(pos);
      owner[slot.home] = slot;
    }
    if (referencedElsewhere(slot.home, slot, pos)) {
      // another value still reads the bit's present measurement: keep it, and measure into a fresh bit
      int m = allocate(pos);
      emit(new Operation.Measure(qubit, m, null), pos);
      ClassicalValue now = ClassicalValue.memoryBit(m);
      if (guarded()) {
        if (wideGuard != null) throw wide(pos);
        now = ClassicalValue.select(guard, now, slotValue(slot));
      }
      int single = now.memoryBitOrNone();
      slot.mem = single;
      slot.derived = single >= 0 ? null : now;
      return m;
    }
    int m = slot.home;
    // a bit declared under the conditions in force is read only under them, so what it held before does not matter
    if (guarded() && !holdsOwnValue(slot) && slot.depth < frames.size()) {
      throw error(pos, "a measurement under a condition on measured bits into a bit that holds an assigned value: not supported;"
          + " expected the bit to hold its last measurement (classical bits are written only by measurement)");
    }
    emit(new Operation.Measure(qubit, m, null), pos);
    slot.mem = m;
    slot.derived = null;
    return m;
  }

  private boolean holdsOwnValue(Slot s) {
    return s.derived == null && (s.mem == s.home || (s.mem < 0 && !memWritten[s.home] && s.known == 0));
  }

  /** Makes room for {@code bits} bits of classical memory. */
  private void growMemory(int bits) {
    if (bits <= owner.length) return;
    int n = Math.max(bits, 2 * owner.length);
    int old = lastWriter.length;
    owner = java.util.Arrays.copyOf(owner, n);
    memWritten = java.util.Arrays.copyOf(memWritten, n);
    lastWriter = java.util.Arrays.copyOf(lastWriter, n);
    java.util.Arrays.fill(lastWriter, old, n, -1);
  }

  /** A memory bit no live name or condition refers to. */
  private int allocate(Pos pos) {
    BitSet live = liveMemory();
    for (int m = 0; m < 64; m++) {
      if (m < memBits && (live.get(m) || (owner[m] != null && owner[m].visible))) continue;
      if (m >= memBits) memBits = m + 1;
      owner[m] = null;
      return m;
    }
    throw error(pos, "the program needs more than 64 classical bits at once; expected at most 64");
  }

  private BitSet liveMemory() {
    BitSet live = new BitSet();
    for (Frame f : frames) for (int d : f.deps) live.set(d);
    if (guard != null) for (int d : guard.deps()) live.set(d);
    if (wideGuard != null) for (int d : wideGuard.clbits()) live.set(d);
    Set<Object> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Scope sc : scopes) markLive(sc, live, seen);
    for (Deque<Scope> d : suspended) for (Scope sc : d) markLive(sc, live, seen);
    return live;
  }

  private void markLive(Scope sc, BitSet live, Set<Object> seen) {
    for (Object o : sc.names.values()) {
      if (!seen.add(o)) continue;
      if (o instanceof BRef br) {
        for (int id : br.slots()) {
          Slot s = slots.get(id);
          if (s.home >= 0) live.set(s.home);
          if (s.mem >= 0) live.set(s.mem);
          if (s.derived != null) for (int d : s.derived.deps()) live.set(d);
        }
      } else if (o instanceof Var v) {
        if (v.value instanceof ClassicalValue cv) for (int d : cv.deps()) live.set(d);
        if (v.value instanceof Arr a) for (ClassicalValue cv : a.data()) for (int d : cv.deps()) live.set(d);
      }
    }
  }

  /** Assigns a value to bits: known values are kept here; a measured bit moves into the target by renaming its measurement. */
  private void assignBits(BRef target, Object rhs, Pos pos) {
    if (rhs instanceof BRef src) rhs = readSlots(src.slots());
    ClassicalValue v = value(rhs, pos);
    if (v.kind() == Kind.ANGLE) v = angleAsBits(v, pos);
    int n = target.slots().length;
    for (int i = 0; i < n; i++) {
      final int k = i;
      ClassicalValue bit = v.kind() == Kind.BOOL ? v : v.map(Kind.BIT, 1, x -> ((long) x >>> k) & 1);
      setSlot(slots.get(target.slots()[i]), bit, pos);
    }
  }

  private void setSlot(Slot s, ClassicalValue bit, Pos pos) {
    if (bit.isConstant() && !guarded()) {
      s.mem = -1;
      s.derived = null;
      s.known = bit.value() != 0 ? 1 : 0;
      return;
    }
    int m = bit.memoryBitOrNone();
    if (m < 0) {
      derive(s, bit, pos);
      return;
    }
    if (s.home < 0 && !guarded()) {
      // a fresh bit with no memory of its own shares the measured bit's memory
      s.mem = m;
      s.derived = null;
      return;
    }
    if (s.home == m && s.mem == m && s.derived == null) return;
    int idx = lastWriter[m];
    boolean movable = idx >= 0 && (owner[m] == null || !owner[m].visible || owner[m] == s);
    if (movable && s.home < 0) {
      s.home = allocate(pos);
      owner[s.home] = s;
    }
    if (movable && guarded() && !holdsOwnValue(s)) movable = false;
    if (movable) {
      Operation.Measure w = (Operation.Measure) ops.get(idx);
      Condition now = currentCondition();
      movable = java.util.Objects.equals(w.condition(), now) && untouchedAfter(idx, m, s.home) && !referencedElsewhere(m, s);
    }
    if (!movable) {
      derive(s, bit, pos);
      return;
    }
    Operation.Measure w = (Operation.Measure) ops.get(idx);
    ops.set(idx, new Operation.Measure(w.qubit(), s.home, w.condition()));
    lastWriter[s.home] = idx;
    lastWriter[m] = -1;
    memWritten[m] = false;
    for (Operation op : ops) if (op instanceof Operation.Measure me && me.clbit() == m) memWritten[m] = true;
    memWritten[s.home] = true;
    for (Frame f : frames) if (f.written.get(m)) f.written.set(s.home);
    writeLog.add(s.home);
    s.mem = s.home;
    s.derived = null;
    if (owner[m] != null && owner[m] != s) owner[m].mem = owner[m].mem == m ? -1 : owner[m].mem;
  }

  /** The bit now holds {@code bit} (where the conditions in force hold; its old value elsewhere), as a function of memory. */
  private void derive(Slot s, ClassicalValue bit, Pos pos) {
    if (wideGuard != null) throw wide(pos);
    ClassicalValue v = guard == null ? bit : ClassicalValue.select(guard, bit, slotValue(s));
    int m = v.memoryBitOrNone();
    if (v.isConstant()) {
      s.mem = -1;
      s.derived = null;
      s.known = v.value();
    } else if (m >= 0) {
      s.mem = m;
      s.derived = null;
    } else {
      s.mem = -1;
      s.derived = v;
    }
  }

  private boolean untouchedAfter(int idx, int m, int home) {
    for (int i = idx + 1; i < ops.size(); i++) {
      Operation op = ops.get(i);
      if (op instanceof Operation.Measure me && (me.clbit() == m || me.clbit() == home)) return false;
      if (op.condition() != null && (op.condition().clbits().contains(m) || op.condition().clbits().contains(home))) return false;
    }
    return true;
  }

  private boolean referencedElsewhere(int m, Slot target) { return referencedElsewhere(m, target, null); }

  /**
   * Whether a name other than {@code target} still needs memory bit {@code m}; with {@code at}, a
   * variable of the running code that the program text never reads again after {@code at} does not.
   */
  private boolean referencedElsewhere(int m, Slot target, Pos at) {
    for (Scope sc : scopes) if (references(sc, m, target, at)) return true;
    for (Deque<Scope> d : suspended) for (Scope sc : d) if (references(sc, m, target, null)) return true;
    return false;
  }

  private boolean references(Scope sc, int m, Slot target, Pos at) {
    for (Map.Entry<String, Object> e : sc.names.entrySet()) {
      Object o = e.getValue();
      if (o instanceof BRef br) {
        for (int id : br.slots()) {
          Slot s = slots.get(id);
          if (s != target && ((s.mem == m && s.home != m) || (s.derived != null && s.derived.dependsOn(m)))) return true;
        }
      } else if (o instanceof Var v) {
        boolean uses = v.value instanceof ClassicalValue cv ? cv.dependsOn(m)
            : v.value instanceof Arr a && java.util.Arrays.stream(a.data()).anyMatch(x -> x.dependsOn(m));
        if (uses && (at == null || !deadAfter(e.getKey(), at))) return true;
      }
    }
    return false;
  }

  /** True when no read of {@code name} can run after position {@code at}: every read is earlier and in no loop around {@code at}. */
  private boolean deadAfter(String name, Pos at) {
    for (Pos r : reads.getOrDefault(name, List.of())) {
      if (before(at, r)) return false;
      for (Pos[] loop : loopSpans) {
        if (!before(at, loop[0]) && !before(loop[1], at) && !before(r, loop[0])) return false;
      }
    }
    return true;
  }

  private static boolean before(Pos a, Pos b) {
    return a.line() < b.line() || (a.line() == b.line() && a.column() < b.column());
  }

  /** Records the reads of names and the spans of loops below {@code node}; returns the last position in it. */
  private Pos scan(Object node) {
    if (node == null) return null;
    Pos last = null;
    if (node instanceof List<?> list) {
      for (Object o : list) last = later(last, scan(o));
      return last;
    }
    if (!(node instanceof Record r) || node instanceof Pos) return null;
    if (node instanceof Ast.Name n) reads.computeIfAbsent(n.name(), k -> new ArrayList<>()).add(n.pos());
    for (java.lang.reflect.RecordComponent c : r.getClass().getRecordComponents()) {
      Object v;
      try {
        v = c.getAccessor().invoke(r);
      } catch (ReflectiveOperationException ex) {
        throw new IllegalStateException(ex);
      }
      if (v instanceof Pos p) last = later(last, p);
      else if (v instanceof Record || v instanceof List<?>) last = later(last, scan(v));
    }
    if ((node instanceof Ast.ForStmt || node instanceof Ast.WhileStmt) && last != null) {
      loopSpans.add(new Pos[] {((Ast.Stmt) node).pos(), last});
    }
    return last;
  }

  private static Pos later(Pos a, Pos b) { return a == null ? b : b == null ? a : before(a, b) ? b : a; }

  private ClassicalValue readSlots(int[] ids) {
    ClassicalValue v = ClassicalValue.constant(Kind.BIT, ids.length, 0);
    for (int i = 0; i < ids.length; i++) {
      Slot s = slots.get(ids[i]);
      final long weight = 1L << i;
      ClassicalValue b = slotValue(s);
      v = ClassicalValue.combine(v, b, Kind.BIT, ids.length, (acc, x) -> acc + x * weight);
    }
    return v;
  }

  // ---- emitting operations

  private void emit(Operation op, Pos pos) {
    if (ops.size() >= settings.maxOperations()) {
      throw new OperationBudgetException(file, pos.line(), pos.column(), settings.maxOperations());
    }
    Condition cond = currentCondition();
    if (cond != null) {
      for (Frame f : frames) {
        for (int d : f.deps) {
          if (f.written.get(d)) {
            throw error(pos, "an operation under a condition whose bits the same block measured earlier: not supported;"
                + " expected the condition's bits to be measured last in the block");
          }
        }
      }
    }
    if (op instanceof Operation.GateOp g) {
      ops.add(new Operation.GateOp(g.gate(), g.qubits(), cond));
    } else if (op instanceof Operation.Measure m) {
      ops.add(new Operation.Measure(m.qubit(), m.clbit(), cond));
      lastWriter[m.clbit()] = ops.size() - 1;
      memWritten[m.clbit()] = true;
      writeLog.add(m.clbit());
      for (Frame f : frames) f.written.set(m.clbit());
    } else if (op instanceof Operation.Reset r) {
      ops.add(new Operation.Reset(r.qubit(), cond));
    } else {
      // barriers and delays keep their place in the schedule whichever branch runs
      ops.add(op);
    }
  }

  // ---- gates

  /** Resolves a gate definition's body against the gates of {@code scope}, checking every call. */
  private DefinedGate define(Ast.GateDecl d, Map<String, GateRef> scope) {
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

  private int[] bodyQubits(List<Ast.Expr> list, Ast.GateDecl d) {
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

  private void distinct(List<String> names, String what, Ast.GateDecl d) {
    if (new HashSet<>(names).size() != names.size()) {
      throw error(d.pos(), "gate " + d.name() + " repeats a " + what + " name in " + names + "; expected distinct names");
    }
  }

  /** Checks that a gate body's expression only names its parameters, constants or pi. */
  private void checkNames(Ast.Expr e, List<String> params) {
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

  private boolean isGlobalConstant(String name) {
    return global.names.get(name) instanceof Var v && v.constant;
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
    double k = number(m.arg(), env);
    if (k != Math.rint(k) || k < 1 || k > 64) throw error(m.pos(), "control count " + k + "; expected a positive integer");
    return (int) k;
  }

  private void applyGate(Ast.GateCall s) {
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

  private void applyGate(Ast.GateCall s, GateRef g, double[] params) {
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

  private List<Mod> mods(List<Ast.Modifier> modifiers, Map<String, Double> env) {
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

  private void add(List<Operation> out, Operation op, Pos pos) {
    if (++expanded > settings.maxOperations()) {
      throw new OperationBudgetException(file, pos.line(), pos.column(), settings.maxOperations());
    }
    out.add(op);
  }

  private static List<Integer> ints(int[] a) {
    List<Integer> l = new ArrayList<>(a.length);
    for (int x : a) l.add(x);
    return l;
  }

  // ---- operands

  private QRef qref(Ast.Expr o) {
    Object v = eval(o);
    if (v instanceof QRef q) return q;
    if (o instanceof Ast.Name n && (v instanceof BRef || v instanceof Var)) {
      throw error(o.pos(), "'" + n.name() + "' is a classical register; expected a declared qreg or qubit");
    }
    throw error(o.pos(), "a classical value where qubits are expected; expected a declared qreg or qubit");
  }

  private int[] qubits(Ast.Expr o) { return qref(o).qubits(); }

  private int[] bits(Ast.Expr o) {
    Object v = eval(o);
    if (v instanceof BRef b) return b.slots();
    if (v instanceof QRef && o instanceof Ast.Name n) {
      throw error(o.pos(), "'" + n.name() + "' is a qubit register; expected a declared creg or bit");
    }
    throw error(o.pos(), "a classical variable or value where bits are expected; expected a declared creg or bit"
        + " (measurements write bits only)");
  }

  /**
   * The program's qubit for physical qubit {@code $n}, added on first use as a one-qubit register. qubitd runs
   * it like a declared qubit: the ideal backend has no layout, and on a chip the compiler places it (qubitd's chip
   * is not the one a program laid out for another device names), so {@code $n} names a qubit, not a site.
   */
  private int hardwareQubit(Ast.HardwareQubit h) {
    Integer have = hardware.get(h.index());
    if (have != null) return have;
    if ((long) numQubits + 1 > MAX_QUBITS) throw error(h.pos(), "the program uses more than " + MAX_QUBITS + " qubits; expected at most " + MAX_QUBITS);
    int q = numQubits++;
    qregs.add(new Register(HARDWARE_PREFIX + h.index(), q, 1));
    hardware.put(h.index(), q);
    return q;
  }

  private String qubitName(int q) {
    for (Register r : qregs) {
      if (r.name().startsWith(HARDWARE_PREFIX) && q == r.offset()) return "$" + r.name().substring(HARDWARE_PREFIX.length());
      if (q >= r.offset() && q < r.offset() + r.size()) return r.name() + "[" + (q - r.offset()) + "]";
    }
    return "#" + q;
  }

  private void bind(String name, Object value, Pos pos) {
    Scope sc = scopes.peek();
    Pos previous = sc.declared.putIfAbsent(name, pos);
    if (previous != null || (sc == global && gates.containsKey(name) && userGates.contains(name))) {
      throw error(pos, "'" + name + "' is already declared at line " + (previous == null ? "?" : previous.line()) + "; expected a new name");
    }
    sc.names.put(name, value);
  }

  private Object lookup(String name) {
    for (Scope sc : scopes) {
      Object v = sc.names.get(name);
      if (v != null) return v;
    }
    return null;
  }

  // ---- expressions

  /** Evaluates {@code e} to a {@link ClassicalValue}, {@link QRef}, {@link BRef}, {@link Arr}, or a list (array literal). */
  private Object eval(Ast.Expr e) {
    if (e instanceof Ast.Num n) return ClassicalValue.constant(n.integer() ? Kind.INT : Kind.FLOAT, 0, n.value());
    if (e instanceof Ast.Bool b) return ClassicalValue.constant(Kind.BOOL, 0, b.value() ? 1 : 0);
    if (e instanceof Ast.BitString b) {
      if (b.bits().length() > 62) throw error(b.pos(), "bit string of " + b.bits().length() + " bits; expected at most 62");
      return ClassicalValue.constant(Kind.BIT, b.bits().length(), Long.parseLong(b.bits(), 2));
    }
    if (e instanceof Ast.Duration d) {
      return ClassicalValue.constant(Kind.DURATION, 0, d.dt() ? d.amount() * settings.dtSeconds() : d.amount());
    }
    if (e instanceof Ast.HardwareQubit h) return new QRef(new int[] {hardwareQubit(h)}, true);
    if (e instanceof Ast.Name n) {
      Object v = lookup(n.name());
      if (v instanceof Var var) return var.value instanceof Arr a ? a : var.value;
      if (v instanceof QRef || v instanceof BRef) return v;
      if (v instanceof Def) throw error(n.pos(), "subroutine '" + n.name() + "' used as a value; expected a call " + n.name() + "(...)");
      double c = mathConstant(n.name());
      if (!Double.isNaN(c)) return ClassicalValue.constant(Kind.FLOAT, 0, c);
      throw error(n.pos(), "unknown name '" + n.name() + "'; expected a declared variable, register, input, loop variable or pi");
    }
    if (e instanceof Ast.Unary u) {
      ClassicalValue v = value(eval(u.operand()), u.operand().pos());
      switch (u.op()) {
        case "-": return v.map(v.kind() == Kind.BIT || v.kind() == Kind.BOOL || v.kind() == Kind.UINT ? Kind.INT : v.kind(),
            v.kind() == Kind.ANGLE ? v.width() : 0, x -> -x);
        case "!": return v.map(Kind.BOOL, 0, x -> x == 0 ? 1 : 0);
        default:
          if (v.kind() == Kind.BOOL) return v.map(Kind.BOOL, 0, x -> x == 0 ? 1 : 0);
          requireInteger(v, u.pos(), "~");
          return v.map(v.kind(), v.width(), x -> ~(long) x);
      }
    }
    if (e instanceof Ast.Binary b) {
      if (b.op().equals("++")) return concat(eval(b.left()), eval(b.right()), b.pos());
      return binary(b.op(), value(eval(b.left()), b.left().pos()), value(eval(b.right()), b.right().pos()), b.pos());
    }
    if (e instanceof Ast.Call c) return callExpr(c);
    if (e instanceof Ast.Cast c) {
      Object v = eval(c.value());
      ClassicalValue cv = value(v, c.value().pos());
      Kind k = kindOf(c.type());
      int w = width(c.type());
      if (k == Kind.BOOL) return cv.map(Kind.BOOL, 0, x -> x != 0 ? 1 : 0);
      // angle[n] and bit[n] cast through the angle's bits (the specification's angle-to-bit cast)
      if (k == Kind.BIT && cv.kind() == Kind.ANGLE) return angleAsBits(cv, c.pos()).as(Kind.BIT, w);
      if (k == Kind.ANGLE && cv.kind() == Kind.BIT && w > 0 && w <= 62) return cv.map(Kind.ANGLE, w, x -> ClassicalValue.angleOfBits((long) x, w));
      if ((k == Kind.INT || k == Kind.UINT || k == Kind.BIT) && (cv.kind() == Kind.FLOAT)) {
        return cv.map(k, w, x -> x < 0 ? Math.ceil(x) : Math.floor(x));
      }
      return cv.as(k, w);
    }
    if (e instanceof Ast.Index ix) return index(eval(ix.base()), ix);
    if (e instanceof Ast.MeasureExpr m) {
      int[] q = qubits(m.operand());
      if (q.length != 1) throw error(m.pos(), "measure of " + q.length + " qubits as a value; expected one qubit, or 'measure q -> c'");
      return ClassicalValue.memoryBit(measureInto(q[0], null, m.pos()));
    }
    Ast.ArrayLiteral a = (Ast.ArrayLiteral) e;
    List<Object> out = new ArrayList<>();
    for (Ast.Expr x : a.elements()) out.add(x instanceof Ast.ArrayLiteral ? eval(x) : value(eval(x), x.pos()));
    return out;
  }

  private Object concat(Object l, Object r, Pos pos) {
    if (l instanceof QRef a && r instanceof QRef b) {
      int[] qs = java.util.stream.IntStream.concat(java.util.Arrays.stream(a.qubits()), java.util.Arrays.stream(b.qubits())).toArray();
      if (java.util.Arrays.stream(qs).distinct().count() != qs.length) {
        throw error(pos, "concatenation repeats a qubit; expected distinct qubits");
      }
      return new QRef(qs, false);
    }
    if (l instanceof BRef a && r instanceof BRef b) {
      return new BRef(java.util.stream.IntStream.concat(java.util.Arrays.stream(a.slots()), java.util.Arrays.stream(b.slots())).toArray(), false);
    }
    throw error(pos, "'++' joins two qubit registers or two bit registers; expected registers of one kind on both sides");
  }

  private Object index(Object base, Ast.Index ix) {
    if (base instanceof QRef q) return new QRef(select(q.qubits(), ix, "qubit register"), isSingle(ix));
    if (base instanceof BRef b) return new BRef(select(b.slots(), ix, "bit register"), isSingle(ix));
    if (base instanceof Arr arr) {
      if (ix.items().size() == arr.dims().length && ix.items().stream().allMatch(i -> i instanceof Ast.Single)) {
        return arr.data()[flatIndex(arr, ix)];
      }
      if (ix.items().size() == 1 && ix.items().get(0) instanceof Ast.Single one) {
        int i = (int) integer(one.value(), "an array index");
        checkRange(i, arr.dims()[0], ix.pos(), name(ix.base()) + "[" + arr.dims()[0] + "]");
        int stride = arr.data().length / arr.dims()[0];
        ClassicalValue[] row = java.util.Arrays.copyOfRange(arr.data(), i * stride, (i + 1) * stride);
        return new Arr(arr.kind(), arr.width(), java.util.Arrays.copyOfRange(arr.dims(), 1, arr.dims().length), row);
      }
      if (ix.items().size() == 1 && arr.dims().length >= 1) {
        int[] rows = select(rangeIndices(arr.dims()[0]), ix, "array");
        int stride = arr.data().length / arr.dims()[0];
        ClassicalValue[] out = new ClassicalValue[rows.length * stride];
        for (int r = 0; r < rows.length; r++) System.arraycopy(arr.data(), rows[r] * stride, out, r * stride, stride);
        int[] dims = arr.dims().clone();
        dims[0] = rows.length;
        return new Arr(arr.kind(), arr.width(), dims, out);
      }
      throw error(ix.pos(), "an array index of " + ix.items().size() + " items; expected one per dimension (" + arr.dims().length + ")");
    }
    ClassicalValue v = value(base, ix.pos());
    requireInteger(v, ix.pos(), "[]");
    if (v.kind() == Kind.ANGLE) v = angleAsBits(v, ix.pos());
    int w = v.width() > 0 ? v.width() : 63;
    int[] bits = select(rangeIndices(w), ix, "integer");
    if (bits.length == 1 && isSingle(ix)) {
      final int k = bits[0];
      return v.map(Kind.BIT, 1, x -> ((long) x >>> k) & 1);
    }
    return v.map(Kind.BIT, bits.length, x -> {
      long out = 0;
      for (int i = 0; i < bits.length; i++) out |= (((long) x >>> bits[i]) & 1) << i;
      return out;
    });
  }

  private static int[] rangeIndices(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) r[i] = i;
    return r;
  }

  private static boolean isSingle(Ast.Index ix) {
    return ix.items().size() == 1 && ix.items().get(0) instanceof Ast.Single;
  }

  private int flatIndex(Arr arr, Ast.Index ix) {
    if (ix.items().size() != arr.dims().length) {
      throw error(ix.pos(), "an array index of " + ix.items().size() + " items; expected " + arr.dims().length);
    }
    int flat = 0;
    for (int d = 0; d < arr.dims().length; d++) {
      if (!(ix.items().get(d) instanceof Ast.Single one)) throw error(ix.pos(), "a slice as an array element; expected single indices");
      int i = (int) integer(one.value(), "an array index");
      checkRange(i, arr.dims()[d], ix.pos(), "dimension " + d + " of " + name(ix.base()) + " (size " + arr.dims()[d] + ")");
      flat = flat * arr.dims()[d] + i;
    }
    return flat;
  }

  /** The elements of {@code items} picked by a single index, a range or a set (negative indices count from the end). */
  private int[] select(int[] items, Ast.Index ix, String what) {
    if (ix.items().size() != 1) throw error(ix.pos(), "a " + what + " indexed with " + ix.items().size() + " indices; expected one");
    Ast.IndexItem item = ix.items().get(0);
    int n = items.length;
    String label = name(ix.base()) + "[" + n + "]";
    if (item instanceof Ast.Single one) {
      int i = (int) integer(one.value(), "an index into a " + what);
      if (i < 0) i += n;
      checkRange(i, n, ix.pos(), label);
      return new int[] {items[i]};
    }
    List<Integer> picked = new ArrayList<>();
    if (item instanceof Ast.IndexSet set) {
      for (Ast.Expr e : set.values()) {
        int i = (int) integer(e, "an index into a " + what);
        if (i < 0) i += n;
        checkRange(i, n, ix.pos(), label);
        picked.add(i);
      }
    } else {
      Ast.Range r = (Ast.Range) item;
      long step = r.step() == null ? 1 : integer(r.step(), "a slice step");
      if (step == 0) throw error(r.pos(), "slice step 0; expected a non-zero step");
      long a = r.start() == null ? (step > 0 ? 0 : n - 1) : integer(r.start(), "a slice start");
      long b = r.end() == null ? (step > 0 ? n - 1 : 0) : integer(r.end(), "a slice end");
      if (a < 0) a += n;
      if (b < 0) b += n;
      for (long i = a; step > 0 ? i <= b : i >= b; i += step) {
        checkRange(i, n, ix.pos(), label);
        picked.add((int) i);
      }
    }
    int[] out = new int[picked.size()];
    for (int i = 0; i < out.length; i++) out[i] = items[picked.get(i)];
    return out;
  }

  private void checkRange(long i, int n, Pos pos, String what) {
    if (i < 0 || i >= n) throw error(pos, "index " + i + " is out of range for " + what + "; expected 0 .. " + (n - 1));
  }

  private Object callExpr(Ast.Call c) {
    Object target = lookup(c.function());
    if (target instanceof Def d) {
      Object r = call(d, c.args(), c.pos());
      if (r == null) throw error(c.pos(), "subroutine '" + c.function() + "' returns nothing; expected one with '-> type'");
      return r;
    }
    if (c.function().equals("sizeof")) {
      if (c.args().isEmpty() || c.args().size() > 2) throw error(c.pos(), "sizeof takes an array and an optional dimension; expected 1 or 2 arguments");
      Object a = eval(c.args().get(0));
      int dim = c.args().size() == 2 ? (int) integer(c.args().get(1), "the dimension") : 0;
      int[] dims = a instanceof Arr arr ? arr.dims() : a instanceof QRef q ? new int[] {q.qubits().length}
          : a instanceof BRef br ? new int[] {br.slots().length} : null;
      if (dims == null) throw error(c.pos(), "sizeof of a single value; expected an array or register");
      checkRange(dim, dims.length, c.pos(), "the " + dims.length + " dimension(s) of the argument");
      return ClassicalValue.constant(Kind.UINT, 0, dims[dim]);
    }
    List<ClassicalValue> args = new ArrayList<>();
    for (Ast.Expr a : c.args()) args.add(value(eval(a), a.pos()));
    int arity = switch (c.function()) {
      case "mod", "pow", "rotl", "rotr" -> 2;
      case "sin", "cos", "tan", "exp", "ln", "log", "sqrt", "asin", "acos", "atan", "arcsin", "arccos", "arctan", "floor",
          "ceiling", "popcount" -> 1;
      case "real", "imag" -> throw error(c.pos(), "'" + c.function() + "': complex numbers are not supported; expected real values");
      default -> throw error(c.pos(), "unknown function or subroutine '" + c.function() + "'; expected a built-in function"
          + " (sin, cos, tan, arcsin, arccos, arctan, exp, ln, log, sqrt, floor, ceiling, mod, pow, popcount, rotl, rotr, sizeof)"
          + " or a subroutine defined with 'def'");
    };
    if (args.size() != arity) throw error(c.pos(), c.function() + " takes " + arity + " argument(s); expected " + arity + ", given " + args.size());
    ClassicalValue x = args.get(0);
    switch (c.function()) {
      case "mod": return binary("%", x, args.get(1), c.pos());
      case "pow": return binary("**", x, args.get(1), c.pos());
      case "rotl": case "rotr": {
        requireInteger(x, c.pos(), c.function());
        int w = x.width() > 0 ? x.width() : 64;
        boolean left = c.function().equals("rotl");
        return ClassicalValue.combine(x, args.get(1), x.kind(), x.width(), (v, k) -> {
          long n = ((long) k % w + w) % w;
          if (!left) n = (w - n) % w;
          long mask = w == 64 ? -1L : (1L << w) - 1;
          long bits = (long) v & mask;
          return n == 0 ? bits : ((bits << n) | (bits >>> (w - n))) & mask;
        });
      }
      case "popcount": requireInteger(x, c.pos(), "popcount"); return x.map(Kind.UINT, 0, v -> Long.bitCount((long) v));
      case "floor": return x.map(Kind.FLOAT, 0, Math::floor);
      case "ceiling": return x.map(Kind.FLOAT, 0, Math::ceil);
      default: break;
    }
    String f = c.function();
    return x.map(Kind.FLOAT, 0, v -> switch (f) {
      case "sin" -> Math.sin(v);
      case "cos" -> Math.cos(v);
      case "tan" -> Math.tan(v);
      case "exp" -> Math.exp(v);
      case "ln", "log" -> Math.log(v);
      case "sqrt" -> Math.sqrt(v);
      case "asin", "arcsin" -> Math.asin(v);
      case "acos", "arccos" -> Math.acos(v);
      default -> Math.atan(v);
    });
  }

  private ClassicalValue binary(String op, ClassicalValue l, ClassicalValue r, Pos pos) {
    switch (op) {
      case "==": return ClassicalValue.combine(l, r, Kind.BOOL, 0, (a, b) -> a == b ? 1 : 0);
      case "!=": return ClassicalValue.combine(l, r, Kind.BOOL, 0, (a, b) -> a != b ? 1 : 0);
      case "<": return ClassicalValue.combine(l, r, Kind.BOOL, 0, (a, b) -> a < b ? 1 : 0);
      case "<=": return ClassicalValue.combine(l, r, Kind.BOOL, 0, (a, b) -> a <= b ? 1 : 0);
      case ">": return ClassicalValue.combine(l, r, Kind.BOOL, 0, (a, b) -> a > b ? 1 : 0);
      case ">=": return ClassicalValue.combine(l, r, Kind.BOOL, 0, (a, b) -> a >= b ? 1 : 0);
      case "&&": return ClassicalValue.combine(l, r, Kind.BOOL, 0, (a, b) -> a != 0 && b != 0 ? 1 : 0);
      case "||": return ClassicalValue.combine(l, r, Kind.BOOL, 0, (a, b) -> a != 0 || b != 0 ? 1 : 0);
      default: break;
    }
    if (op.equals("&") || op.equals("|") || op.equals("^") || op.equals("<<") || op.equals(">>")) {
      if (l.kind() == Kind.BOOL && r.kind() == Kind.BOOL && !op.startsWith("<") && !op.startsWith(">")) {
        DoubleBinaryOperator f = op.equals("&") ? (a, b) -> (long) a & (long) b : op.equals("|") ? (a, b) -> (long) a | (long) b
            : (a, b) -> (long) a ^ (long) b;
        return ClassicalValue.combine(l, r, Kind.BOOL, 0, f);
      }
      requireInteger(l, pos, op);
      requireInteger(r, pos, op);
      if (l.kind() == Kind.ANGLE) {
        // on an angle's bits (shifts, and & | ^ between angles of one size), then back to the angle
        int aw = angleAsBits(l, pos).width();
        ClassicalValue bits = binary(op, angleAsBits(l, pos), r.kind() == Kind.ANGLE ? angleAsBits(r, pos) : r, pos);
        return bits.map(Kind.ANGLE, aw, k -> ClassicalValue.angleOfBits((long) k, aw));
      }
      DoubleBinaryOperator f = switch (op) {
        case "&" -> (a, b) -> (long) a & (long) b;
        case "|" -> (a, b) -> (long) a | (long) b;
        case "^" -> (a, b) -> (long) a ^ (long) b;
        case "<<" -> (a, b) -> b >= 63 ? 0 : (long) a << (long) b;
        default -> (a, b) -> b >= 63 ? 0 : (l.kind() == Kind.INT ? (long) a >> (long) b : (long) a >>> (long) b);
      };
      return ClassicalValue.combine(l, r, l.kind(), Math.max(l.width(), op.length() == 2 ? 0 : r.width()) == 0 ? l.width()
          : (op.length() == 2 ? l.width() : Math.max(l.width(), r.width())), f);
    }
    Kind k = arithmeticKind(l, r, op, pos);
    int w = k == Kind.ANGLE ? Math.max(l.kind() == Kind.ANGLE ? l.width() : 0, r.kind() == Kind.ANGLE ? r.width() : 0)
        : k == Kind.INT || k == Kind.UINT ? 0 : 0;
    // integer division only between sized integer variables: 3 / 5 in an angle means 0.6
    boolean integerDivision = (k == Kind.INT || k == Kind.UINT) && l.width() > 0 && r.width() > 0;
    if (op.equals("/") && (k == Kind.INT || k == Kind.UINT) && !integerDivision) k = Kind.FLOAT;
    DoubleBinaryOperator f = switch (op) {
      case "+" -> Double::sum;
      case "-" -> (a, b) -> a - b;
      case "*" -> (a, b) -> a * b;
      case "/" -> integerDivision ? (a, b) -> {
        if (b == 0) throw error(pos, "integer division by zero; expected a non-zero divisor");
        return (long) a / (long) b;
      } : (a, b) -> a / b;
      case "%" -> integerDivision ? (a, b) -> {
        if (b == 0) throw error(pos, "integer modulo by zero; expected a non-zero divisor");
        return (long) a % (long) b;
      } : (a, b) -> a % b;
      case "**" -> Math::pow;
      default -> throw error(pos, "unknown operator '" + op + "'");
    };
    if (k == Kind.FLOAT && op.equals("/") && l.kind() == Kind.ANGLE && r.kind() == Kind.ANGLE) return ClassicalValue.combine(l, r, Kind.FLOAT, 0, f);
    return ClassicalValue.combine(l, r, k, w, f);
  }

  private Kind arithmeticKind(ClassicalValue l, ClassicalValue r, String op, Pos pos) {
    Kind a = l.kind(), b = r.kind();
    if (a == Kind.DURATION || b == Kind.DURATION) {
      if (a == Kind.DURATION && b == Kind.DURATION && op.equals("/")) return Kind.FLOAT;
      return Kind.DURATION;
    }
    if (a == Kind.ANGLE || b == Kind.ANGLE) {
      if (a == Kind.ANGLE && b == Kind.ANGLE && op.equals("/")) return Kind.FLOAT;
      if ((a == Kind.FLOAT || b == Kind.FLOAT) && !op.equals("*") && !op.equals("/")) return Kind.FLOAT;
      return op.equals("**") ? Kind.FLOAT : Kind.ANGLE;
    }
    if (a == Kind.FLOAT || b == Kind.FLOAT || op.equals("**")) {
      if (op.equals("**") && a != Kind.FLOAT && b != Kind.FLOAT) return Kind.INT;
      return Kind.FLOAT;
    }
    return a == Kind.UINT && b == Kind.UINT ? Kind.UINT : Kind.INT;
  }

  private void requireInteger(ClassicalValue v, Pos pos, String op) {
    if (v.kind() == Kind.FLOAT || v.kind() == Kind.DURATION || v.kind() == Kind.ANGLE && !op.equals("[]") && !op.equals("~")
        && !op.startsWith("<") && !op.startsWith(">") && !op.startsWith("rot")) {
      if (v.kind() == Kind.ANGLE) return;
      throw error(pos, "'" + op + "' on a " + v.kind().name().toLowerCase() + " value; expected an integer, bit or bool");
    }
  }

  /** An angle[n]'s bits as a uint[n] (bit 0 least significant); an angle without a size has no bits. */
  private ClassicalValue angleAsBits(ClassicalValue v, Pos pos) {
    int w = v.width();
    if (w <= 0 || w > 62) throw error(pos, "the bits of an angle of " + (w <= 0 ? "no declared size" : w + " bits") + "; expected an angle[n], n at most 62");
    return v.map(Kind.UINT, w, x -> ClassicalValue.angleBits(x, w));
  }

  /** A plain value from an evaluation result: bits read as an integer. */
  private ClassicalValue value(Object v, Pos pos) {
    if (v instanceof ClassicalValue cv) return cv;
    if (v instanceof BRef b) return readSlots(b.slots());
    if (v instanceof QRef) throw error(pos, "qubits where a classical value is expected; expected a number, bit or variable");
    if (v instanceof Arr) throw error(pos, "an array where a single value is expected; expected an element such as a[0]");
    if (v == null) throw error(pos, "no value here; expected an expression with a value");
    throw error(pos, "an array literal where a single value is expected");
  }

  private ClassicalValue truth(Object v, Pos pos) {
    return value(v, pos).map(Kind.BOOL, 0, x -> x != 0 ? 1 : 0);
  }

  private double duration(Ast.Expr e) {
    ClassicalValue v = value(eval(e), e.pos());
    if (v.kind() != Kind.DURATION) throw error(e.pos(), "delay of a plain number; expected a duration such as 100ns or 10dt");
    if (!v.isConstant()) throw error(e.pos(), "a duration that depends on measured bits; expected one known before the run");
    if (!(v.value() >= 0)) {
      throw error(e.pos(), "duration " + v.value() + " s; expected a non-negative duration");
    }
    return v.value();
  }

  /** A number for a gate parameter, control count or exponent; names come from {@code env} first. */
  private double number(Ast.Expr e, Map<String, Double> env) {
    if (env != null) {
      Scope sc = new Scope(true);
      for (Map.Entry<String, Double> en : env.entrySet()) sc.names.put(en.getKey(), new Var(ClassicalValue.constant(Kind.FLOAT, 0, en.getValue()), true));
      // gate bodies name only their parameters, global constants and pi (checked at definition)
      scopes.push(sc);
      try {
        return number(e, null);
      } finally {
        scopes.pop();
      }
    }
    ClassicalValue v = value(eval(e), e.pos());
    if (!v.isConstant()) {
      throw error(e.pos(), "a gate parameter that depends on measured bits: not supported; expected a value known before the run");
    }
    return v.value();
  }

  private long integer(Ast.Expr e, String what) {
    ClassicalValue v = value(eval(e), e.pos());
    if (!v.isConstant()) throw error(e.pos(), what + " depends on measured bits; expected a value known before the run");
    double x = v.value();
    if (x != Math.rint(x) || Math.abs(x) > 9.0e15) throw error(e.pos(), what + " is " + x + "; expected an integer");
    return (long) x;
  }

  private int size(Ast.Expr e, String what) {
    long n = integer(e, what);
    if (n < 1) throw error(e.pos(), what + " is " + n + "; expected at least 1");
    if (n > MAX_QUBITS) throw error(e.pos(), what + " is " + n + "; expected at most " + MAX_QUBITS);
    return (int) n;
  }

  private Kind kindOf(Ast.Type t) {
    return switch (t.name()) {
      case "bit" -> Kind.BIT;
      case "bool" -> Kind.BOOL;
      case "int" -> Kind.INT;
      case "uint" -> Kind.UINT;
      case "float" -> Kind.FLOAT;
      case "angle" -> Kind.ANGLE;
      case "duration", "stretch" -> Kind.DURATION;
      case "complex" -> throw error(t.pos(), "complex numbers: not supported; expected real classical types");
      default -> throw error(t.pos(), "type '" + t.name() + "' where a classical type is expected; expected bit, bool, int, uint, float, angle or duration");
    };
  }

  private int width(Ast.Type t) {
    if (t.size() == null) return t.name().equals("bit") ? 1 : 0;
    long w = integer(t.size(), "the width of " + t.name());
    if (w < 1 || w > 64) throw error(t.size().pos(), "width " + w + " for " + t.name() + "; expected 1 .. 64");
    return (int) w;
  }

  private static double mathConstant(String name) {
    switch (name) {
      case "pi": case "π": return Math.PI;
      case "tau": case "τ": return 2 * Math.PI;
      case "euler": case "ℇ": return Math.E;
      default: return Double.NaN;
    }
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
