package io.porta.mqtt.limit;

import io.porta.core.dialect.RateLimits;

/**
 * One connection's packet counters over a fixed window (protocols.md A.8: per 5 s). Since a device
 * has one live connection (design.md "Sessions"), these are the device's counters. Event loop only,
 * so plain fields.
 */
public final class RateWindow {
  private final RateLimits limits;
  private final long windowNanos;
  private long windowStart;
  private final int[] counts = new int[Limit.values().length];

  public RateWindow(RateLimits limits, long nowNanos) {
    this.limits = limits;
    this.windowNanos = limits.window().toNanos();
    this.windowStart = nowNanos;
  }

  /** Counts {@code n} events; false when that exceeds the limit in the current window. */
  public boolean tryAcquire(Limit limit, int n, long nowNanos) {
    int max = limit.max(limits);
    if (max <= 0) {
      return true;
    }
    if (nowNanos - windowStart >= windowNanos) {
      windowStart = nowNanos;
      java.util.Arrays.fill(counts, 0);
    }
    int count = counts[limit.ordinal()] += n;
    return count <= max;
  }

  public RateLimits limits() {
    return limits;
  }
}
