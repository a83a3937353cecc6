package io.porta.mqtt.limit;

import io.porta.core.model.DeviceKey;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Devices banned after exceeding a rate limit (protocols.md A.8: disconnect and ban for 5 min),
 * checked when the device next authenticates. Shared by all event loops.
 */
public final class Bans {
  private final ConcurrentHashMap<DeviceKey, Long> untilNanos = new ConcurrentHashMap<>();

  public void ban(DeviceKey device, Duration duration, long nowNanos) {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    untilNanos.merge(device, nowNanos + duration.toNanos(), Math::max);
  }

  public boolean isBanned(DeviceKey device, long nowNanos) {
    Long until = untilNanos.get(device);
    if (until == null) {
      return false;
    }
    if (until - nowNanos > 0) {
      return true;
    }
    untilNanos.remove(device, until);
    return false;
  }

  /** Drops expired bans; run periodically so the map does not grow with every banned device. */
  public void sweep(long nowNanos) {
    untilNanos.values().removeIf(until -> until - nowNanos <= 0);
  }
}
