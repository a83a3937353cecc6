package io.porta.store.telemetry;

/**
 * The {@code seq} of stored points: microseconds since the epoch at write, made strictly increasing.
 * It orders points with equal timestamps by arrival and keeps the datapoints key unique, also across
 * restarts (the clock has moved on). Not thread-safe: the writer thread owns it.
 */
final class ArrivalSequence {
  private long last;

  long next() {
    last = Math.max(last + 1, System.currentTimeMillis() * 1000);
    return last;
  }
}
