package io.qubitd.circuit.qasm;

/** A program whose expansion (loops unrolled, powers repeated) exceeds the operations a caller allows it. */
public final class OperationBudgetException extends QasmException {
  private final long limit;

  public OperationBudgetException(String file, int line, int column, long limit) {
    super(file, line, column, "the program expands to more than " + limit
        + " operations, the budget qubitd.qasm.max-operations; expected a smaller circuit");
    this.limit = limit;
  }

  /** As above, with a message saying what exceeded the budget. */
  public OperationBudgetException(String file, int line, int column, long limit, String message) {
    super(file, line, column, message);
    this.limit = limit;
  }

  /** The number of operations the program was allowed. */
  public long limit() { return limit; }
}
