package io.porta.core.registry;

/** A create that would duplicate an existing id or name, or a delete that is not allowed yet. */
public class ConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}
