package io.porta.bench;

import java.util.concurrent.TimeUnit;

/**
 * A traffic run's clock: events intended before {@code measureFrom} are warm-up, those intended in
 * [measureFrom, measureTo) are counted, and nothing is sent after {@code measureTo}.
 */
record Window(long start, long measureFrom, long measureTo) {
  static Window startingIn(long delayMillis, double warmupSeconds, double seconds) {
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
    long from = start + (long) (warmupSeconds * 1e9);
    return new Window(start, from, from + (long) (seconds * 1e9));
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

  /** Events at {@code perSecond} from start to the end of the window. */
  long events(double perSecond) {
    return (long) Math.ceil((measureTo - start) / 1e9 * perSecond);
  }
}
