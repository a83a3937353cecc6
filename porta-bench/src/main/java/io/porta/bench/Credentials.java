package io.porta.bench;

import java.util.Locale;

/**
 * How one simulated device logs in (null username/password: anonymous) and the prefix of its topics:
 * Porta {@code $sys/bench/dev-00042/}, Mosquitto {@code bench/dev-00042/}.
 */
record Credentials(String name, String clientId, String username, String password, String topicPrefix) {
  static String deviceName(int i) {
    return String.format(Locale.ROOT, "dev-%05d", i);
  }

  String telemetryTopic() {
    return topicPrefix + "dp/post/json";
  }
}
