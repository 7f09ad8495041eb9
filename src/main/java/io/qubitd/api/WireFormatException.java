package io.qubitd.api;

/** A JSON document that does not have the shape the API expects; the message names the field. */
public final class WireFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public WireFormatException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The offending field as a JSON path such as {@code circuits[2].shots}; empty for the document itself. */
  public String field() { return field; }
}
