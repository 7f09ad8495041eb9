package io.qubitd.circuit.qasm;

import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Register;
import io.qubitd.circuit.qasm.Ast.Pos;
import io.qubitd.circuit.qasm.ClassicalValue.Kind;
import io.qubitd.circuit.qasm.GateLibrary.GateRef;
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
import java.util.function.DoubleBinaryOperator;

/**
 * The state of an elaboration (names, classical memory, conditions in force) and the evaluation of
 * expressions and operands over it; the layers above add classical memory writes ({@link QasmMemory}), gates
 * ({@link QasmGates}) and statements ({@link QasmElaborator}). One elaboration runs on one instance.
 */
abstract class QasmEvaluation {

  static final int MAX_QUBITS = 100_000;
  static final int MAX_CALL_DEPTH = 64;
  static final int MAX_GATE_DEPTH = 500;

  final String file;
  final int version;
  final Map<String, Double> inputs;
  final QasmSettings settings;
  final Map<String, GateRef> gates = new HashMap<>();
  final Set<String> userGates = new HashSet<>();
  final List<Register> qregs = new ArrayList<>();
  final List<Register> cregs = new ArrayList<>();
  final List<Operation> ops = new ArrayList<>();
  boolean qelib1, stdgates;
  int numQubits;
  /** Physical qubits $n the program names, and the program qubit each became. */
  final Map<Integer, Integer> hardware = new HashMap<>();
  /** Register name of a physical qubit $n (an identifier OpenQASM 2 writers can print; '$' is not one). */
  static final String HARDWARE_PREFIX = "__physical_";
  long expanded, steps;

  // ---- names

  record QRef(int[] qubits, boolean single) {}

  /** Bit slots of a bit register, a single bit, or a view of them. */
  record BRef(int[] slots, boolean single) {}

  static final class Var {
    Object value;
    final boolean constant;
    Var(Object value, boolean constant) { this.value = value; this.constant = constant; }
  }

  /** A multi-dimensional array of classical values, row-major. */
  record Arr(Kind kind, int width, int[] dims, ClassicalValue[] data) {
    Arr copy() { return new Arr(kind, width, dims.clone(), data.clone()); }
  }

  record Def(Ast.DefStmt def) {}

  static final class Scope {
    final Map<String, Object> names = new HashMap<>();
    final Map<String, Pos> declared = new HashMap<>();
    final boolean function;
    Scope(boolean function) { this.function = function; }
  }

  final Deque<Scope> scopes = new ArrayDeque<>();
  /** The scopes of callers while a subroutine runs. */
  final List<Deque<Scope>> suspended = new ArrayList<>();
  /** Where each name is read in the program's text, and the text spans of its loops: for {@link #deadAfter}. */
  final Map<String, List<Pos>> reads = new HashMap<>();
  final List<Pos[]> loopSpans = new ArrayList<>();
  final Scope global = new Scope(true);

  // ---- classical memory

  /** One classical bit: a known value, or the memory bit {@code mem} that holds it; {@code home} is its own memory bit. */
  static final class Slot {
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

  final List<Slot> slots = new ArrayList<>();
  // classical memory: registers may hold any number of bits; values computed from measurements need theirs within 64
  Slot[] owner = new Slot[64];
  boolean[] memWritten = new boolean[64];
  int[] lastWriter = new int[64];
  int memBits;
  final List<Integer> writeLog = new ArrayList<>();
  final Map<String, Var> outputs = new LinkedHashMap<>();

  /** A runtime condition in force, and the memory bits written while it is. */
  static final class Frame {
    final int[] deps;
    final BitSet written = new BitSet();
    Frame(int[] deps) { this.deps = deps; }
  }

  final Deque<Frame> frames = new ArrayDeque<>();
  ClassicalValue guard;
  /** A condition on more bits than a table holds (a whole register == value), in force instead of {@code guard}. */
  Condition wideGuard;
  int callDepth, gateDepth;

  // ---- stretches (QasmElaborator solves them by running the program with trial values)

  /** Seconds by which solved durations may miss their constraints through rounding. */
  static final double STRETCH_TOLERANCE = 1e-15;

  /** A duration the timing needs non-negative (a delay; the room left in a box), or zero (a box a stretch fills). */
  record TimingFact(double seconds, boolean fills, Pos pos, String what) {}

  /** Values of the program's stretches in declaration order, or null (each resolves to 0). */
  double[] stretchValues;
  int stretchesDeclared;
  /** True while a trial run records {@link #timing} instead of checking it. */
  boolean probing;
  final List<TimingFact> timing = new ArrayList<>();

  /** A modifier: control count, or pow's exponent ({@code count} when it is an integer, else {@code exponent}). */
  record Mod(Ast.ModifierKind kind, int count, double exponent) {
    Mod(Ast.ModifierKind kind, int count) { this(kind, count, count); }

    boolean fractional() { return exponent != count; }
  }

  static final class Jump extends RuntimeException {
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

  QasmEvaluation(String file, int version, Map<String, Double> inputs, QasmSettings settings) {
    this.file = file;
    this.version = version;
    this.inputs = inputs;
    this.settings = settings;
    gates.putAll(GateLibrary.builtins(version));
    scopes.push(global);
    java.util.Arrays.fill(lastWriter, -1);
  }

  // ---- operands

  QRef qref(Ast.Expr o) {
    Object v = eval(o);
    if (v instanceof QRef q) return q;
    if (o instanceof Ast.Name n && (v instanceof BRef || v instanceof Var)) {
      throw error(o.pos(), "'" + n.name() + "' is a classical register; expected a declared qreg or qubit");
    }
    throw error(o.pos(), "a classical value where qubits are expected; expected a declared qreg or qubit");
  }

  int[] qubits(Ast.Expr o) { return qref(o).qubits(); }

  int[] bits(Ast.Expr o) {
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
  int hardwareQubit(Ast.HardwareQubit h) {
    Integer have = hardware.get(h.index());
    if (have != null) return have;
    if ((long) numQubits + 1 > MAX_QUBITS) throw error(h.pos(), "the program uses more than " + MAX_QUBITS + " qubits; expected at most " + MAX_QUBITS);
    int q = numQubits++;
    qregs.add(new Register(HARDWARE_PREFIX + h.index(), q, 1));
    hardware.put(h.index(), q);
    return q;
  }

  String qubitName(int q) {
    for (Register r : qregs) {
      if (r.name().startsWith(HARDWARE_PREFIX) && q == r.offset()) return "$" + r.name().substring(HARDWARE_PREFIX.length());
      if (q >= r.offset() && q < r.offset() + r.size()) return r.name() + "[" + (q - r.offset()) + "]";
    }
    return "#" + q;
  }

  void bind(String name, Object value, Pos pos) {
    Scope sc = scopes.peek();
    Pos previous = sc.declared.putIfAbsent(name, pos);
    if (previous != null || (sc == global && gates.containsKey(name) && userGates.contains(name))) {
      throw error(pos, "'" + name + "' is already declared at line " + (previous == null ? "?" : previous.line()) + "; expected a new name");
    }
    sc.names.put(name, value);
  }

  Object lookup(String name) {
    for (Scope sc : scopes) {
      Object v = sc.names.get(name);
      if (v != null) return v;
    }
    return null;
  }

  // ---- expressions

  /** Evaluates {@code e} to a {@link ClassicalValue}, {@link QRef}, {@link BRef}, {@link Arr}, or a list (array literal). */
  Object eval(Ast.Expr e) {
    if (e instanceof Ast.Num n) return ClassicalValue.constant(n.integer() ? Kind.INT : Kind.FLOAT, 0, n.value());
    if (e instanceof Ast.Bool b) return ClassicalValue.constant(Kind.BOOL, 0, b.value() ? 1 : 0);
    if (e instanceof Ast.BitString b) {
      if (b.bits().length() > 62) throw error(b.pos(), "bit string of " + b.bits().length() + " bits; expected at most 62");
      return ClassicalValue.constant(Kind.BIT, b.bits().length(), Long.parseLong(b.bits(), 2));
    }
    if (e instanceof Ast.DurationOf d) return ClassicalValue.constant(Kind.DURATION, 0, durationOf(d));
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
    if (e instanceof Ast.Imaginary im) return new ComplexValue(0, im.value());
    if (e instanceof Ast.Unary u) {
      Object operand = eval(u.operand());
      if (operand instanceof ComplexValue z) {
        if (!u.op().equals("-")) throw error(u.pos(), "'" + u.op() + "' on a complex value; expected '-'");
        return z.negate();
      }
      ClassicalValue v = value(operand, u.operand().pos());
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
      Object l = eval(b.left()), r = eval(b.right());
      if (l instanceof ComplexValue || r instanceof ComplexValue) return complexBinary(b.op(), l, r, b);
      return binary(b.op(), value(l, b.left().pos()), value(r, b.right().pos()), b.pos());
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

  Object concat(Object l, Object r, Pos pos) {
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

  Object index(Object base, Ast.Index ix) {
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

  static int[] rangeIndices(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) r[i] = i;
    return r;
  }

  static boolean isSingle(Ast.Index ix) {
    return ix.items().size() == 1 && ix.items().get(0) instanceof Ast.Single;
  }

  int flatIndex(Arr arr, Ast.Index ix) {
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
  int[] select(int[] items, Ast.Index ix, String what) {
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

  void checkRange(long i, int n, Pos pos, String what) {
    if (i < 0 || i >= n) throw error(pos, "index " + i + " is out of range for " + what + "; expected 0 .. " + (n - 1));
  }

  Object callExpr(Ast.Call c) {
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
    List<Object> raw = new ArrayList<>();
    for (Ast.Expr a : c.args()) raw.add(eval(a));
    if (c.function().equals("real") || c.function().equals("imag") || raw.stream().anyMatch(a -> a instanceof ComplexValue)) {
      return complexCall(c, raw);
    }
    List<ClassicalValue> args = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) args.add(value(raw.get(i), c.args().get(i).pos()));
    int arity = switch (c.function()) {
      case "mod", "pow", "rotl", "rotr" -> 2;
      case "sin", "cos", "tan", "exp", "ln", "log", "sqrt", "asin", "acos", "atan", "arcsin", "arccos", "arctan", "floor",
          "ceiling", "popcount" -> 1;
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

  ClassicalValue binary(String op, ClassicalValue l, ClassicalValue r, Pos pos) {
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

  Kind arithmeticKind(ClassicalValue l, ClassicalValue r, String op, Pos pos) {
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

  void requireInteger(ClassicalValue v, Pos pos, String op) {
    if (v.kind() == Kind.FLOAT || v.kind() == Kind.DURATION || v.kind() == Kind.ANGLE && !op.equals("[]") && !op.equals("~")
        && !op.startsWith("<") && !op.startsWith(">") && !op.startsWith("rot")) {
      if (v.kind() == Kind.ANGLE) return;
      throw error(pos, "'" + op + "' on a " + v.kind().name().toLowerCase() + " value; expected an integer, bit or bool");
    }
  }

  /** An angle[n]'s bits as a uint[n] (bit 0 least significant); an angle without a size has no bits. */
  ClassicalValue angleAsBits(ClassicalValue v, Pos pos) {
    int w = v.width();
    if (w <= 0 || w > 62) throw error(pos, "the bits of an angle of " + (w <= 0 ? "no declared size" : w + " bits") + "; expected an angle[n], n at most 62");
    return v.map(Kind.UINT, w, x -> ClassicalValue.angleBits(x, w));
  }

  /** A plain value from an evaluation result: bits read as an integer. */
  ClassicalValue value(Object v, Pos pos) {
    if (v instanceof ClassicalValue cv) return cv;
    if (v instanceof BRef b) return readSlots(b.slots());
    if (v instanceof ComplexValue) throw error(pos, "a complex value where a real one is expected; expected real(...) or imag(...) of it");
    if (v instanceof QRef) throw error(pos, "qubits where a classical value is expected; expected a number, bit or variable");
    if (v instanceof Arr) throw error(pos, "an array where a single value is expected; expected an element such as a[0]");
    if (v == null) throw error(pos, "no value here; expected an expression with a value");
    throw error(pos, "an array literal where a single value is expected");
  }

  ClassicalValue truth(Object v, Pos pos) {
    return value(v, pos).map(Kind.BOOL, 0, x -> x != 0 ? 1 : 0);
  }

  double duration(Ast.Expr e) {
    ClassicalValue v = value(eval(e), e.pos());
    if (v.kind() != Kind.DURATION) throw error(e.pos(), "delay of a plain number; expected a duration such as 100ns or 10dt");
    if (!v.isConstant()) throw error(e.pos(), "a duration that depends on measured bits; expected one known before the run");
    // while stretches are being solved any value is recorded; solved values may miss 0 by rounding
    if (probing) return v.value();
    if (stretchValues != null && Math.abs(v.value()) < STRETCH_TOLERANCE) return 0;
    if (!(v.value() >= 0)) {
      throw error(e.pos(), "duration " + v.value() + " s; expected a non-negative duration");
    }
    return v.value();
  }

  /** A number for a gate parameter, control count or exponent; names come from {@code env} first. */
  double number(Ast.Expr e, Map<String, Double> env) {
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

  long integer(Ast.Expr e, String what) {
    ClassicalValue v = value(eval(e), e.pos());
    if (!v.isConstant()) throw error(e.pos(), what + " depends on measured bits; expected a value known before the run");
    double x = v.value();
    if (x != Math.rint(x) || Math.abs(x) > 9.0e15) throw error(e.pos(), what + " is " + x + "; expected an integer");
    return (long) x;
  }

  int size(Ast.Expr e, String what) {
    long n = integer(e, what);
    if (n < 1) throw error(e.pos(), what + " is " + n + "; expected at least 1");
    if (n > MAX_QUBITS) throw error(e.pos(), what + " is " + n + "; expected at most " + MAX_QUBITS);
    return (int) n;
  }

  Kind kindOf(Ast.Type t) {
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

  int width(Ast.Type t) {
    if (t.size() == null) return t.name().equals("bit") ? 1 : 0;
    long w = integer(t.size(), "the width of " + t.name());
    if (w < 1 || w > 64) throw error(t.size().pos(), "width " + w + " for " + t.name() + "; expected 1 .. 64");
    return (int) w;
  }

  static double mathConstant(String name) {
    switch (name) {
      case "pi": case "π": return Math.PI;
      case "tau": case "τ": return 2 * Math.PI;
      case "euler": case "ℇ": return Math.E;
      default: return Double.NaN;
    }
  }

  // ---- errors

  QasmException unknownGate(String name, Pos pos) {
    String hint = qelib1 || stdgates ? "a gate defined earlier with 'gate' or from the included library"
        : "a gate defined earlier with 'gate' (is an include \"" + (version == 2 ? "qelib1.inc" : "stdgates.inc") + "\" missing?)";
    return error(pos, "unknown gate '" + name + "'; expected " + hint);
  }

  QasmException error(Pos pos, String message) {
    return new QasmException(file, pos.line(), pos.column(), message);
  }

  boolean guarded() { return guard != null || wideGuard != null; }

  Condition currentCondition() { return wideGuard != null ? wideGuard : guard == null ? null : guard.condition(); }

  QasmException wide(Pos pos) {
    return error(pos, "this needs a condition combined with a condition on more than " + Condition.MAX_TABLE_BITS
        + " measured bits: not supported; expected nested conditions on at most " + Condition.MAX_TABLE_BITS + " bits");
  }

  static String fmt(double v) { return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v); }

  static String name(Ast.Expr e) {
    return e instanceof Ast.Name n ? n.name() : e instanceof Ast.Index i ? name(i.base()) : "?";
  }

  ClassicalValue slotValue(Slot s) {
    if (s.derived != null) return s.derived;
    return s.mem >= 0 ? ClassicalValue.memoryBit(s.mem) : ClassicalValue.constant(Kind.BIT, 1, s.known);
  }

  ClassicalValue readSlots(int[] ids) {
    ClassicalValue v = ClassicalValue.constant(Kind.BIT, ids.length, 0);
    for (int i = 0; i < ids.length; i++) {
      Slot s = slots.get(ids[i]);
      final long weight = 1L << i;
      ClassicalValue b = slotValue(s);
      v = ClassicalValue.combine(v, b, Kind.BIT, ids.length, (acc, x) -> acc + x * weight);
    }
    return v;
  }

  // ---- complex numbers

  /** A real constant or complex value as a complex number; a value read from measurements is not one. */
  ComplexValue complex(Object v, Pos pos) {
    if (v instanceof ComplexValue z) return z;
    ClassicalValue cv = value(v, pos);
    if (!cv.isConstant()) throw error(pos, "a complex value computed from measured bits: not supported; expected one known before the run");
    if (cv.kind() == Kind.DURATION) throw error(pos, "a duration in complex arithmetic; expected a number");
    return new ComplexValue(cv.value(), 0);
  }

  /** {@code l op r} with at least one complex operand: + − * / ** and the comparisons == and !=. */
  Object complexBinary(String op, Object l, Object r, Ast.Binary b) {
    ComplexValue x = complex(l, b.left().pos()), y = complex(r, b.right().pos());
    return switch (op) {
      case "+" -> x.plus(y);
      case "-" -> x.minus(y);
      case "*" -> x.times(y);
      case "/" -> {
        if (y.re() == 0 && y.im() == 0) throw error(b.pos(), "complex division by zero; expected a non-zero divisor");
        yield x.dividedBy(y);
      }
      case "**" -> x.pow(y);
      case "==" -> ClassicalValue.constant(Kind.BOOL, 0, x.equals(y) ? 1 : 0);
      case "!=" -> ClassicalValue.constant(Kind.BOOL, 0, x.equals(y) ? 0 : 1);
      default -> throw error(b.pos(), "'" + op + "' on a complex value; expected + - * / ** == or !=");
    };
  }

  /** The built-in functions on complex numbers: real, imag, and exp, ln/log, sqrt, pow on the principal branch. */
  Object complexCall(Ast.Call c, List<Object> args) {
    String f = c.function();
    int arity = f.equals("pow") ? 2 : 1;
    if (args.size() != arity) {
      throw error(c.pos(), "'" + f + "' is given " + args.size() + " argument(s); expected " + arity);
    }
    ComplexValue z = complex(args.get(0), c.args().get(0).pos());
    return switch (f) {
      case "real" -> ClassicalValue.constant(Kind.FLOAT, 0, z.re());
      case "imag" -> ClassicalValue.constant(Kind.FLOAT, 0, z.im());
      case "exp" -> z.exp();
      case "ln", "log" -> z.log();
      case "sqrt" -> z.sqrt();
      case "pow" -> z.pow(complex(args.get(1), c.args().get(1).pos()));
      default -> throw error(c.pos(), "'" + f + "' of a complex value: not supported; expected real, imag, exp, log, sqrt or pow");
    };
  }

  // ---- defined by the layers above, called from expressions

  /** Runs subroutine {@code d} on the arguments; its return value, or null ({@link QasmElaborator}). */
  abstract Object call(Def d, List<Ast.Expr> argExprs, Pos pos);

  /** Fills {@code arr} from dimension {@code dim} at {@code offset} with {@code init} ({@link QasmElaborator}). */
  abstract void fillArray(Arr arr, int dim, int offset, Object init, Pos pos);

  /** Measures {@code qubit} into {@code slot}, or a fresh memory bit when null; the memory bit ({@link QasmMemory}). */
  abstract int measureInto(int qubit, Slot slot, Pos pos);

  /** Seconds the block of {@code durationof} takes (the statements layer runs it). */
  abstract double durationOf(Ast.DurationOf d);

}
