package io.porta.mqtt.limit;

import io.porta.core.model.DeviceKey;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CONNECT limit of protocols.md A.8 (10 per 5 s), counted per device across connections, so it
 * lives outside any one connection. Fixed windows, like {@link RateWindow}.
 */
public final class ConnectRateLimiter {
  private record Window(long start, long lengthNanos, int count) {}

  private final ConcurrentHashMap<DeviceKey, Window> windows = new ConcurrentHashMap<>();

  /** Counts one authenticated CONNECT; false when it exceeds {@code max} (0 = unlimited). */
  public boolean tryConnect(DeviceKey device, int max, long windowNanos, long nowNanos) {
    if (max <= 0) {
      return true;
    }
    Window w =
        windows.compute(
            device,
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
