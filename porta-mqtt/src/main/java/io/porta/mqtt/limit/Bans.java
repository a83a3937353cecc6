package io.porta.mqtt.limit;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys banned for a while: devices after exceeding a rate limit (protocols.md A.8: disconnect and ban
 * for 5 min), addresses and devices after too many failed logins. Checked when the next CONNECT comes.
 * Shared by all event loops.
 *
 * @param <K> what is banned ({@code DeviceKey}, {@code InetAddress})
 */
public final class Bans<K> {
  private final ConcurrentHashMap<K, Long> untilNanos = new ConcurrentHashMap<>();

  public void ban(K key, Duration duration, long nowNanos) {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    untilNanos.merge(key, nowNanos + duration.toNanos(), Math::max);
  }

  /** Bans {@code key} unless it is banned already. @return whether this call started a ban */
  public boolean start(K key, Duration duration, long nowNanos) {
    if (duration.isZero() || duration.isNegative()) {
      return false;
    }
    boolean[] started = {false};
    untilNanos.compute(
        key,
        (k, until) -> {
          if (until != null && until - nowNanos > 0) {
            return until;
          }
          started[0] = true;
          return nowNanos + duration.toNanos();
        });
    return started[0];
  }

  public boolean isBanned(K key, long nowNanos) {
    Long until = untilNanos.get(key);
    if (until == null) {
      return false;
    }
    if (until - nowNanos > 0) {
      return true;
    }
    untilNanos.remove(key, until);
    return false;
  }

  /** Drops expired bans; run periodically so the map does not grow with every banned key. */
  public void sweep(long nowNanos) {
    untilNanos.values().removeIf(until -> until - nowNanos <= 0);
  }
}
