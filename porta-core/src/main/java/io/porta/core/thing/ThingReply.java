package io.porta.core.thing;

import io.porta.core.event.EventJson;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * A thing-model reply, either dialect: {@code {"id":<as sent>,"code":200,"message":"success","data":{}}}
 * (Alink B.6.1; Alibaba's Python SDK drops a reply without code, message or data, so all three are
 * always written) or the same with {@code msg} (OneJSON A.7.5).
 *
 * @param idJson the request id as JSON text, verbatim
 * @param message the message, or null when the reply had none
 * @param dataJson the {@code data} member as JSON text ({@code {}} when empty)
 */
public record ThingReply(String idJson, int code, String message, String dataJson) {
  public static final int SUCCESS = 200;
  public static final String SUCCESS_MESSAGE = "success";

  public static ThingReply success(String idJson, String dataJson) {
    return new ThingReply(idJson, SUCCESS, SUCCESS_MESSAGE, dataJson);
  }

  public static ThingReply error(String idJson, int code, String message) {
    return new ThingReply(idJson, code, message, "{}");
  }

  /** The reply's bytes, with the message under {@code messageField} ("message" or "msg"). */
  public byte[] encode(String messageField) {
    StringBuilder b = new StringBuilder(48 + idJson.length() + dataJson.length()).append("{\"id\":").append(idJson);
    b.append(",\"code\":").append(code).append(",\"").append(messageField).append("\":");
    EventJson.string(b, message == null ? (code == SUCCESS ? SUCCESS_MESSAGE : "") : message);
    b.append(",\"data\":").append(dataJson).append('}');
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a device's reply to a property set/get or service call; {@code message} or {@code msg}
   * (either dialect), {@code data} absent gives {@code {}}. Null when it is not a reply object with
   * an integer {@code code}.
   */
  public static ThingReply parse(byte[] payload) {
    JsonNode root = ThingJson.read(payload);
    if (root == null || !root.isObject()) {
      return null;
    }
    JsonNode code = root.get("code");
    if (code == null || !code.isIntegralNumber() || !code.canConvertToInt()) {
      return null;
    }
    JsonNode id = root.get("id");
    JsonNode message = root.has("message") ? root.get("message") : root.get("msg");
    JsonNode data = root.get("data");
    return new ThingReply(
        id == null ? ThingRequest.NO_ID : id.toString(),
        code.intValue(),
        message == null || message.isNull() ? null : message.asString(),
        data == null || data.isNull() ? "{}" : data.toString());
  }

  /** The request id as a string (the JSON string's content, or a number's digits). */
  public static String idText(String idJson) {
    JsonNode n = ThingJson.read(idJson.getBytes(StandardCharsets.UTF_8));
    return n == null ? idJson : n.asString();
  }
}
