package io.porta.bench;

/**
 * An open-loop schedule: event {@code k} (from 0) is due at {@code start + k / rate}, whatever happened
 * to the events before it. Latencies are measured from these intended times, not from when the
 * generator got round to sending, so a stalled server is not hidden (coordinated omission).
 */
final class RateSchedule {
  private final long startNanos;
  private final double nanosPerEvent;
  private final long count;
  private long next;

  RateSchedule(long startNanos, double perSecond, long count) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("rate must be positive: " + perSecond);
    }
    this.startNanos = startNanos;
    this.nanosPerEvent = 1e9 / perSecond;
    this.count = count;
  }

  /** The intended time of event {@code k}. */
  long intendedNanos(long k) {
    return startNanos + (long) (k * nanosPerEvent);
  }

  /** Whether another event is due at {@code now}; the caller then takes it with {@link #take()}. */
  boolean due(long now) {
    return next < count && intendedNanos(next) <= now;
  }

  /** The index of the next due event, marking it taken. */
  long take() {
    return next++;
  }

  boolean finished() {
    return next >= count;
  }

  long taken() {
    return next;
  }
}
