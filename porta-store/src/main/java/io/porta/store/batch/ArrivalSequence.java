package io.porta.store.batch;

/**
 * The {@code seq} of rows a group-commit writer stores: microseconds since the epoch at write, made
 * strictly increasing. It orders rows with equal timestamps by arrival and keeps their key unique
 * without a surrogate id, also across restarts (the clock has moved on). Not thread-safe: the writer
 * thread owns it.
 */
public final class ArrivalSequence {
  private long last;

  public long next() {
    last = Math.max(last + 1, System.currentTimeMillis() * 1000);
    return last;
  }
}
