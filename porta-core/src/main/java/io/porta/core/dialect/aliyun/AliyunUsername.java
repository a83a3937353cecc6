package io.porta.core.dialect.aliyun;

import java.util.Optional;

/**
 * An Alibaba MQTT username {@code deviceName&productKey} (protocols.md B.2.1), split at the last
 * {@code &} (device names cannot contain one). Pure.
 */
public record AliyunUsername(String deviceName, String productKey) {
  /** Empty when there is no {@code &} or either side is empty. */
  public static Optional<AliyunUsername> parse(String username) {
    if (username == null) {
      return Optional.empty();
    }
    int amp = username.lastIndexOf('&');
    if (amp <= 0 || amp == username.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new AliyunUsername(username.substring(0, amp), username.substring(amp + 1)));
  }
}
