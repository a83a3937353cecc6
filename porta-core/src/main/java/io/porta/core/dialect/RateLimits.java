package io.porta.core.dialect;

import java.time.Duration;

/**
 * Per-device rate limits over a fixed window (OneNET design doc, protocols.md A.8). Exceeding one
 * disconnects the device and bans it for {@code ban}. A limit of 0 disables that check.
 */
public record RateLimits(
    Duration window,
    int connects,
    int publishQos0,
    int publishQos1,
    int subscribeTopics,
    int unsubscribes,
    int pingreqs,
    Duration ban) {

  /** The defaults of OneNET's MQTTS design doc: per 5 s, ban 5 min. */
  public static final RateLimits ONENET_DEFAULTS =
      new RateLimits(Duration.ofSeconds(5), 10, 300, 100, 15, 10, 10, Duration.ofMinutes(5));

  public static final RateLimits NONE =
      new RateLimits(Duration.ofSeconds(5), 0, 0, 0, 0, 0, 0, Duration.ZERO);
}
