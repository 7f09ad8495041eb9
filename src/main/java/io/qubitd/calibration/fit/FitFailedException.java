package io.qubitd.calibration.fit;

/** A fit that found no usable optimum: data without the expected shape, or a diverging optimizer. */
public final class FitFailedException extends RuntimeException {
  public FitFailedException(String message, Throwable cause) { super(message, cause); }
}
