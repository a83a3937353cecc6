package io.porta.api;

import io.porta.core.event.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.node.ObjectNode;

/**
 * Message bytes in JSON: {@code "encoding":"text"} (UTF-8) or {@code "base64"} (api.md "To
 * devices"). Shared by commands, messages and broadcasts so that all read and write them alike.
 */
final class Payloads {
  static final String TEXT = "text";
  static final String BASE64 = "base64";

  private Payloads() {}

  /** The body's {@code encoding}: text when absent, 400 for anything but text or base64. */
  static String encoding(JsonBody body) {
    String encoding = body.optionalString("encoding");
    if (encoding == null) {
      return TEXT;
    }
    if (!encoding.equals(TEXT) && !encoding.equals(BASE64)) {
      throw ApiException.invalidBody(body.name("encoding") + ": must be \"text\" or \"base64\"");
    }
    return encoding;
  }

  /** The body's required {@code payload}, decoded as its {@code encoding} says. */
  static byte[] payload(JsonBody body) {
    String text = body.requiredString("payload");
    return decode(text, encoding(body), body.name("payload"));
  }

  static byte[] decode(String payload, String encoding, String field) {
    if (encoding.equals(TEXT)) {
      return payload.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getDecoder().decode(payload);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidBody(field + ": not valid base64");
    }
  }

  /**
   * Writes the bytes into {@code field} and their encoding into {@code "encoding"}: text when asked
   * for and valid UTF-8, base64 otherwise (so no byte is ever lost).
   */
  static void write(ObjectNode out, String field, byte[] bytes, boolean preferText) {
    String text = preferText ? strictUtf8(bytes) : null;
    if (text != null) {
      out.put(field, text);
      out.put("encoding", TEXT);
    } else {
      out.put(field, Base64.getEncoder().encodeToString(bytes));
      out.put("encoding", BASE64);
    }
  }

  /** The bytes as text, or null when they are not valid UTF-8. */
  static String strictUtf8(byte[] bytes) {
    return EventJson.strictUtf8(bytes);
  }
}
