package io.qubitd.circuit.qasm;

/**
 * A mistake in an OpenQASM program, or a construct qubitd does not support, with the place it
 * was found. The message reads {@code file:line:col: what was wrong; what was expected} and is
 * meant to be shown to the user as is.
 */
public class QasmException extends RuntimeException {
  private final String file;
  private final int line;
  private final int column;

  /** {@code line} and {@code column} are 1-based; 0 when the error has no place in the text. */
  public QasmException(String file, int line, int column, String problem) {
    super(file + ":" + line + ":" + column + ": " + problem);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  public String file() { return file; }

  public int line() { return line; }

  public int column() { return column; }
}
