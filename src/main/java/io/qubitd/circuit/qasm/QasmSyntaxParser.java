package io.qubitd.circuit.qasm;

import io.qubitd.circuit.qasm.Ast.Pos;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser from tokens to {@link Ast}; names are resolved later by the elaborator.
 * Nesting (blocks, parentheses, unary chains) is bounded by {@link #MAX_NESTING} so that no program
 * can exhaust the thread's stack: deeper input gets an error at the place it goes too deep.
 */
final class QasmSyntaxParser {

  /** Deepest nesting of blocks, brackets and unary operators a program may use. */
  static final int MAX_NESTING = 200;

  static final String OUT_OF_SCOPE = "qubitd runs OpenQASM 3 without pulse-level calibration or extern functions";

  private static final Map<String, String> UNSUPPORTED = Map.of(
      "defcal", "pulse calibrations ('defcal')",
      "defcalgrammar", "pulse grammars ('defcalgrammar')",
      "cal", "calibration blocks ('cal')",
      "extern", "extern functions ('extern')",
      "port", "ports ('port')",
      "frame", "frames ('frame')",
      "waveform", "waveforms ('waveform')");

  static final Set<String> TYPES = Set.of(
      "bit", "bool", "int", "uint", "float", "angle", "complex", "duration", "stretch", "qubit", "array", "creg", "qreg");

  private static final Set<String> MODIFIERS = Set.of("inv", "ctrl", "negctrl", "pow");

  private static final Set<String> ASSIGN_OPS = Set.of(
      "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**=");

  private final List<Token> toks;
  private final String file;
  private int p;
  private int version;
  private int depth;

  private QasmSyntaxParser(List<Token> toks, String file, int defaultVersion) {
    this.toks = toks;
    this.file = file;
    this.version = defaultVersion;
  }

  /** Parses a whole program; {@code defaultVersion} (2 or 3) applies when there is no version line. */
  static Ast.Program parse(String src, String file, int defaultVersion) {
    QasmSyntaxParser parser = new QasmSyntaxParser(QasmLexer.tokenize(src, file), file, defaultVersion);
    try {
      return parser.program();
    } catch (StackOverflowError e) {
      // a thread with a small stack can overflow below MAX_NESTING; the place is still known
      throw parser.error(parser.peek(), "nesting too deep for this thread's stack; expected a flatter program");
    }
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
    while (peek().kind() != Token.Kind.EOF) {
      Ast.Stmt s = statement(true);
      if (s != null) out.add(s);
    }
    return new Ast.Program(version, out);
  }

  /** One statement, or null for a pragma or annotation line (which qubitd reads past). */
  private Ast.Stmt statement(boolean topLevel) {
    Token t = peek();
    Pos pos = Pos.of(t);
    switch (t.kind()) {
      case HARDWARE_QUBIT: throw unexpected(t, "a statement");
      case SYMBOL:
        if (t.is("@") || t.is("#")) {
          requireV3(t);
          skipLine(t);
          return null;
        }
        if (t.is("{")) {
          requireV3(t);
          return new Ast.Block(block(), pos);
        }
        throw unexpected(t, "a statement");
      case IDENT: break;
      default: throw unexpected(t, "a statement");
    }
    String word = t.text();
    if (version == 3 && UNSUPPORTED.containsKey(word)) throw outOfScope(t, UNSUPPORTED.get(word));
    switch (word) {
      case "OPENQASM": throw error(t, "the version line must be the first statement; expected it at the top of the file");
      case "pragma":
        requireV3(t);
        skipLine(t);
        return null;
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
        String name = ident("a register name");
        expect("[");
        Token size = next();
        if (size.kind() != Token.Kind.INT) throw unexpected(size, "a register size (a non-negative integer)");
        expect("]");
        Ast.Type type = new Ast.Type(word.equals("qreg") ? "qubit" : "bit", new Ast.Num(size.value(), true, Pos.of(size)),
            null, null, pos);
        Ast.Expr init = null;
        if (word.equals("creg") && peek().is("=") && version == 3) {
          next();
          init = expr();
        }
        expect(";");
        return new Ast.Decl(type, name, init, null, pos);
      }
      case "const": case "input": case "output": {
        requireV3(t);
        next();
        Ast.Type type = type();
        String name = ident("a variable name");
        Ast.Expr init = null;
        if (peek().is("=")) {
          next();
          init = expr();
        } else if (word.equals("const")) {
          throw unexpected(peek(), "'=' and the constant's value");
        }
        expect(";");
        return new Ast.Decl(type, name, init, word, pos);
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
      case "def": requireV3(t); next(); requireTopLevel(t, topLevel); return def(pos);
      case "measure": {
        next();
        Ast.Expr q = operand();
        Ast.Expr c = null;
        if (peek().is("->")) {
          next();
          c = operand();
        } else if (version == 2) {
          throw unexpected(peek(), "'->'");
        }
        expect(";");
        return new Ast.MeasureStmt(q, c, pos);
      }
      case "reset": {
        next();
        List<Ast.Expr> ops = operands();
        expect(";");
        return new Ast.ResetStmt(ops, pos);
      }
      case "barrier": {
        next();
        List<Ast.Expr> ops = peek().is(";") && version == 3 ? List.of() : operands();
        expect(";");
        return new Ast.BarrierStmt(ops, pos);
      }
      case "delay": {
        requireV3(t);
        next();
        expect("[");
        Ast.Expr d = expr();
        expect("]");
        List<Ast.Expr> ops = peek().is(";") ? List.of() : operands();
        expect(";");
        return new Ast.DelayStmt(d, ops, pos);
      }
      case "if": return ifStmt(pos);
      case "for": requireV3(t); return forStmt(pos);
      case "while": {
        requireV3(t);
        next();
        expect("(");
        Ast.Expr cond = expr();
        expect(")");
        return new Ast.WhileStmt(cond, body(), pos);
      }
      case "switch": requireV3(t); return switchStmt(pos);
      case "break": case "continue": case "end": {
        requireV3(t);
        next();
        expect(";");
        return new Ast.Jump(word, pos);
      }
      case "return": {
        requireV3(t);
        next();
        Ast.Expr value = null;
        if (!peek().is(";")) value = peek().is("measure") ? measureExpr() : expr();
        expect(";");
        return new Ast.ReturnStmt(value, pos);
      }
      case "let": {
        requireV3(t);
        next();
        String name = ident("an alias name");
        expect("=");
        Ast.Expr value = expr();
        expect(";");
        return new Ast.LetStmt(name, value, pos);
      }
      case "box": {
        requireV3(t);
        next();
        Ast.Expr d = null;
        if (peek().is("[")) {
          next();
          d = expr();
          expect("]");
        }
        return new Ast.BoxStmt(d, block(), pos);
      }
      default: break;
    }
    if (TYPES.contains(word) && !peekAt(1).is("(")) {
      requireV3(t);
      Ast.Type type = type();
      String name = ident("a variable name");
      Ast.Expr init = null;
      if (peek().is("=")) {
        next();
        init = peek().is("measure") ? measureExpr() : expr();
      }
      expect(";");
      return new Ast.Decl(type, name, init, null, pos);
    }
    if (version == 3 && MODIFIERS.contains(word) && (peekAt(1).is("@") || peekAt(1).is("("))) {
      return gateCall();
    }
    if (isAssignment()) return assignment(pos);
    return gateCall();
  }

  private void skipLine(Token start) {
    while (peek().kind() != Token.Kind.EOF && peek().line() == start.line()) next();
  }

  private Ast.Type type() {
    Token t = peek();
    if (t.kind() != Token.Kind.IDENT || !TYPES.contains(t.text()) || t.is("creg") || t.is("qreg")) {
      throw unexpected(t, "a type such as bit, int[32], float or qubit");
    }
    next();
    Pos pos = Pos.of(t);
    if (t.is("array")) {
      expect("[");
      Ast.Type element = type();
      List<Ast.Expr> dims = new ArrayList<>();
      while (peek().is(",")) {
        next();
        if (peek().is("#")) {
          next();
          Token dim = next();
          if (!dim.is("dim")) throw unexpected(dim, "'dim'");
          expect("=");
          expr();
          dims = null;
          break;
        }
        dims.add(expr());
      }
      expect("]");
      return new Ast.Type("array", null, element, dims, pos);
    }
    Ast.Expr size = null;
    if (peek().is("[")) {
      next();
      if (t.is("complex")) {
        type();
      } else {
        size = expr();
      }
      expect("]");
    }
    return new Ast.Type(t.text(), size, null, null, pos);
  }

  private Ast.GateDecl gateDecl(Pos pos) {
    String name = ident("a gate name");
    List<String> params = peek().is("(") ? identList("(", ")") : List.of();
    List<String> qubits = identListUntil("{");
    List<Ast.Stmt> body = new ArrayList<>();
    Token open = peek();
    expect("{");
    enter(open);
    while (!peek().is("}")) {
      Token t = peek();
      if (t.kind() == Token.Kind.EOF) throw unexpected(t, "'}' to close gate " + name);
      if (t.is("barrier")) {
        body.add(statement(false));
      } else if (t.kind() == Token.Kind.IDENT && !t.is("measure") && !t.is("reset") && !t.is("if")
          && !t.is("for") && !t.is("while") && !t.is("delay") && !TYPES.contains(t.text())
          && !UNSUPPORTED.containsKey(t.text()) && !isAssignment()) {
        body.add(gateCall());
      } else if (t.kind() == Token.Kind.IDENT) {
        throw error(t, "'" + t.text() + "' inside gate " + name + " is not supported; expected gate applications and barriers");
      } else {
        throw unexpected(t, "a gate application or '}'");
      }
    }
    expect("}");
    depth--;
    return new Ast.GateDecl(name, params, qubits, body, pos);
  }

  private Ast.DefStmt def(Pos pos) {
    String name = ident("a subroutine name");
    expect("(");
    List<Ast.Param> params = new ArrayList<>();
    if (!peek().is(")")) {
      do {
        if (!params.isEmpty()) next();
        if (peek().is("readonly") || peek().is("mutable")) next();
        Token at = peek();
        Ast.Type type;
        if (at.is("creg") || at.is("qreg")) {
          next();
          String pname = ident("a parameter name");
          Ast.Expr size = null;
          if (peek().is("[")) { next(); size = expr(); expect("]"); }
          params.add(new Ast.Param(new Ast.Type(at.is("qreg") ? "qubit" : "bit", size, null, null, Pos.of(at)), pname, Pos.of(at)));
          continue;
        }
        type = type();
        params.add(new Ast.Param(type, ident("a parameter name"), Pos.of(at)));
      } while (peek().is(","));
    }
    expect(")");
    Ast.Type returns = null;
    if (peek().is("->")) {
      next();
      returns = type();
    }
    return new Ast.DefStmt(name, params, returns, block(), pos);
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
    if (version == 3 && UNSUPPORTED.containsKey(nameTok.text())) throw outOfScope(nameTok, UNSUPPORTED.get(nameTok.text()));
    List<Ast.Expr> args = new ArrayList<>();
    if (peek().is("(")) {
      Token open = next();
      enter(open);
      if (!peek().is(")")) {
        args.add(expr());
        while (peek().is(",")) { next(); args.add(expr()); }
      }
      expect(")");
      depth--;
    }
    List<Ast.Expr> ops = peek().is(";") ? List.of() : operands();
    expect(";");
    return new Ast.GateCall(mods, nameTok.text(), args, ops, mods.isEmpty() ? Pos.of(nameTok) : pos);
  }

  /** Whether the tokens from here read {@code name[...]... op} with an assignment operator. */
  private boolean isAssignment() {
    int i = p + 1;
    while (i < toks.size() && toks.get(i).is("[")) {
      int d = 0;
      for (; i < toks.size(); i++) {
        Token t = toks.get(i);
        if (t.is("[")) d++;
        if (t.is("]") && --d == 0) break;
        if (t.is(";") || t.kind() == Token.Kind.EOF) return false;
      }
      i++;
    }
    Token t = toks.get(Math.min(i, toks.size() - 1));
    return t.kind() == Token.Kind.SYMBOL && ASSIGN_OPS.contains(t.text());
  }

  private Ast.Stmt assignment(Pos pos) {
    Token first = peek();
    Ast.Expr target = operand();
    Token op = next();
    if (version == 2) throw error(first, "'" + first.text() + " " + op.text() + " ...' is OpenQASM 3 but the file declares OPENQASM 2.0; expected OpenQASM 2.0 statements");
    Ast.Expr value = peek().is("measure") ? measureExpr() : expr();
    expect(";");
    return new Ast.Assign(target, op.text(), value, pos);
  }

  private Ast.Expr measureExpr() {
    Token m = next();
    return new Ast.MeasureExpr(operand(), Pos.of(m));
  }

  private Ast.Stmt ifStmt(Pos pos) {
    next();
    expect("(");
    Ast.Expr cond = expr();
    expect(")");
    List<Ast.Stmt> then = body();
    List<Ast.Stmt> otherwise = List.of();
    if (peek().is("else")) {
      requireV3(peek());
      next();
      otherwise = body();
    }
    return new Ast.IfStmt(cond, then, otherwise, pos);
  }

  /** A braced block or a single statement. */
  private List<Ast.Stmt> body() {
    if (peek().is("{")) {
      requireV3(peek());
      return block();
    }
    Token t = peek();
    enter(t);
    Ast.Stmt s = statement(false);
    depth--;
    return s == null ? List.of() : List.of(s);
  }

  private Ast.Stmt forStmt(Pos pos) {
    next();
    if (!peekAt(1).is("in")) type();
    String var = ident("a loop variable");
    expect("in");
    Ast.Range range = null;
    Ast.IndexSet set = null;
    Ast.Expr over = null;
    if (peek().is("[")) {
      Token open = next();
      Ast.Expr start = expr();
      expect(":");
      Ast.Expr end = expr();
      Ast.Expr step = null;
      if (peek().is(":")) {
        next();
        step = end;
        end = expr();
      }
      expect("]");
      range = new Ast.Range(start, step, end, Pos.of(open));
    } else if (peek().is("{")) {
      Token open = next();
      List<Ast.Expr> values = new ArrayList<>();
      values.add(expr());
      while (peek().is(",")) { next(); values.add(expr()); }
      expect("}");
      set = new Ast.IndexSet(values, Pos.of(open));
    } else if (peek().kind() == Token.Kind.IDENT) {
      over = expr();
    } else {
      throw unexpected(peek(), "a range [a:b] or [a:step:b], a set {a, b, ...} or an array");
    }
    return new Ast.ForStmt(var, range, set, over, body(), pos);
  }

  private Ast.Stmt switchStmt(Pos pos) {
    next();
    expect("(");
    Ast.Expr subject = expr();
    expect(")");
    Token open = peek();
    expect("{");
    enter(open);
    List<Ast.Case> cases = new ArrayList<>();
    List<Ast.Stmt> otherwise = null;
    while (!peek().is("}")) {
      Token t = peek();
      if (t.is("case")) {
        next();
        List<Ast.Expr> values = new ArrayList<>();
        values.add(expr());
        while (peek().is(",")) { next(); values.add(expr()); }
        cases.add(new Ast.Case(values, block(), Pos.of(t)));
      } else if (t.is("default")) {
        if (otherwise != null) throw error(t, "a second 'default' in one switch; expected at most one");
        next();
        otherwise = block();
      } else {
        throw unexpected(t, "'case', 'default' or '}'");
      }
    }
    expect("}");
    depth--;
    return new Ast.SwitchStmt(subject, cases, otherwise, pos);
  }

  private List<Ast.Stmt> block() {
    Token open = peek();
    expect("{");
    enter(open);
    List<Ast.Stmt> body = new ArrayList<>();
    while (!peek().is("}")) {
      if (peek().kind() == Token.Kind.EOF) throw unexpected(peek(), "'}'");
      Ast.Stmt s = statement(false);
      if (s != null) body.add(s);
    }
    expect("}");
    depth--;
    return body;
  }

  private List<Ast.Expr> operands() {
    List<Ast.Expr> ops = new ArrayList<>();
    ops.add(operand());
    while (peek().is(",")) { next(); ops.add(operand()); }
    return ops;
  }

  /** A qubit or bit operand: a name or physical qubit, optionally indexed. */
  private Ast.Expr operand() {
    Token t = peek();
    Ast.Expr base;
    if (t.kind() == Token.Kind.HARDWARE_QUBIT) {
      next();
      base = new Ast.HardwareQubit(hardwareIndex(t), Pos.of(t));
    } else {
      base = new Ast.Name(ident("a qubit or bit operand"), Pos.of(t));
    }
    while (peek().is("[")) base = index(base);
    return base;
  }

  private int hardwareIndex(Token t) {
    String digits = t.text().substring(1);
    if (digits.isEmpty() || digits.length() > 6) throw unexpected(t, "a physical qubit such as $0");
    return Integer.parseInt(digits);
  }

  private Ast.Expr index(Ast.Expr base) {
    Token open = next();
    enter(open);
    List<Ast.IndexItem> items = new ArrayList<>();
    do {
      if (!items.isEmpty()) next();
      items.add(indexItem());
    } while (peek().is(","));
    expect("]");
    depth--;
    return new Ast.Index(base, items, Pos.of(open));
  }

  private Ast.IndexItem indexItem() {
    Token t = peek();
    if (t.is("{")) {
      next();
      List<Ast.Expr> values = new ArrayList<>();
      values.add(expr());
      while (peek().is(",")) { next(); values.add(expr()); }
      expect("}");
      return new Ast.IndexSet(values, Pos.of(t));
    }
    Ast.Expr first = peek().is(":") ? null : expr();
    if (!peek().is(":")) return new Ast.Single(first);
    next();
    Ast.Expr second = peek().is("]") || peek().is(",") || peek().is(":") ? null : expr();
    if (!peek().is(":")) return new Ast.Range(first, null, second, Pos.of(t));
    next();
    Ast.Expr third = peek().is("]") || peek().is(",") ? null : expr();
    return new Ast.Range(first, second, third, Pos.of(t));
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

  // ---- expressions, by the specification's precedence (lowest first); binary levels loop, so
  // only brackets, unary chains and postfix operators nest, and those count against MAX_NESTING.

  private static final List<Set<String>> LEVELS = List.of(
      Set.of("++"), Set.of("||"), Set.of("&&"), Set.of("|"), Set.of("^"), Set.of("&"), Set.of("==", "!="),
      Set.of("<", "<=", ">", ">="), Set.of("<<", ">>"), Set.of("+", "-"), Set.of("*", "/", "%"));

  Ast.Expr expr() { return climb(0); }

  /** Precedence climbing: one frame per operator of rising precedence, not one per level. */
  private Ast.Expr climb(int minLevel) {
    Ast.Expr left = unary();
    while (true) {
      int level = levelOf(peek());
      if (level < minLevel) return left;
      Token op = next();
      left = new Ast.Binary(op.text(), left, climb(level + 1), Pos.of(op));
    }
  }

  /** The precedence level of a binary operator token, or -1. */
  private int levelOf(Token t) {
    if (t.kind() != Token.Kind.SYMBOL || (version == 2 && t.is("^"))) return -1;
    for (int level = 0; level < LEVELS.size(); level++) if (LEVELS.get(level).contains(t.text())) return level;
    return -1;
  }

  private Ast.Expr unary() {
    Token op = peek();
    if (op.is("-") || op.is("+") || op.is("!") || op.is("~")) {
      next();
      enter(op);
      Ast.Expr operand = unary();
      depth--;
      return op.is("+") ? operand : new Ast.Unary(op.text(), operand, Pos.of(op));
    }
    return power();
  }

  private Ast.Expr power() {
    Ast.Expr base = postfix();
    Token op = peek();
    String pow = version == 2 ? "^" : "**";
    if (op.is(pow)) {
      next();
      enter(op);
      Ast.Expr exponent = unary();
      depth--;
      return new Ast.Binary("**", base, exponent, Pos.of(op));
    }
    return base;
  }

  private Ast.Expr postfix() {
    Ast.Expr e = primary();
    while (peek().is("[") && version == 3) e = index(e);
    return e;
  }

  private Ast.Expr primary() {
    Token t = next();
    Pos pos = Pos.of(t);
    switch (t.kind()) {
      case INT: return new Ast.Num(t.value(), true, pos);
      case REAL: return new Ast.Num(t.value(), false, pos);
      case DURATION: return new Ast.Duration(t.value(), t.text().endsWith("dt"), pos);
      case IMAGINARY: return new Ast.Imaginary(t.value(), pos);
      case STRING: {
        if (!t.text().matches("[01_]+")) throw error(t, "string \"" + t.text() + "\" in an expression; expected a bit string of 0s and 1s");
        return new Ast.BitString(t.text().replace("_", ""), pos);
      }
      case HARDWARE_QUBIT: return new Ast.HardwareQubit(hardwareIndex(t), pos);
      case IDENT: {
        if (UNSUPPORTED.containsKey(t.text())) throw outOfScope(t, UNSUPPORTED.get(t.text()));
        if (t.is("true") || t.is("false")) return new Ast.Bool(t.is("true"), pos);
        if (t.is("durationof") && version == 3) {
          Token open = peek();
          expect("(");
          enter(open);
          if (!peek().is("{")) throw unexpected(peek(), "'{' (durationof takes a block of statements, such as durationof({x $0;}))");
          List<Ast.Stmt> body = block();
          expect(")");
          depth--;
          return new Ast.DurationOf(body, pos);
        }
        if (TYPES.contains(t.text()) && (peek().is("(") || peek().is("["))) {
          p--;
          Ast.Type type = type();
          Token open = peek();
          expect("(");
          enter(open);
          Ast.Expr value = expr();
          expect(")");
          depth--;
          return new Ast.Cast(type, value, pos);
        }
        if (peek().is("(")) {
          Token open = next();
          enter(open);
          List<Ast.Expr> args = new ArrayList<>();
          if (!peek().is(")")) {
            args.add(expr());
            while (peek().is(",")) { next(); args.add(expr()); }
          }
          expect(")");
          depth--;
          return new Ast.Call(t.text(), args, pos);
        }
        if (t.is("measure")) {
          p--;
          return measureExpr();
        }
        return new Ast.Name(t.text(), pos);
      }
      case SYMBOL:
        if (t.is("(")) {
          enter(t);
          Ast.Expr e = expr();
          expect(")");
          depth--;
          return e;
        }
        if (t.is("{") && version == 3) {
          enter(t);
          List<Ast.Expr> elements = new ArrayList<>();
          if (!peek().is("}")) {
            elements.add(expr());
            while (peek().is(",")) { next(); elements.add(expr()); }
          }
          expect("}");
          depth--;
          return new Ast.ArrayLiteral(elements, pos);
        }
        break;
      default: break;
    }
    throw unexpected(t, "a number, a name or '('");
  }

  // ---- helpers

  private void enter(Token at) {
    if (++depth > MAX_NESTING) {
      throw error(at, "nesting deeper than " + MAX_NESTING + " levels; expected a flatter program");
    }
  }

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

  private QasmException outOfScope(Token t, String what) {
    return error(t, what + ": not supported; " + OUT_OF_SCOPE);
  }

  private QasmException error(Token t, String message) {
    return new QasmException(file, t.line(), t.column(), message);
  }
}
