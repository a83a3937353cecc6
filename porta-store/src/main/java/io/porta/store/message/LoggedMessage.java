package io.porta.store.message;

import io.porta.core.message.UplinkMessage;
import io.porta.core.model.DeviceKey;

/** One accepted append of the message log. */
record LoggedMessage(DeviceKey device, UplinkMessage message) {
  /** Its weight in the writer's bounds: the payload's bytes. */
  int size() {
    return message.payload().length;
  }

  /** For log lines: never the payload. */
  String describe() {
    return device + " on " + message.topic() + " (" + size() + " bytes)";
  }
}
