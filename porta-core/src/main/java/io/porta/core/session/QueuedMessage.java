package io.porta.core.session;

/**
 * A QoS 1 message for a persistent session, kept until the device acknowledges it.
 *
 * @param id increasing per device: delivery order
 * @param sent it was written to the device before, so a resend carries DUP = 1
 */
public record QueuedMessage(long id, String topic, byte[] payload, int qos, long createdAtMs, boolean sent) {}
