package io.porta.core.dialect.onenet;

import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.session.OutboundMessage;
import java.nio.charset.StandardCharsets;

/**
 * The platform's {@code accepted}/{@code rejected} notifications and their error codes
 * (protocols.md A.7.1, A.7.2). They go out as replies: QoS 0, only to a device subscribed to them
 * (ON-design §3.1.4).
 */
final class OneNetReplies {
  /** A.7.1: the only data-point error. */
  static final int ILLEGAL_DATA = 98;
  /** A.7.2: a command response of more than 1 KB. */
  static final int PAYLOAD_TOO_LARGE = 99;
  /** A.7.2: answered after the command timed out. */
  static final int CMD_RESPONSE_TIMEOUT = 112;
  /** A.7.2: wrong id, a second answer, or expired long ago. */
  static final int CMD_ID_NOT_FOUND = 113;

  private static final byte[] EMPTY = new byte[0];

  private OneNetReplies() {}

  /** A.7.1 accepted: {@code {"id":<id as sent>}}. */
  static OutboundMessage dataPointsAccepted(DeviceIdentity device, String id) {
    return OutboundMessage.reply(
        OneNetTopics.dataPointsAccepted(device.productId(), device.deviceName()),
        utf8("{\"id\":" + id + "}"));
  }

  /** A.7.1 rejected: {@code {"id":<id or -1>,"err_code":98,"err_msg":"Illegal Data"}}. */
  static OutboundMessage dataPointsRejected(DeviceIdentity device, String id) {
    return OutboundMessage.reply(
        OneNetTopics.dataPointsRejected(device.productId(), device.deviceName()),
        utf8("{\"id\":" + id + ",\"err_code\":" + ILLEGAL_DATA + ",\"err_msg\":\"Illegal Data\"}"));
  }

  /** A.7.2 accepted: an empty payload. */
  static OutboundMessage commandAccepted(DeviceIdentity device, String commandId) {
    return OutboundMessage.reply(
        OneNetTopics.commandResponseAccepted(device.productId(), device.deviceName(), commandId),
        EMPTY);
  }

  /** A.7.2 rejected: {@code {"err_code":N,"err_msg":"…"}}. */
  static OutboundMessage commandRejected(DeviceIdentity device, String commandId, int code) {
    String message =
        switch (code) {
          case PAYLOAD_TOO_LARGE -> "maximum payload size exceeded";
          case CMD_RESPONSE_TIMEOUT -> "cmd response timeout";
          case CMD_ID_NOT_FOUND -> "cmd id not found";
          default -> "internal error";
        };
    return OutboundMessage.reply(
        OneNetTopics.commandResponseRejected(device.productId(), device.deviceName(), commandId),
        utf8("{\"err_code\":" + code + ",\"err_msg\":\"" + message + "\"}"));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
