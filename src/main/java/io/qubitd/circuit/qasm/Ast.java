package io.qubitd.circuit.qasm;

import java.util.List;

/** The syntax tree of an OpenQASM program, before names are resolved and gates inlined. */
final class Ast {
  private Ast() {}

  /** A 1-based source position. */
  record Pos(int line, int column) {
    static Pos of(Token t) { return new Pos(t.line(), t.column()); }
  }

  record Program(int version, List<Stmt> statements) {}

  /**
   * A type: {@code name} is bit, bool, int, uint, float, angle, complex, duration, stretch, qubit
   * or array; {@code size} the width or register size (null when absent); for arrays
   * {@code element} and {@code dims}.
   */
  record Type(String name, Expr size, Type element, List<Expr> dims, Pos pos) {}

  sealed interface Expr permits Num, Bool, BitString, Duration, Imaginary, Name, HardwareQubit, Unary, Binary, Call, Cast,
      Index, MeasureExpr, ArrayLiteral, DurationOf {
    Pos pos();
  }

  /** A number; {@code integer} when written without a point or exponent. */
  record Num(double value, boolean integer, Pos pos) implements Expr {
    Num(double value, Pos pos) { this(value, false, pos); }
  }

  record Bool(boolean value, Pos pos) implements Expr {}

  /** A bit-string literal such as {@code "0110"}, most significant bit first. */
  record BitString(String bits, Pos pos) implements Expr {}

  /** {@code durationof({body})}: how long the block takes. */
  record DurationOf(List<Stmt> body, Pos pos) implements Expr {}

  /** A duration literal: seconds, or samples when {@code dt}. */
  record Duration(double amount, boolean dt, Pos pos) implements Expr {}

  /** An imaginary literal such as {@code 2.5im}: {@code value} times i. */
  record Imaginary(double value, Pos pos) implements Expr {}

  record Name(String name, Pos pos) implements Expr {}

  record HardwareQubit(int index, Pos pos) implements Expr {}

  record Unary(String op, Expr operand, Pos pos) implements Expr {}

  record Binary(String op, Expr left, Expr right, Pos pos) implements Expr {}

  record Call(String function, List<Expr> args, Pos pos) implements Expr {}

  record Cast(Type type, Expr value, Pos pos) implements Expr {}

  /** {@code base[items]}: one item per dimension. */
  record Index(Expr base, List<IndexItem> items, Pos pos) implements Expr {}

  record MeasureExpr(Expr operand, Pos pos) implements Expr {}

  record ArrayLiteral(List<Expr> elements, Pos pos) implements Expr {}

  sealed interface IndexItem permits Single, Range, IndexSet {}

  record Single(Expr value) implements IndexItem {}

  /** {@code start:step:end} with inclusive end; any part may be null. */
  record Range(Expr start, Expr step, Expr end, Pos pos) implements IndexItem {}

  record IndexSet(List<Expr> values, Pos pos) implements IndexItem {}

  enum ModifierKind { CTRL, NEGCTRL, INV, POW }

  /** {@code arg} is the control count (null = 1) or the power; null for inv. */
  record Modifier(ModifierKind kind, Expr arg, Pos pos) {}

  sealed interface Stmt permits Include, Decl, GateDecl, OpaqueDecl, GateCall, MeasureStmt, ResetStmt,
      BarrierStmt, DelayStmt, IfStmt, ForStmt, WhileStmt, SwitchStmt, Assign, ExprStmt, Jump, ReturnStmt, DefStmt,
      LetStmt, BoxStmt, Block {
    Pos pos();
  }

  record Include(String file, Pos pos) implements Stmt {}

  /**
   * A declaration of a qubit register or classical variable; {@code qualifier} is const, input,
   * output or null; {@code init} may be null.
   */
  record Decl(Type type, String name, Expr init, String qualifier, Pos pos) implements Stmt {}

  /** A gate definition; its body holds gate applications, barriers, and loops or ifs of them. */
  record GateDecl(String name, List<String> params, List<String> qubits, List<Stmt> body, Pos pos) implements Stmt {}

  record OpaqueDecl(String name, int params, int qubits, Pos pos) implements Stmt {}

  record GateCall(List<Modifier> modifiers, String name, List<Expr> args, List<Expr> operands, Pos pos)
      implements Stmt {}

  /** {@code measure q -> c;}, or {@code measure q;} when {@code bit} is null. */
  record MeasureStmt(Expr qubit, Expr bit, Pos pos) implements Stmt {}

  record ResetStmt(List<Expr> operands, Pos pos) implements Stmt {}

  /** An empty operand list means every qubit (OpenQASM 3's {@code barrier;}). */
  record BarrierStmt(List<Expr> operands, Pos pos) implements Stmt {}

  /** An empty operand list means every qubit. */
  record DelayStmt(Expr duration, List<Expr> operands, Pos pos) implements Stmt {}

  record IfStmt(Expr cond, List<Stmt> then, List<Stmt> otherwise, Pos pos) implements Stmt {}

  /** A loop over {@code range}, {@code set} or the array or register {@code over}; one of them is set. */
  record ForStmt(String variable, Range range, IndexSet set, Expr over, List<Stmt> body, Pos pos) implements Stmt {}

  record WhileStmt(Expr cond, List<Stmt> body, Pos pos) implements Stmt {}

  record Case(List<Expr> values, List<Stmt> body, Pos pos) {}

  /** {@code otherwise} is the default branch, null when absent. */
  record SwitchStmt(Expr subject, List<Case> cases, List<Stmt> otherwise, Pos pos) implements Stmt {}

  /** {@code target op value}, {@code op} being = or a compound operator such as += or <<=. */
  record Assign(Expr target, String op, Expr value, Pos pos) implements Stmt {}

  record ExprStmt(Expr expr, Pos pos) implements Stmt {}

  /** break, continue or end. */
  record Jump(String kind, Pos pos) implements Stmt {}

  record ReturnStmt(Expr value, Pos pos) implements Stmt {}

  record Param(Type type, String name, Pos pos) {}

  record DefStmt(String name, List<Param> params, Type returns, List<Stmt> body, Pos pos) implements Stmt {}

  record LetStmt(String name, Expr value, Pos pos) implements Stmt {}

  /** {@code duration} is null for a box without a stated duration. */
  record BoxStmt(Expr duration, List<Stmt> body, Pos pos) implements Stmt {}

  /** A bare {@code { ... }} scope. */
  record Block(List<Stmt> body, Pos pos) implements Stmt {}
}
