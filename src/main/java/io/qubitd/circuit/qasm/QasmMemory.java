package io.qubitd.circuit.qasm;

import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.qasm.Ast.Pos;
import io.qubitd.circuit.qasm.ClassicalValue.Kind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writing classical memory: assignment, measurement into bits, registers and variables, the memory bits values
 * live in, and emitting operations under the conditions in force.
 */
abstract class QasmMemory extends QasmEvaluation {

  QasmMemory(String file, int version, Map<String, Double> inputs, QasmSettings settings) {
    super(file, version, inputs, settings);
  }

  // ---- assignment and measurement

  void assign(Ast.Assign s) {
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
    if (target instanceof Var cv && cv.value instanceof ComplexValue z) {
      if (cv.constant) throw error(s.pos(), "assignment to constant " + name(s.target()) + "; expected a variable");
      // a complex variable is a classical constant: it cannot take different values in different branches
      if (guarded()) throw error(s.pos(), "assignment to complex " + name(s.target()) + " under a condition on measured bits: not supported;"
          + " expected complex values known before the run");
      cv.value = s.op().equals("=") ? complex(rhs, s.value().pos())
          : complexBinary(s.op().substring(0, s.op().length() - 1), z, rhs, new Ast.Binary(s.op(), s.target(), s.value(), s.pos()));
      return;
    }
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

  /** An element of a classical array or a bit of an integer variable, for assignment. */
  final class ElementRef {
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

  Object evalTarget(Ast.Expr e) {
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
  void measureIntoElement(Ast.Expr operand, ElementRef er, Pos pos) {
    int[] q = qubits(operand);
    if (q.length != 1) throw error(pos, "measure of " + q.length + " qubit(s) into one bit of a variable; expected one qubit");
    er.set(ClassicalValue.memoryBit(measureInto(q[0], null, pos)), pos);
  }

  void measureAssign(BRef target, Ast.MeasureExpr m) {
    int[] q = qubits(m.operand());
    if (q.length != target.slots().length) {
      throw error(m.pos(), "measure of " + q.length + " qubit(s) into " + target.slots().length + " bit(s); expected equal sizes");
    }
    for (int i = 0; i < q.length; i++) measureInto(q[i], slots.get(target.slots()[i]), m.pos());
  }

  /** Measures {@code qubit} into {@code slot} (or into a fresh memory bit when null); returns the memory bit. */
  @Override
  int measureInto(int qubit, Slot slot, Pos pos) {
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

  boolean holdsOwnValue(Slot s) {
    return s.derived == null && (s.mem == s.home || (s.mem < 0 && !memWritten[s.home] && s.known == 0));
  }

  // ---- writing values back to memory

  /**
   * Writes back into classical memory every value that depends on more measured bits than it holds (a bit on more
   * than one, an n-bit integer on more than n): each pass of a while loop on measured bits makes the values it
   * assigns functions of the previous pass's, which would otherwise grow with every pass past what a condition can
   * read. One {@link Operation.Store} per value the pass assigned ({@code before}: values at the pass's start) puts
   * it in bits nothing else reads (a bit's own memory when free), after which the value is just those bits and the
   * bits it depended on are free for the next pass.
   */
  void writeBack(Map<Object, Object> before, Pos pos) {
    if (wideGuard != null) return;
    Map<Object, Object> now = valuesInScope();
    for (Map.Entry<Object, Object> e : now.entrySet()) {
      // only what the pass assigned: a value computed before the loop is left as it is
      if (before.get(e.getKey()) == e.getValue()) continue;
      if (e.getKey() instanceof Slot s) {
        if (s.derived != null && s.derived.deps().length > 1) storeSlot(s, pos);
      } else if (e.getKey() instanceof Var v && v.value instanceof ClassicalValue cv && storable(cv)) {
        v.value = storeValue(cv, pos);
      }
    }
  }

  /** Every bit slot and variable the running code can name, with its present value (a slot's derived value). */
  Map<Object, Object> valuesInScope() {
    Map<Object, Object> out = new java.util.IdentityHashMap<>();
    List<Scope> all = new ArrayList<>(scopes);
    for (Deque<Scope> d : suspended) all.addAll(d);
    for (Scope sc : all) {
      for (Object o : sc.names.values()) {
        if (o instanceof BRef br) {
          for (int id : br.slots()) {
            Slot s = slots.get(id);
            out.put(s, s.derived);
          }
        } else if (o instanceof Var v) {
          out.put(v, v.value);
        }
      }
    }
    return out;
  }

  /** An integer, bit, bool or angle value that reads more memory bits than its own width (at most a table's). */
  private static boolean storable(ClassicalValue cv) {
    int w = cv.kind() == Kind.BOOL ? 1 : cv.width();
    boolean integral = cv.kind() == Kind.BIT || cv.kind() == Kind.BOOL || cv.kind() == Kind.INT
        || cv.kind() == Kind.UINT || cv.kind() == Kind.ANGLE;
    return integral && w > 0 && w <= Condition.MAX_TABLE_BITS && cv.deps().length > w;
  }

  private void storeSlot(Slot s, Pos pos) {
    int target = s.home >= 0 && !referencedElsewhere(s.home, s) && !conditionsRead(s.home) ? s.home : allocate(pos);
    ClassicalValue v = s.derived;
    emit(new Operation.Store(List.of(target), List.of(v.condition()), null), pos);
    s.mem = target;
    s.derived = null;
  }

  private ClassicalValue storeValue(ClassicalValue v, Pos pos) {
    int w = v.kind() == Kind.BOOL ? 1 : v.width();
    int[] bits = freeBits(w, pos);
    List<Integer> targets = new ArrayList<>();
    List<Condition> values = new ArrayList<>();
    for (int j = 0; j < w; j++) {
      final int k = j;
      ClassicalValue bit = v.map(Kind.BIT, 1, x -> v.kind() == Kind.ANGLE
          ? (ClassicalValue.angleBits(x, w) >>> k) & 1 : ((long) x >>> k) & 1);
      if (bit.isConstant()) {
        // a bit with the same value in every reading: a condition true for none or both readings of any one bit
        BitSet accepted = new BitSet();
        if (bit.value() != 0) accepted.set(0, 2);
        values.add(new Condition(List.of(bits[j]), 0, accepted));
      } else {
        values.add(bit.condition());
      }
      targets.add(bits[j]);
    }
    emit(new Operation.Store(targets, values, null), pos);
    double[] table = new double[1 << w];
    for (int k = 0; k < table.length; k++) {
      table[k] = v.kind() == Kind.ANGLE ? ClassicalValue.angleOfBits(k, w) : k;
    }
    return new ClassicalValue(v.kind(), v.width(), bits, table).as(v.kind(), v.width());
  }

  /** Whether a condition in force reads memory bit {@code m}. */
  private boolean conditionsRead(int m) {
    for (Frame f : frames) for (int d : f.deps) if (d == m) return true;
    return guard != null && guard.dependsOn(m);
  }

  /** {@code n} distinct memory bits no live name or condition refers to, in increasing order. */
  private int[] freeBits(int n, Pos pos) {
    BitSet live = liveMemory();
    int[] out = new int[n];
    int k = 0;
    for (int m = 0; m < 64 && k < n; m++) {
      if (m < memBits && (live.get(m) || (owner[m] != null && owner[m].visible))) continue;
      if (m >= memBits) memBits = m + 1;
      owner[m] = null;
      out[k++] = m;
    }
    if (k < n) throw error(pos, "the program needs more than 64 classical bits at once; expected at most 64");
    return out;
  }

  /** Makes room for {@code bits} bits of classical memory. */
  void growMemory(int bits) {
    if (bits <= owner.length) return;
    int n = Math.max(bits, 2 * owner.length);
    int old = lastWriter.length;
    owner = java.util.Arrays.copyOf(owner, n);
    memWritten = java.util.Arrays.copyOf(memWritten, n);
    lastWriter = java.util.Arrays.copyOf(lastWriter, n);
    java.util.Arrays.fill(lastWriter, old, n, -1);
  }

  /** A memory bit no live name or condition refers to. */
  int allocate(Pos pos) {
    BitSet live = liveMemory();
    for (int m = 0; m < 64; m++) {
      if (m < memBits && (live.get(m) || (owner[m] != null && owner[m].visible))) continue;
      if (m >= memBits) memBits = m + 1;
      owner[m] = null;
      return m;
    }
    throw error(pos, "the program needs more than 64 classical bits at once; expected at most 64");
  }

  BitSet liveMemory() {
    BitSet live = new BitSet();
    for (Frame f : frames) for (int d : f.deps) live.set(d);
    if (guard != null) for (int d : guard.deps()) live.set(d);
    if (wideGuard != null) for (int d : wideGuard.clbits()) live.set(d);
    Set<Object> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Scope sc : scopes) markLive(sc, live, seen);
    for (Deque<Scope> d : suspended) for (Scope sc : d) markLive(sc, live, seen);
    return live;
  }

  void markLive(Scope sc, BitSet live, Set<Object> seen) {
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
  void assignBits(BRef target, Object rhs, Pos pos) {
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

  void setSlot(Slot s, ClassicalValue bit, Pos pos) {
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
      // the home bit's present value must not be needed either: another bit's value computed from it (under a
      // condition that reads it, say) would read the measurement instead
      movable = java.util.Objects.equals(w.condition(), now) && untouchedAfter(idx, m, s.home) && !referencedElsewhere(m, s)
          && !referencedElsewhere(s.home, s);
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
    for (Operation op : ops) {
      if ((op instanceof Operation.Measure me && me.clbit() == m) || (op instanceof Operation.Store st && st.clbits().contains(m))) {
        memWritten[m] = true;
      }
    }
    memWritten[s.home] = true;
    for (Frame f : frames) if (f.written.get(m)) f.written.set(s.home);
    writeLog.add(s.home);
    s.mem = s.home;
    s.derived = null;
    if (owner[m] != null && owner[m] != s) owner[m].mem = owner[m].mem == m ? -1 : owner[m].mem;
  }

  /** The bit now holds {@code bit} (where the conditions in force hold; its old value elsewhere), as a function of memory. */
  void derive(Slot s, ClassicalValue bit, Pos pos) {
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

  boolean untouchedAfter(int idx, int m, int home) {
    for (int i = idx + 1; i < ops.size(); i++) {
      Operation op = ops.get(i);
      if (op instanceof Operation.Measure me && (me.clbit() == m || me.clbit() == home)) return false;
      if (op instanceof Operation.Store st && (st.clbits().contains(m) || st.clbits().contains(home)
          || st.reads().contains(m) || st.reads().contains(home))) {
        return false;
      }
      if (op.condition() != null && (op.condition().clbits().contains(m) || op.condition().clbits().contains(home))) return false;
    }
    return true;
  }

  boolean referencedElsewhere(int m, Slot target) { return referencedElsewhere(m, target, null); }

  /**
   * Whether a name other than {@code target} still needs memory bit {@code m}; with {@code at}, a
   * variable of the running code that the program text never reads again after {@code at} does not.
   */
  boolean referencedElsewhere(int m, Slot target, Pos at) {
    for (Scope sc : scopes) if (references(sc, m, target, at)) return true;
    for (Deque<Scope> d : suspended) for (Scope sc : d) if (references(sc, m, target, null)) return true;
    return false;
  }

  boolean references(Scope sc, int m, Slot target, Pos at) {
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
  boolean deadAfter(String name, Pos at) {
    for (Pos r : reads.getOrDefault(name, List.of())) {
      if (before(at, r)) return false;
      for (Pos[] loop : loopSpans) {
        if (!before(at, loop[0]) && !before(loop[1], at) && !before(r, loop[0])) return false;
      }
    }
    return true;
  }

  static boolean before(Pos a, Pos b) {
    return a.line() < b.line() || (a.line() == b.line() && a.column() < b.column());
  }

  /** Records the reads of names and the spans of loops below {@code node}; returns the last position in it. */
  /**
   * Per syntax-tree record class, the accessors of its components that can hold positions or further nodes (records
   * and lists; not strings or numbers), made accessible once: looking them up and checking access on every node made
   * the scan most of the time spent reading a large program.
   */
  private static final ClassValue<java.lang.reflect.Method[]> CHILDREN = new ClassValue<>() {
    @Override protected java.lang.reflect.Method[] computeValue(Class<?> type) {
      List<java.lang.reflect.Method> out = new ArrayList<>();
      for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
        Class<?> t = c.getType();
        if (t.isPrimitive() || t == String.class || Number.class.isAssignableFrom(t) || t == Boolean.class || t.isEnum()) continue;
        java.lang.reflect.Method m = c.getAccessor();
        m.setAccessible(true);
        out.add(m);
      }
      return out.toArray(new java.lang.reflect.Method[0]);
    }
  };

  Pos scan(Object node) {
    if (node == null) return null;
    Pos last = null;
    if (node instanceof List<?> list) {
      for (Object o : list) last = later(last, scan(o));
      return last;
    }
    if (!(node instanceof Record r) || node instanceof Pos) return null;
    if (node instanceof Ast.Name n) reads.computeIfAbsent(n.name(), k -> new ArrayList<>()).add(n.pos());
    for (java.lang.reflect.Method accessor : CHILDREN.get(r.getClass())) {
      Object v;
      try {
        v = accessor.invoke(r);
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

  static Pos later(Pos a, Pos b) { return a == null ? b : b == null ? a : before(a, b) ? b : a; }

  // ---- emitting operations

  void emit(Operation op, Pos pos) {
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
    } else if (op instanceof Operation.Store st) {
      ops.add(new Operation.Store(st.clbits(), st.values(), cond));
      for (int b : st.clbits()) {
        // a stored bit is no measurement's any more, so no later assignment may move a measurement into its place
        lastWriter[b] = -1;
        memWritten[b] = true;
        writeLog.add(b);
        for (Frame f : frames) f.written.set(b);
      }
    } else {
      // barriers and delays keep their place in the schedule whichever branch runs
      ops.add(op);
    }
  }

}
