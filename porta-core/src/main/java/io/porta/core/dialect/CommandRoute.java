package io.porta.core.dialect;

import java.time.Duration;

/** How a dialect carries a request/response command to a device. */
public interface CommandRoute {
  /** A fresh command id (OneNET: a UUID; Alibaba: a numeric messageId). */
  String newCommandId();

  /** The topic the request is published to. */
  String requestTopic(DeviceIdentity device, String commandId);

  Duration minTimeout();

  Duration maxTimeout();

  Duration defaultTimeout();
}
