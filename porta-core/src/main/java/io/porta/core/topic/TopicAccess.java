package io.porta.core.topic;

import java.util.Locale;

/** What a device may do with a topic category (Alibaba: pub, sub, pub&sub). */
public enum TopicAccess {
  PUB,
  SUB,
  PUBSUB;

  public boolean canPublish() {
    return this != SUB;
  }

  public boolean canSubscribe() {
    return this != PUB;
  }

  /** "pub", "sub" or "pubsub", as the REST API writes it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for anything but pub, sub or pubsub */
  public static TopicAccess parse(String label) {
    return switch (label == null ? "" : label) {
      case "pub" -> PUB;
      case "sub" -> SUB;
      case "pubsub" -> PUBSUB;
      default -> throw new IllegalArgumentException("access must be pub, sub or pubsub");
    };
  }
}
