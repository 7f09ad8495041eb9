package io.qubitd.api;

/**
 * A request that qubitd refused or that did not reach it.
 *
 * @see #status()
 */
public final class QubitdException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public QubitdException(int status, String message) {
    super(message);
    this.status = status;
  }

  public QubitdException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  /** The HTTP status of the answer (4xx or 5xx), or 0 when the daemon could not be reached. */
  public int status() { return status; }
}
