package io.porta.core.session;

import java.util.Objects;

/**
 * A message the platform sends to one device.
 *
 * @param onlyIfSubscribed deliver only when the device holds a matching subscription (OneNET replies,
 *     ON-design §3.1.4); false for messages a dialect pushes unasked (Alibaba dynamic registration)
 */
public record OutboundMessage(String topic, byte[] payload, int qos, boolean onlyIfSubscribed) {
  public OutboundMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    if (qos != 0 && qos != 1) {
      throw new IllegalArgumentException("qos must be 0 or 1");
    }
  }

  public static OutboundMessage reply(String topic, byte[] payload) {
    return new OutboundMessage(topic, payload, 0, true);
  }
}
