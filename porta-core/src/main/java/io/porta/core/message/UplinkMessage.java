package io.porta.core.message;

import java.util.Objects;

/** A message a device published on a topic the platform keeps (Alibaba /update, custom topics). */
public record UplinkMessage(String topic, long timeMs, byte[] payload) {
  public UplinkMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
  }
}
