package io.porta.mqtt.limit;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts CONNECTs per key across connections over fixed windows, like {@link RateWindow}: a device's
 * authenticated CONNECTs (protocols.md A.8: 10 per 5 s), and failed logins per address and per
 * claimed device. Shared by all event loops.
 *
 * @param <K> what is counted ({@code DeviceKey}, {@code InetAddress})
 */
public final class ConnectRateLimiter<K> {
  private record Window(long start, long lengthNanos, int count) {}

  private final ConcurrentHashMap<K, Window> windows = new ConcurrentHashMap<>();

  /** Counts one CONNECT; false when it exceeds {@code max} (0 = unlimited). */
  public boolean tryConnect(K key, int max, long windowNanos, long nowNanos) {
    if (max <= 0) {
      return true;
    }
    Window w =
        windows.compute(
            key,
            (k, old) ->
                old == null || nowNanos - old.start() >= old.lengthNanos()
                    ? new Window(nowNanos, windowNanos, 1)
                    : new Window(old.start(), old.lengthNanos(), old.count() + 1));
    return w.count() <= max;
  }

  /** Drops finished windows; run periodically. */
  public void sweep(long nowNanos) {
    windows.values().removeIf(w -> nowNanos - w.start() >= w.lengthNanos());
  }
}
