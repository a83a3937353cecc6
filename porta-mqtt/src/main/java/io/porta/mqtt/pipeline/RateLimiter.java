package io.porta.mqtt.pipeline;

import io.porta.core.dialect.RateLimits;
import io.porta.core.model.DeviceKey;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.limit.Bans;
import io.porta.mqtt.limit.ConnectRateLimiter;
import io.porta.mqtt.limit.Limit;
import io.porta.mqtt.metrics.MqttMetrics;

/**
 * Applies the dialect's per-device rate limits (protocols.md A.8): exceeding one counts the hit,
 * bans the device for {@link RateLimits#ban()} and closes with RATE_LIMIT; the close line names the
 * device and the limit. Shared by all connections.
 */
public final class RateLimiter {
  private final Bans<DeviceKey> bans;
  private final ConnectRateLimiter<DeviceKey> connects;
  private final MqttMetrics metrics;

  public RateLimiter(Bans<DeviceKey> bans, ConnectRateLimiter<DeviceKey> connects, MqttMetrics metrics) {
    this.bans = bans;
    this.connects = connects;
    this.metrics = metrics;
  }

  /** Counts {@code n} events of a connected device. @return false when it was closed for it */
  public boolean allow(Connection connection, Limit limit, int n) {
    long now = System.nanoTime();
    if (connection.rates().tryAcquire(limit, n, now)) {
      return true;
    }
    exceeded(connection, limit, connection.rates().limits(), now);
    return false;
  }

  /**
   * Counts an authenticated CONNECT of the device, across its connections. Exceeding closes the
   * connection without a CONNACK and bans the device, like the other limits; while banned its CONNECTs
   * get CONNACK 5 (see {@link #isBanned}). @return false when it was closed for it
   */
  public boolean allowConnect(Connection connection, DeviceKey device, RateLimits limits) {
    long now = System.nanoTime();
    if (connects.tryConnect(device, limits.connects(), limits.window().toNanos(), now)) {
      return true;
    }
    bans.ban(device, limits.ban(), now);
    metrics.rateLimited(Limit.CONNECTS);
    connection.closeOnLoop(DisconnectReason.RATE_LIMIT, detail(Limit.CONNECTS, limits));
    return false;
  }

  public boolean isBanned(DeviceKey device) {
    return bans.isBanned(device, System.nanoTime());
  }

  /** Forgets expired bans and windows. */
  public void sweep() {
    long now = System.nanoTime();
    bans.sweep(now);
    connects.sweep(now);
  }

  private void exceeded(Connection connection, Limit limit, RateLimits limits, long now) {
    bans.ban(connection.identity().key(), limits.ban(), now);
    metrics.rateLimited(limit);
    connection.closeOnLoop(DisconnectReason.RATE_LIMIT, detail(limit, limits));
  }

  private static String detail(Limit limit, RateLimits limits) {
    return limit.label()
        + " over "
        + limit.max(limits)
        + " per "
        + limits.window()
        + ", banned for "
        + limits.ban();
  }
}
