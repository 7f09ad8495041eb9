package io.qubitd.circuit.qasm;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Register;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a circuit as OpenQASM 2.0 with qelib1.inc names, or, when it idles qubits ({@code delay}, which OpenQASM 2
 * lacks), as OpenQASM 3.0 with the same qelib1.inc names and {@code delay[seconds s]}. Parameters and delays are
 * written with {@link Double#toString}, which reads back to the same double, so
 * {@code QasmParser.parse(write(c), c.name() + ".qasm", Map.of())} equals {@code c}.
 */
public final class QasmWriter {
  private QasmWriter() {}

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static final Set<String> RESERVED = Set.of(
      "OPENQASM", "include", "qreg", "creg", "gate", "opaque", "measure", "reset", "barrier", "if", "pi",
      "U", "CX", "sin", "cos", "tan", "exp", "ln", "sqrt", "qubit", "bit", "input", "const", "for", "in",
      "delay", "ctrl", "negctrl", "inv", "pow", "gphase", "let", "def", "while", "else");

  /** qelib1 names by (kind, controls): the inverse of the parser's mapping, one name per gate. */
  private static final Map<String, String> NAMES = names();

  private static Map<String, String> names() {
    Map<String, String> m = new HashMap<>();
    for (GateLibrary.NativeGate g : GateLibrary.qelib1Native().values()) m.put(key(g.kind(), g.controls()), g.name());
    m.put(key(GateKind.U, 0), "u3");
    m.put(key(GateKind.P, 0), "p");
    m.put(key(GateKind.P, 1), "cp");
    return Map.copyOf(m);
  }

  private static String key(GateKind kind, int controls) { return kind + "/" + controls; }

  /**
   * The circuit as OpenQASM 2.0 text.
   *
   * @throws IllegalArgumentException naming the operation when OpenQASM 2 with qelib1.inc cannot
   *     express it (delays, gphase, gates qelib1 has no name for, conditions on part of a register),
   *     or when registers do not tile the qubits and bits in order under distinct valid names
   */
  public static String write(Circuit c) {
    if (c.memory() != null) {
      throw new IllegalArgumentException("circuit " + c.name() + " keeps classical memory beyond its registers"
          + " (OpenQASM 3 subroutine bits or assigned register values); OpenQASM 2 cannot express it");
    }
    boolean idles = c.operations().stream().anyMatch(op -> op instanceof Operation.Delay);
    StringBuilder sb = new StringBuilder(idles ? "OPENQASM 3.0;\ninclude \"qelib1.inc\";\n" : "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n");
    Set<String> names = new HashSet<>();
    declare(sb, "qreg", c.qregs(), names);
    declare(sb, "creg", c.cregs(), names);
    List<Operation> ops = c.operations();
    for (int i = 0; i < ops.size(); i++) {
      Operation op = ops.get(i);
      if (op instanceof Operation.Store) throw unsayable(i, op, "OpenQASM 2 has no classical assignment");
      if (op.condition() != null) sb.append("if(").append(condition(c, op.condition(), i, op)).append(") ");
      if (op instanceof Operation.GateOp g) {
        sb.append(gateName(g.gate(), i, op));
        List<Double> params = g.gate().params();
        if (!params.isEmpty()) {
          sb.append('(');
          for (int k = 0; k < params.size(); k++) {
            double v = params.get(k);
            if (!Double.isFinite(v)) throw unsayable(i, op, "parameter " + v + " is not a finite number");
            sb.append(k > 0 ? "," : "").append(Double.toString(v));
          }
          sb.append(')');
        }
        sb.append(' ');
        appendQubits(sb, c.qregs(), g.qubits());
      } else if (op instanceof Operation.Measure m) {
        sb.append("measure ").append(name(c.qregs(), m.qubit())).append(" -> ").append(name(c.cregs(), m.clbit()));
      } else if (op instanceof Operation.Reset r) {
        sb.append("reset ").append(name(c.qregs(), r.qubit()));
      } else if (op instanceof Operation.Barrier b) {
        if (b.qubits().isEmpty()) throw unsayable(i, op, "a barrier on no qubits has no OpenQASM 2 form");
        sb.append("barrier ");
        appendQubits(sb, c.qregs(), b.qubits());
      } else {
        Operation.Delay d = (Operation.Delay) op;
        sb.append("delay[").append(Double.toString(d.seconds())).append("s] ").append(name(c.qregs(), d.qubit()));
      }
      sb.append(";\n");
    }
    return sb.toString();
  }

  private static void declare(StringBuilder sb, String keyword, List<Register> regs, Set<String> names) {
    int offset = 0;
    for (Register r : regs) {
      if (!IDENTIFIER.matcher(r.name()).matches() || RESERVED.contains(r.name())) {
        throw new IllegalArgumentException("register name '" + r.name() + "' is not a valid OpenQASM 2 identifier");
      }
      if (!names.add(r.name())) throw new IllegalArgumentException("register name '" + r.name() + "' is used twice");
      if (r.offset() != offset) {
        throw new IllegalArgumentException("register " + r.name() + " starts at " + r.offset() + ", expected " + offset
            + ": OpenQASM 2 registers follow each other in declaration order");
      }
      offset += r.size();
      sb.append(keyword).append(' ').append(r.name()).append('[').append(r.size()).append("];\n");
    }
  }

  private static String gateName(Gate g, int index, Operation op) {
    String name = NAMES.get(key(g.kind(), g.controls()));
    if (name == null) {
      throw unsayable(index, op, "qelib1.inc has no name for " + g.kind().qasmName() + " with " + g.controls() + " control(s)");
    }
    return name;
  }

  private static String condition(Circuit c, Condition cond, int index, Operation op) {
    if (cond.accepted() != null) throw unsayable(index, op, "its condition accepts several values of bits " + cond.clbits());
    for (Register r : c.cregs()) {
      if (r.size() != cond.clbits().size()) continue;
      boolean whole = true;
      for (int k = 0; k < r.size(); k++) whole &= cond.clbits().get(k) == r.offset() + k;
      if (whole) return r.name() + "==" + cond.value();
    }
    throw unsayable(index, op, "its condition reads bits " + cond.clbits() + ", not one whole classical register");
  }

  private static void appendQubits(StringBuilder sb, List<Register> qregs, List<Integer> qubits) {
    for (int k = 0; k < qubits.size(); k++) {
      if (k > 0) sb.append(',');
      sb.append(name(qregs, qubits.get(k)));
    }
  }

  private static String name(List<Register> regs, int index) {
    for (Register r : regs) {
      if (index >= r.offset() && index < r.offset() + r.size()) return r.name() + "[" + (index - r.offset()) + "]";
    }
    throw new IllegalArgumentException("index " + index + " is in no register");
  }

  private static IllegalArgumentException unsayable(int index, Operation op, String why) {
    return new IllegalArgumentException("operation " + index + " (" + op + ") cannot be written as OpenQASM 2: " + why);
  }
}
