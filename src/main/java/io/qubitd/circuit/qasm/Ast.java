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

  sealed interface Expr permits Num, Name, Unary, Binary, Call {
    Pos pos();
  }

  record Num(double value, Pos pos) implements Expr {}

  record Name(String name, Pos pos) implements Expr {}

  record Unary(String op, Expr operand, Pos pos) implements Expr {}

  record Binary(String op, Expr left, Expr right, Pos pos) implements Expr {}

  record Call(String function, Expr argument, Pos pos) implements Expr {}

  /** {@code name} or {@code name[index]}; {@code index} is null for a whole register. */
  record Operand(String name, Expr index, Pos pos) {}

  enum ModifierKind { CTRL, NEGCTRL, INV, POW }

  /** {@code arg} is the control count (null = 1) or the power; null for inv. */
  record Modifier(ModifierKind kind, Expr arg, Pos pos) {}

  /**
   * A classical condition: {@code register} (or its bit {@code bitIndex}) compared with
   * {@code value} (null = 1), negated for {@code !=} and {@code !c[i]}.
   */
  record Cond(String register, Expr bitIndex, Expr value, boolean notEqual, Pos pos) {}

  sealed interface Stmt permits Include, RegDecl, GateDecl, OpaqueDecl, GateCall, MeasureStmt, ResetStmt,
      BarrierStmt, DelayStmt, IfStmt, ForStmt, InputDecl, ConstDecl {
    Pos pos();
  }

  record Include(String file, Pos pos) implements Stmt {}

  /** A register declaration; {@code measured} is the operand of {@code bit[n] c = measure q;}, else null. */
  record RegDecl(boolean quantum, String name, Expr size, Operand measured, Pos pos) implements Stmt {}

  /** A gate definition; its body holds only {@link GateCall}s and {@link BarrierStmt}s. */
  record GateDecl(String name, List<String> params, List<String> qubits, List<Stmt> body, Pos pos) implements Stmt {}

  record OpaqueDecl(String name, int params, int qubits, Pos pos) implements Stmt {}

  record GateCall(List<Modifier> modifiers, String name, List<Expr> args, List<Operand> operands, Pos pos)
      implements Stmt {}

  record MeasureStmt(Operand qubit, Operand bit, Pos pos) implements Stmt {}

  record ResetStmt(List<Operand> operands, Pos pos) implements Stmt {}

  /** An empty operand list means every qubit (OpenQASM 3's {@code barrier;}). */
  record BarrierStmt(List<Operand> operands, Pos pos) implements Stmt {}

  record DelayStmt(double seconds, List<Operand> operands, Pos pos) implements Stmt {}

  record IfStmt(Cond cond, List<Stmt> body, Pos pos) implements Stmt {}

  /** A loop over the inclusive range start:step:end, or over {@code set} when it is not null. */
  record ForStmt(String variable, Expr start, Expr step, Expr end, List<Expr> set, List<Stmt> body, Pos pos)
      implements Stmt {}

  record InputDecl(String name, Pos pos) implements Stmt {}

  record ConstDecl(String name, boolean integer, Expr value, Pos pos) implements Stmt {}
}
