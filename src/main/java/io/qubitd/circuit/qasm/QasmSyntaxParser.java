package io.qubitd.circuit.qasm;

import io.qubitd.circuit.qasm.Ast.Pos;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Recursive-descent parser from tokens to {@link Ast}; names are resolved later by the elaborator. */
final class QasmSyntaxParser {

  static final String SUBSET = "qubitd reads OpenQASM 2.0 and the common OpenQASM 3 subset "
      + "(gate, modifiers, measure, reset, barrier, delay, if, for, input, const)";

  private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
      Map.entry("def", "subroutine definitions ('def')"),
      Map.entry("defcal", "pulse calibrations ('defcal')"),
      Map.entry("defcalgrammar", "pulse grammars ('defcalgrammar')"),
      Map.entry("cal", "calibration blocks ('cal')"),
      Map.entry("extern", "extern functions"),
      Map.entry("while", "while loops"),
      Map.entry("box", "boxes ('box')"),
      Map.entry("let", "aliases ('let')"),
      Map.entry("stretch", "stretch variables"),
      Map.entry("duration", "duration variables"),
      Map.entry("array", "arrays"),
      Map.entry("return", "'return'"),
      Map.entry("break", "'break'"),
      Map.entry("continue", "'continue'"),
      Map.entry("end", "'end'"),
      Map.entry("switch", "'switch'"),
      Map.entry("else", "else branches"),
      Map.entry("output", "output declarations"),
      Map.entry("pragma", "pragmas"),
      Map.entry("int", "classical variables of type 'int'"),
      Map.entry("uint", "classical variables of type 'uint'"),
      Map.entry("float", "classical variables of type 'float'"),
      Map.entry("angle", "classical variables of type 'angle'"),
      Map.entry("bool", "classical variables of type 'bool'"),
      Map.entry("complex", "classical variables of type 'complex'"),
      Map.entry("durationof", "durationof"),
      Map.entry("sizeof", "sizeof"));

  static final Set<String> FUNCTIONS = Set.of(
      "sin", "cos", "tan", "exp", "ln", "sqrt", "asin", "acos", "atan", "arcsin", "arccos", "arctan");

  private static final Set<String> MODIFIERS = Set.of("inv", "ctrl", "negctrl", "pow");

  private final List<Token> toks;
  private final String file;
  private int p;
  private int version;

  private QasmSyntaxParser(List<Token> toks, String file, int defaultVersion) {
    this.toks = toks;
    this.file = file;
    this.version = defaultVersion;
  }

  /** Parses a whole program; {@code defaultVersion} (2 or 3) applies when there is no version line. */
  static Ast.Program parse(String src, String file, int defaultVersion) {
    QasmSyntaxParser parser = new QasmSyntaxParser(QasmLexer.tokenize(src, file), file, defaultVersion);
    return parser.program();
  }

  private Ast.Program program() {
    if (peek().is("OPENQASM")) {
      next();
      Token v = next();
      if (v.kind() == Token.Kind.INT || v.kind() == Token.Kind.REAL) {
        if (v.value() >= 2 && v.value() < 3) {
          version = 2;
        } else if (v.value() >= 3 && v.value() < 4) {
          version = 3;
        } else {
          throw error(v, "OpenQASM version " + v.text() + " is not supported; expected 2.0 or 3");
        }
      } else {
        throw unexpected(v, "a version number such as 2.0 or 3");
      }
      expect(";");
    }
    List<Ast.Stmt> out = new ArrayList<>();
    while (peek().kind() != Token.Kind.EOF) out.add(statement(true));
    return new Ast.Program(version, out);
  }

  private Ast.Stmt statement(boolean topLevel) {
    Token t = peek();
    Pos pos = Pos.of(t);
    switch (t.kind()) {
      case HARDWARE_QUBIT: throw unsupported(t, "physical qubits ('" + t.text() + "')");
      case SYMBOL:
        if (t.is("@")) throw unsupported(t, "annotations ('@')");
        if (t.is("#")) throw unsupported(t, "pragmas ('#pragma')");
        throw unexpected(t, "a statement");
      case IDENT: break;
      default: throw unexpected(t, "a statement");
    }
    String word = t.text();
    switch (word) {
      case "OPENQASM": throw error(t, "the version line must be the first statement; expected it at the top of the file");
      case "include": {
        next();
        Token f = next();
        if (f.kind() != Token.Kind.STRING) throw unexpected(f, "a file name in quotes");
        expect(";");
        requireTopLevel(t, topLevel);
        return new Ast.Include(f.text(), pos);
      }
      case "qreg": case "creg": {
        next();
        requireTopLevel(t, topLevel);
        String name = ident("a register name");
        expect("[");
        Token size = next();
        if (size.kind() != Token.Kind.INT) throw unexpected(size, "a register size (a non-negative integer)");
        expect("]");
        expect(";");
        return new Ast.RegDecl(word.equals("qreg"), name, new Ast.Num(size.value(), Pos.of(size)), null, pos);
      }
      case "qubit": case "bit": {
        requireV3(t);
        next();
        requireTopLevel(t, topLevel);
        Ast.Expr size = new Ast.Num(1, pos);
        if (peek().is("[")) {
          next();
          size = expr();
          expect("]");
        }
        String name = ident("a register name");
        Ast.Operand measured = null;
        if (peek().is("=") && word.equals("bit")) {
          next();
          if (!peek().is("measure")) throw unsupported(peek(), "bit initializers other than '= measure'");
          next();
          measured = operand();
        }
        expect(";");
        return new Ast.RegDecl(word.equals("qubit"), name, size, measured, pos);
      }
      case "gate": {
        next();
        if (!topLevel) throw error(t, "a gate definition inside a block; expected it at the top level");
        return gateDecl(pos);
      }
      case "opaque": {
        next();
        requireTopLevel(t, topLevel);
        String name = ident("a gate name");
        int params = 0;
        if (peek().is("(")) params = identList("(", ")").size();
        int qubits = identListUntil(";").size();
        expect(";");
        return new Ast.OpaqueDecl(name, params, qubits, pos);
      }
      case "measure": {
        next();
        Ast.Operand q = operand();
        expect("->");
        Ast.Operand c = operand();
        expect(";");
        return new Ast.MeasureStmt(q, c, pos);
      }
      case "reset": {
        next();
        List<Ast.Operand> ops = operands();
        expect(";");
        return new Ast.ResetStmt(ops, pos);
      }
      case "barrier": {
        next();
        List<Ast.Operand> ops = peek().is(";") && version == 3 ? List.of() : operands();
        expect(";");
        return new Ast.BarrierStmt(ops, pos);
      }
      case "delay": requireV3(t); return delay(pos);
      case "if": return ifStmt(pos);
      case "for": requireV3(t); return forStmt(pos);
      case "input": requireV3(t); return input(pos);
      case "const": requireV3(t); return constDecl(pos);
      default: break;
    }
    if (version == 3 && UNSUPPORTED.containsKey(word)) throw unsupported(t, UNSUPPORTED.get(word));
    if (version == 3 && MODIFIERS.contains(word) && (peekAt(1).is("@") || peekAt(1).is("("))) {
      return gateCall();
    }
    if (isAssignment()) return assignment(pos);
    return gateCall();
  }

  private Ast.GateDecl gateDecl(Pos pos) {
    String name = ident("a gate name");
    List<String> params = peek().is("(") ? identList("(", ")") : List.of();
    List<String> qubits = identListUntil("{");
    expect("{");
    List<Ast.Stmt> body = new ArrayList<>();
    while (!peek().is("}")) {
      Token t = peek();
      if (t.kind() == Token.Kind.EOF) throw unexpected(t, "'}' to close gate " + name);
      if (t.is("barrier")) {
        body.add(statement(false));
      } else if (t.kind() == Token.Kind.IDENT && !t.is("measure") && !t.is("reset") && !t.is("if")
          && !t.is("for") && !t.is("delay") && !UNSUPPORTED.containsKey(t.text())) {
        body.add(gateCall());
      } else if (t.kind() == Token.Kind.IDENT) {
        throw error(t, "'" + t.text() + "' inside gate " + name + " is not supported; expected gate applications and barriers");
      } else {
        throw unexpected(t, "a gate application or '}'");
      }
    }
    expect("}");
    return new Ast.GateDecl(name, params, qubits, body, pos);
  }

  private Ast.GateCall gateCall() {
    Pos pos = Pos.of(peek());
    List<Ast.Modifier> mods = new ArrayList<>();
    while (version == 3 && peek().kind() == Token.Kind.IDENT && MODIFIERS.contains(peek().text())
        && (peekAt(1).is("@") || peekAt(1).is("("))) {
      Token m = next();
      Ast.Expr arg = null;
      if (peek().is("(")) {
        if (m.is("inv")) throw unexpected(peek(), "'@' after inv");
        next();
        arg = expr();
        expect(")");
      } else if (m.is("pow")) {
        throw unexpected(peek(), "'(' and an exponent after pow");
      }
      expect("@");
      Ast.ModifierKind kind = switch (m.text()) {
        case "inv" -> Ast.ModifierKind.INV;
        case "ctrl" -> Ast.ModifierKind.CTRL;
        case "negctrl" -> Ast.ModifierKind.NEGCTRL;
        default -> Ast.ModifierKind.POW;
      };
      mods.add(new Ast.Modifier(kind, arg, Pos.of(m)));
    }
    Token nameTok = peek();
    if (nameTok.kind() != Token.Kind.IDENT) throw unexpected(nameTok, "a gate name");
    next();
    if (version == 3 && UNSUPPORTED.containsKey(nameTok.text())) throw unsupported(nameTok, UNSUPPORTED.get(nameTok.text()));
    List<Ast.Expr> args = new ArrayList<>();
    if (peek().is("(")) {
      next();
      if (!peek().is(")")) {
        args.add(expr());
        while (peek().is(",")) { next(); args.add(expr()); }
      }
      expect(")");
    }
    List<Ast.Operand> ops = peek().is(";") ? List.of() : operands();
    expect(";");
    return new Ast.GateCall(mods, nameTok.text(), args, ops, mods.isEmpty() ? Pos.of(nameTok) : pos);
  }

  private boolean isAssignment() {
    int i = p + 1;
    if (toks.get(i).is("[")) {
      int depth = 0;
      for (; i < toks.size(); i++) {
        Token t = toks.get(i);
        if (t.is("[")) depth++;
        if (t.is("]") && --depth == 0) break;
        if (t.is(";") || t.kind() == Token.Kind.EOF) return false;
      }
      i++;
    }
    Token t = toks.get(Math.min(i, toks.size() - 1));
    if (Set.of("+=", "-=", "*=", "/=", "<<=", ">>=", "++").contains(t.text()) && t.kind() == Token.Kind.SYMBOL) {
      throw unsupported(t, "classical assignments ('" + t.text() + "')");
    }
    return t.is("=");
  }

  private Ast.Stmt assignment(Pos pos) {
    requireV3(peek());
    Ast.Operand target = operand();
    expect("=");
    Token m = peek();
    if (!m.is("measure")) throw unsupported(m, "classical assignments other than '= measure'");
    next();
    Ast.Operand q = operand();
    expect(";");
    return new Ast.MeasureStmt(q, target, pos);
  }

  private Ast.Stmt delay(Pos pos) {
    next();
    expect("[");
    Token d = next();
    if (d.kind() != Token.Kind.DURATION || !peek().is("]")) {
      throw unsupported(d, "delays other than a literal duration such as delay[100ns]");
    }
    expect("]");
    List<Ast.Operand> ops = peek().is(";") ? List.of() : operands();
    if (ops.isEmpty()) throw unexpected(peek(), "the qubits to delay");
    expect(";");
    return new Ast.DelayStmt(d.value(), ops, pos);
  }

  private Ast.Stmt ifStmt(Pos pos) {
    next();
    expect("(");
    Ast.Cond cond = condition();
    expect(")");
    List<Ast.Stmt> body = new ArrayList<>();
    if (peek().is("{")) {
      requireV3(peek());
      body.addAll(block());
    } else {
      body.add(statement(false));
    }
    if (peek().is("else")) throw unsupported(peek(), UNSUPPORTED.get("else"));
    return new Ast.IfStmt(cond, body, pos);
  }

  private Ast.Cond condition() {
    Token start = peek();
    Pos pos = Pos.of(start);
    boolean not = false;
    if (start.is("!")) { next(); not = true; }
    String reg;
    Ast.Expr index = null;
    Token t = peek();
    if ((t.is("int") || t.is("uint")) && (peekAt(1).is("[") || peekAt(1).is("("))) {
      next();
      if (peek().is("[")) { next(); expr(); expect("]"); }
      expect("(");
      reg = ident("a classical register");
      expect(")");
    } else if (t.is("bool") && peekAt(1).is("(")) {
      next();
      expect("(");
      reg = ident("a classical bit");
      if (peek().is("[")) { next(); index = expr(); expect("]"); }
      expect(")");
    } else {
      reg = ident("a classical register or bit");
      if (peek().is("[")) { next(); index = expr(); expect("]"); }
    }
    Ast.Expr value = null;
    boolean notEqual = not;
    Token op = peek();
    if (op.is("==") || op.is("!=")) {
      if (not) throw unexpected(op, "')' after a negated bit");
      next();
      notEqual = op.is("!=");
      value = expr();
    } else if (op.kind() == Token.Kind.SYMBOL && Set.of("<", ">", "<=", ">=", "&&", "||", "&", "|", "^").contains(op.text())) {
      throw unsupported(op, "conditions with '" + op.text() + "' (only == and != on a bit or register)");
    }
    return new Ast.Cond(reg, index, value, notEqual, pos);
  }

  private Ast.Stmt forStmt(Pos pos) {
    next();
    if (!peekAt(1).is("in")) {
      Token type = next();
      if (!type.is("int") && !type.is("uint")) {
        throw unsupported(type, "loop variables of type '" + type.text() + "' (expected int or uint)");
      }
      if (peek().is("[")) { next(); expr(); expect("]"); }
    }
    String var = ident("a loop variable");
    expect("in");
    Ast.Expr start = null, step = null, end = null;
    List<Ast.Expr> set = null;
    if (peek().is("[")) {
      next();
      start = expr();
      expect(":");
      end = expr();
      if (peek().is(":")) {
        next();
        step = end;
        end = expr();
      }
      expect("]");
    } else if (peek().is("{")) {
      next();
      set = new ArrayList<>();
      set.add(expr());
      while (peek().is(",")) { next(); set.add(expr()); }
      expect("}");
    } else {
      throw unexpected(peek(), "a range [a:b] or [a:step:b] or a set {a, b, ...}");
    }
    List<Ast.Stmt> body = peek().is("{") ? block() : List.of(statement(false));
    return new Ast.ForStmt(var, start, step, end, set, body, pos);
  }

  private Ast.Stmt input(Pos pos) {
    next();
    Token type = next();
    if (!type.is("float") && !type.is("angle")) {
      throw unsupported(type, "inputs of type '" + type.text() + "' (expected float or angle)");
    }
    if (peek().is("[")) { next(); expr(); expect("]"); }
    String name = ident("an input name");
    expect(";");
    return new Ast.InputDecl(name, pos);
  }

  private Ast.Stmt constDecl(Pos pos) {
    next();
    Token type = next();
    boolean integer;
    if (type.is("int") || type.is("uint")) {
      integer = true;
    } else if (type.is("float") || type.is("angle")) {
      integer = false;
    } else {
      throw unsupported(type, "constants of type '" + type.text() + "' (expected int, uint, float or angle)");
    }
    if (peek().is("[")) { next(); expr(); expect("]"); }
    String name = ident("a constant name");
    expect("=");
    Ast.Expr value = expr();
    expect(";");
    return new Ast.ConstDecl(name, integer, value, pos);
  }

  private List<Ast.Stmt> block() {
    expect("{");
    List<Ast.Stmt> body = new ArrayList<>();
    while (!peek().is("}")) {
      if (peek().kind() == Token.Kind.EOF) throw unexpected(peek(), "'}'");
      body.add(statement(false));
    }
    expect("}");
    return body;
  }

  private List<Ast.Operand> operands() {
    List<Ast.Operand> ops = new ArrayList<>();
    ops.add(operand());
    while (peek().is(",")) { next(); ops.add(operand()); }
    return ops;
  }

  private Ast.Operand operand() {
    Token t = peek();
    if (t.kind() == Token.Kind.HARDWARE_QUBIT) throw unsupported(t, "physical qubits ('" + t.text() + "')");
    String name = ident("a qubit or bit operand");
    Ast.Expr index = null;
    if (peek().is("[")) {
      next();
      if (peek().is("{")) throw unsupported(peek(), "index sets");
      index = expr();
      if (peek().is(":") || peek().is(",")) throw unsupported(peek(), "register slices and multiple indices");
      expect("]");
    }
    return new Ast.Operand(name, index, Pos.of(t));
  }

  private List<String> identList(String open, String close) {
    expect(open);
    List<String> names = new ArrayList<>();
    if (!peek().is(close)) {
      names.add(ident("a parameter name"));
      while (peek().is(",")) { next(); names.add(ident("a parameter name")); }
    }
    expect(close);
    return names;
  }

  private List<String> identListUntil(String stop) {
    List<String> names = new ArrayList<>();
    names.add(ident("a qubit argument name"));
    while (peek().is(",")) { next(); names.add(ident("a qubit argument name")); }
    if (!peek().is(stop)) throw unexpected(peek(), "'" + stop + "'");
    return names;
  }

  // ---- expressions: additive < multiplicative < unary < power < primary

  Ast.Expr expr() {
    Ast.Expr left = term();
    while (peek().is("+") || peek().is("-")) {
      Token op = next();
      left = new Ast.Binary(op.text(), left, term(), Pos.of(op));
    }
    return left;
  }

  private Ast.Expr term() {
    Ast.Expr left = unary();
    while (peek().is("*") || peek().is("/")) {
      Token op = next();
      left = new Ast.Binary(op.text(), left, unary(), Pos.of(op));
    }
    return left;
  }

  private Ast.Expr unary() {
    if (peek().is("-") || peek().is("+")) {
      Token op = next();
      Ast.Expr operand = unary();
      return op.is("-") ? new Ast.Unary("-", operand, Pos.of(op)) : operand;
    }
    return power();
  }

  private Ast.Expr power() {
    Ast.Expr base = primary();
    Token op = peek();
    String pow = version == 2 ? "^" : "**";
    if (op.is(pow)) {
      next();
      return new Ast.Binary("^", base, unary(), Pos.of(op));
    }
    if (version == 3 && op.is("^")) throw unsupported(op, "the bitwise operator '^' (use ** for powers)");
    if (op.kind() == Token.Kind.SYMBOL && Set.of("%", "<<", ">>", "&", "|", "~").contains(op.text())) {
      throw unsupported(op, "the operator '" + op.text() + "'");
    }
    return base;
  }

  private Ast.Expr primary() {
    Token t = next();
    Pos pos = Pos.of(t);
    switch (t.kind()) {
      case INT: case REAL: return new Ast.Num(t.value(), pos);
      case DURATION: throw unsupported(t, "durations in expressions");
      case IDENT:
        if (peek().is("(")) {
          if (!FUNCTIONS.contains(t.text())) {
            if (UNSUPPORTED.containsKey(t.text())) throw unsupported(t, "casts and " + UNSUPPORTED.get(t.text()));
            throw error(t, "unknown function '" + t.text() + "'; expected one of " + String.join(", ", FUNCTIONS.stream().sorted().toList()));
          }
          next();
          Ast.Expr arg = expr();
          expect(")");
          return new Ast.Call(t.text(), arg, pos);
        }
        if (peek().is("[")) throw unsupported(peek(), "indexing inside expressions");
        return new Ast.Name(t.text(), pos);
      case SYMBOL:
        if (t.is("(")) {
          Ast.Expr e = expr();
          expect(")");
          return e;
        }
        break;
      default: break;
    }
    throw unexpected(t, "a number, a name or '('");
  }

  // ---- helpers

  private Token peek() { return toks.get(p); }

  private Token peekAt(int k) { return toks.get(Math.min(p + k, toks.size() - 1)); }

  private Token next() {
    Token t = toks.get(p);
    if (t.kind() != Token.Kind.EOF) p++;
    return t;
  }

  private void expect(String symbol) {
    Token t = peek();
    if (!t.is(symbol)) throw unexpected(t, "'" + symbol + "'");
    next();
  }

  private String ident(String what) {
    Token t = peek();
    if (t.kind() != Token.Kind.IDENT) throw unexpected(t, what);
    next();
    return t.text();
  }

  private void requireV3(Token t) {
    if (version == 2) {
      throw error(t, "'" + t.text() + "' is OpenQASM 3 but the file declares OPENQASM 2.0; expected OpenQASM 2.0 statements");
    }
  }

  private void requireTopLevel(Token t, boolean topLevel) {
    if (!topLevel) throw error(t, "'" + t.text() + "' inside a block; expected it at the top level");
  }

  private QasmException unexpected(Token t, String expected) {
    return error(t, "unexpected " + t.describe() + "; expected " + expected);
  }

  private QasmException unsupported(Token t, String what) {
    return error(t, what + ": not supported; " + SUBSET);
  }

  private QasmException error(Token t, String message) {
    return new QasmException(file, t.line(), t.column(), message);
  }
}
