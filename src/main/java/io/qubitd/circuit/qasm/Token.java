package io.qubitd.circuit.qasm;

/** One lexical token with its 1-based position; {@code value} holds numbers (durations in seconds). */
record Token(Kind kind, String text, double value, int line, int column) {

  enum Kind { IDENT, INT, REAL, IMAGINARY, STRING, DURATION, HARDWARE_QUBIT, SYMBOL, EOF }

  boolean is(String symbolOrWord) {
    return (kind == Kind.SYMBOL || kind == Kind.IDENT) && text.equals(symbolOrWord);
  }

  /** How the token reads in an error message. */
  String describe() {
    return kind == Kind.EOF ? "end of file" : "'" + text + "'";
  }
}
