package io.porta.core.event;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Small JSON pieces of event data, written by hand on the hot path (no tree, no reflection). */
public final class EventJson {
  private EventJson() {}

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * A JSON string literal, escaped exactly as Jackson escapes it (short forms for {@code \b \t \n
   * \f \r " \\}, a six-character escape with upper-case hex digits for the other control characters), so text written
   * here and text Jackson wrote for the same value are byte for byte the same.
   */
  public static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * One event as webhooks and the application channel carry it:
   * {@code {"id":…,"time":ms,"productId":…,"device":…,"type":…,"data":{…}}}, without {@code id} when
   * asked (an event not stored for webhooks has none).
   */
  public static void event(StringBuilder out, DeviceEvent e, boolean withId) {
    out.append('{');
    if (withId) {
      out.append("\"id\":").append(e.id()).append(',');
    }
    out.append("\"time\":").append(e.time().toEpochMilli()).append(",\"productId\":");
    string(out, e.productId());
    out.append(",\"device\":");
    string(out, e.deviceName());
    out.append(",\"type\":\"").append(e.type().label()).append("\",\"data\":").append(e.data()).append('}');
  }

  /** {@code "payload":…,"encoding":"text"|"base64"}: text when the bytes are valid UTF-8. */
  public static void payload(StringBuilder out, byte[] payload) {
    String text = strictUtf8(payload);
    out.append("\"payload\":");
    if (text != null) {
      string(out, text);
      out.append(",\"encoding\":\"text\"");
    } else {
      out.append('"').append(Base64.getEncoder().encodeToString(payload)).append("\",\"encoding\":\"base64\"");
    }
  }

  /** The bytes as text, or null when they are not valid UTF-8. */
  public static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
