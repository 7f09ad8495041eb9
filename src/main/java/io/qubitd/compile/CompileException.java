package io.qubitd.compile;

/** A circuit that cannot be compiled onto the chip as calibrated (too wide, no connected region, ...). */
public class CompileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public CompileException(String message) { super(message); }
}
