package io.porta.bench;

/** A traffic run's clock: warm up until {@code measureFrom}, count until {@code measureTo}, then stop sending. */
record Phase(long measureFrom, long measureTo) {
  static Phase startingNow(int warmupSeconds, int seconds) {
    long from = System.nanoTime() + warmupSeconds * 1_000_000_000L;
    return new Phase(from, from + seconds * 1_000_000_000L);
  }

  boolean measuring(long nanos) {
    return nanos >= measureFrom && nanos < measureTo;
  }

  boolean over(long nanos) {
    return nanos >= measureTo;
  }

  double seconds() {
    return (measureTo - measureFrom) / 1e9;
  }
}
