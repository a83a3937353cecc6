package io.porta.mqtt.limit;

import io.porta.core.dialect.RateLimits;

/** The per-device rate limits of protocols.md A.8, named as in {@link RateLimits}. */
public enum Limit {
  CONNECTS("connects"),
  PUBLISH_QOS0("publishQos0"),
  PUBLISH_QOS1("publishQos1"),
  SUBSCRIBE_TOPICS("subscribeTopics"),
  UNSUBSCRIBES("unsubscribes"),
  PINGREQS("pingreqs");

  private final String label;

  Limit(String label) {
    this.label = label;
  }

  /** The metric tag and log name. */
  public String label() {
    return label;
  }

  /** This limit's maximum per window; 0 means unlimited. */
  public int max(RateLimits limits) {
    return switch (this) {
      case CONNECTS -> limits.connects();
      case PUBLISH_QOS0 -> limits.publishQos0();
      case PUBLISH_QOS1 -> limits.publishQos1();
      case SUBSCRIBE_TOPICS -> limits.subscribeTopics();
      case UNSUBSCRIBES -> limits.unsubscribes();
      case PINGREQS -> limits.pingreqs();
    };
  }
}
