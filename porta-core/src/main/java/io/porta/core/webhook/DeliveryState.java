package io.porta.core.webhook;

import java.time.Instant;

/**
 * Where a webhook's delivery stands.
 *
 * @param cursor the id of the last event delivered (or skipped as not matching); delivery resumes after it
 * @param lastError the last failure as the operator should read it (status code or exception), no secrets
 * @param failures consecutive failed attempts since the last success
 */
public record DeliveryState(
    long cursor, Instant lastSuccessAt, Instant lastFailureAt, String lastError, int failures, long dropped) {
  public static DeliveryState startingAt(long cursor) {
    return new DeliveryState(cursor, null, null, null, 0, 0);
  }
}
