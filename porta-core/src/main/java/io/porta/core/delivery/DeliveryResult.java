package io.porta.core.delivery;

/** @param status "delivered" (written to the device's connection) or "queued" (kept for its session) */
public record DeliveryResult(String id, String status) {
  public static final String DELIVERED = "delivered";
  public static final String QUEUED = "queued";
}
