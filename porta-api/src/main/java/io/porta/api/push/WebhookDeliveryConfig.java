package io.porta.api.push;

import java.time.Duration;

/**
 * How webhooks are delivered.
 *
 * @param batchSize events per POST at most
 * @param requestTimeout a POST not answered in this time counts as failed
 * @param minBackoff the wait after a first failure; it doubles per failure up to {@code maxBackoff}
 * @param retention events older than this are dropped even if not delivered (logged and counted)
 * @param maxEvents the outbox holds at most this many events; beyond, the oldest are dropped
 */
public record WebhookDeliveryConfig(
    int batchSize,
    Duration requestTimeout,
    Duration minBackoff,
    Duration maxBackoff,
    Duration retention,
    long maxEvents) {
  public static final WebhookDeliveryConfig DEFAULTS =
      new WebhookDeliveryConfig(
          100, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofDays(3), 1_000_000);

  public WebhookDeliveryConfig {
    if (batchSize < 1 || maxEvents < 1) {
      throw new IllegalArgumentException("batchSize and maxEvents must be positive");
    }
    if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("need 0 < minBackoff <= maxBackoff");
    }
  }

  /** The wait before attempt {@code failures + 1}. */
  Duration backoff(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    long ms = minBackoff.toMillis() << Math.min(failures - 1, 30);
    return ms <= 0 || ms > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(ms);
  }
}
