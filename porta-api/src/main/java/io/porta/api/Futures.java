package io.porta.api;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for the asynchronous answers of commands and messages. */
final class Futures {
  private Futures() {}

  /** The failure a future's wrappers hide, so that handlers can map it to a status. */
  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
