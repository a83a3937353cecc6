package io.porta.core.dialect;

import java.time.Duration;

/** How a dialect carries a request/response command to a device (OneNET cmd, Alibaba RRPC). */
public interface CommandRoute {
  /** A fresh command id (OneNET: a UUID; Alibaba: a numeric messageId). */
  String newCommandId();

  /** The topic the request is published to. */
  String requestTopic(DeviceIdentity device, String commandId);

  /**
   * The topic of a command carried on a device-chosen topic (Alibaba custom-topic RRPC
   * {@code /ext/rrpc/{id}/{topic}}); {@code customTopic} null means the dialect's own topic.
   *
   * @throws IllegalArgumentException when this dialect, or this device, has no such commands
   */
  default String requestTopic(DeviceIdentity device, String commandId, String customTopic) {
    if (customTopic != null) {
      throw new IllegalArgumentException("commands on a custom topic are not supported for this product");
    }
    return requestTopic(device, commandId);
  }

  Duration minTimeout();

  Duration maxTimeout();

  Duration defaultTimeout();
}
