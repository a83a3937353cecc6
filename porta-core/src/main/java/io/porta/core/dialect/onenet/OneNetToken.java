package io.porta.core.dialect.onenet;

import io.porta.core.dialect.Hmacs;
import io.porta.core.dialect.Secrets;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A OneNET security token, the MQTT password of a OneNET device (protocols.md A.3):
 * {@code version=…&res=…&et=…&method=…&sign=…}, every value URL-encoded.
 *
 * <p>{@link #toString()} never shows the signature.
 *
 * @param res the resource, decoded: {@code products/{pid}} or {@code products/{pid}/devices/{dn}}
 * @param expirySeconds {@code et}: Unix seconds after which the token is refused
 * @param method {@code md5}, {@code sha1} or {@code sha256}
 * @param sign the signature as sent (base64, decoded from its URL encoding)
 */
public record OneNetToken(String version, String res, long expirySeconds, String method, String sign) {
  /** The only defined token version (protocols.md A.3). */
  public static final String VERSION = "2018-10-31";

  /** The fields a token is made of; only these may be named in an error message. */
  private static final Set<String> KNOWN_FIELDS = Set.of("version", "res", "et", "method", "sign");

  /** Thrown for a token that cannot be read; its message never contains the token. */
  public static final class MalformedTokenException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedTokenException(String message) {
      super(message);
    }
  }

  /**
   * Reads a token. Keys may come in any order; each pair is split at its first '='; values are
   * percent-decoded, '+' staying '+' (OneNET's Java sample encodes spaces as '+', and an unencoded
   * base64 '+' must survive) — protocols.md A.3 "Parsing advice". Unknown keys and empty pairs are
   * ignored.
   *
   * @throws MalformedTokenException for a missing or repeated field, a wrong version, an unknown
   *     method, a non-numeric {@code et} or a bad percent escape
   */
  public static OneNetToken parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new MalformedTokenException("empty token");
    }
    Map<String, String> fields = new HashMap<>();
    for (String pair : text.split("&", -1)) {
      if (pair.isEmpty()) {
        continue; // a stray '&' carries nothing
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new MalformedTokenException("token pair without a key");
      }
      String key = pair.substring(0, eq);
      if (fields.put(key, percentDecode(pair.substring(eq + 1))) != null) {
        // The key is part of the password: name it only when it is one of the token's own fields.
        throw new MalformedTokenException(
            "token field repeated" + (KNOWN_FIELDS.contains(key) ? ": " + key : ""));
      }
    }
    String version = required(fields, "version");
    String res = required(fields, "res");
    String et = required(fields, "et");
    String method = required(fields, "method");
    String sign = required(fields, "sign");
    if (!VERSION.equals(version)) {
      throw new MalformedTokenException("unsupported token version");
    }
    if (!isKnownMethod(method)) {
      throw new MalformedTokenException("unknown token method");
    }
    long expiry;
    try {
      expiry = Long.parseLong(et);
    } catch (NumberFormatException e) {
      throw new MalformedTokenException("et is not a number");
    }
    return new OneNetToken(version, res, expiry, method, sign);
  }

  /**
   * A complete, URL-encoded token (protocols.md A.3, vectors §C.1). The CLI uses this.
   *
   * @param res the resource, un-encoded (the signature covers it un-encoded)
   * @param expirySeconds {@code et}, Unix seconds
   * @param method {@code md5}, {@code sha1} or {@code sha256}
   * @param base64Key the product- or device-level key as the console shows it (base64)
   * @throws IllegalArgumentException for an unknown method or a key that is not base64
   */
  public static String sign(String res, long expirySeconds, String method, String base64Key) {
    String signature = signature(res, expirySeconds, method, base64Key);
    return "version="
        + urlEncode(VERSION)
        + "&res="
        + urlEncode(res)
        + "&et="
        + expirySeconds
        + "&method="
        + urlEncode(method)
        + "&sign="
        + urlEncode(signature);
  }

  /**
   * {@code base64(HMAC_method(base64decode(key), et "\n" method "\n" res "\n" version))}
   * (protocols.md A.3).
   */
  public static String signature(String res, long expirySeconds, String method, String base64Key) {
    byte[] key = Base64.getDecoder().decode(base64Key);
    return Base64.getEncoder().encodeToString(hmac(method, key, expirySeconds, res));
  }

  /** Whether the signature was made with this key. Constant time over the signature bytes. */
  public boolean verify(String base64Key) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (key.length == 0) {
      return false;
    }
    byte[] expected = hmac(method, key, expirySeconds, res);
    byte[] given = decodeSignature(sign);
    return given != null && Secrets.constantTimeEquals(expected, given);
  }

  /** Whether {@code et} lies in the past: a token is refused once et &lt; now (protocols.md A.3). */
  public boolean isExpired(Clock clock) {
    return expirySeconds < clock.instant().getEpochSecond();
  }

  @Override
  public String toString() {
    return "OneNetToken[res=" + res + ", et=" + expirySeconds + ", method=" + method + "]";
  }

  static boolean isKnownMethod(String method) {
    return "md5".equals(method) || "sha1".equals(method) || "sha256".equals(method);
  }

  private static byte[] hmac(String method, byte[] key, long expirySeconds, String res) {
    String algorithm =
        switch (method) {
          case "md5" -> "HmacMD5";
          case "sha1" -> "HmacSHA1";
          case "sha256" -> "HmacSHA256";
          default -> throw new IllegalArgumentException("unknown token method");
        };
    String stringForSignature = expirySeconds + "\n" + method + "\n" + res + "\n" + VERSION;
    return Hmacs.hmac(algorithm, key, stringForSignature.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Base64 normalisation (protocols.md A.3): accepts the URL-safe alphabet and missing padding, so
   * that only the bytes are compared. Null when the text is not base64 at all.
   */
  private static byte[] decodeSignature(String text) {
    // A space can only be a '+' that some encoder turned into one; base64 has no spaces.
    String s = text.trim().replace(' ', '+').replace('-', '+').replace('_', '/');
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    try {
      // java.util.Base64's basic decoder treats the padding as optional.
      return Base64.getDecoder().decode(s.substring(0, end));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String required(Map<String, String> fields, String key) {
    String v = fields.get(key);
    if (v == null || v.isEmpty()) {
      throw new MalformedTokenException("token field missing: " + key);
    }
    return v;
  }

  /** Percent-decoding as UTF-8 that leaves '+' alone (protocols.md A.3). */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == '%') {
        if (i + 2 >= s.length()) {
          throw new MalformedTokenException("bad percent escape");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new MalformedTokenException("bad percent escape");
        }
        out.write(hi << 4 | lo);
        i += 3;
      } else {
        int next = s.indexOf('%', i);
        int end = next < 0 ? s.length() : next;
        byte[] b = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i = end;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Encodes everything but the unreserved characters {@code A-Z a-z 0-9 - _ . ~}, as Python's
   * {@code quote(value, safe="")} does in the script that produced the §C.1 vectors.
   */
  static String urlEncode(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }
}
