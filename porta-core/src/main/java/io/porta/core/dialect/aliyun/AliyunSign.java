package io.porta.core.dialect.aliyun;

import io.porta.core.dialect.Hmacs;
import io.porta.core.dialect.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Alibaba signature (protocols.md B.2.2, B.3, B.9): lower-case hex of
 * {@code HMAC_<signmethod>(secret, name1 + value1 + name2 + value2 …)} with the parameters sorted by
 * name; the key is the secret's UTF-8 bytes. Used for the MQTT password (clientId, deviceName,
 * productKey, timestamp), dynamic registration (deviceName, productKey, random) and sub-device
 * logins. Pure.
 */
public final class AliyunSign {
  /** B.2.1: the method when {@code signmethod} is omitted. */
  public static final String DEFAULT_METHOD = "hmacmd5";

  private AliyunSign() {}

  /**
   * @param signMethod hmacmd5 (also when null or empty), hmacsha1 or hmacsha256, any case
   * @throws IllegalArgumentException for any other method
   */
  public static String sign(String signMethod, String secret, Map<String, String> params) {
    String algorithm = macAlgorithm(signMethod);
    if (algorithm == null) {
      throw new IllegalArgumentException("unknown signmethod " + signMethod);
    }
    StringBuilder content = new StringBuilder(128);
    for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
      content.append(e.getKey()).append(e.getValue());
    }
    byte[] mac =
        Hmacs.hmac(algorithm, secret.getBytes(StandardCharsets.UTF_8), content.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(mac);
  }

  /**
   * Whether {@code presented} is the signature, compared case-insensitively (C SDK upper-case, Python
   * lower-case) in constant time. False for an unknown method, a null presented value or a missing
   * secret (an empty key is no key: HMAC refuses it).
   */
  public static boolean verify(String signMethod, String secret, Map<String, String> params, String presented) {
    if (presented == null || secret == null || secret.isEmpty() || !isKnownMethod(signMethod)) {
      return false;
    }
    byte[] expected = sign(signMethod, secret, params).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = presented.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    return Secrets.constantTimeEquals(expected, actual);
  }

  /** Whether the method is one of the three (null or empty means the default). */
  public static boolean isKnownMethod(String signMethod) {
    return macAlgorithm(signMethod) != null;
  }

  private static String macAlgorithm(String signMethod) {
    if (signMethod == null || signMethod.isEmpty()) {
      return "HmacMD5";
    }
    return switch (signMethod.toLowerCase(Locale.ROOT)) {
      case "hmacmd5" -> "HmacMD5";
      case "hmacsha1" -> "HmacSHA1";
      case "hmacsha256" -> "HmacSHA256";
      default -> null;
    };
  }
}
