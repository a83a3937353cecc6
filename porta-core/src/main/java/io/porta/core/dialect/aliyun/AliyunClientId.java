package io.porta.core.dialect.aliyun;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Alibaba MQTT ClientId {@code id|k=v,k=v|} (protocols.md B.2.1): the id is the text before the first
 * {@code |}; the extension parameters are kept as given (unknown keys too — rules ignore them). Lenient:
 * no {@code |} at all, a missing closing {@code |}, trailing commas and spaces around keys and values
 * are tolerated. Pure.
 *
 * @param id the device-chosen client id (may be empty)
 * @param extensions the parameters between the bars, in order; never null
 */
public record AliyunClientId(String id, Map<String, String> extensions) {
  /** B.2.1: the id before the first {@code |} has at most 64 characters. */
  public static final int MAX_ID_LENGTH = 64;

  public AliyunClientId {
    extensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  public static AliyunClientId parse(String clientId) {
    String raw = clientId == null ? "" : clientId;
    int bar = raw.indexOf('|');
    if (bar < 0) {
      return new AliyunClientId(raw.trim(), Map.of());
    }
    String id = raw.substring(0, bar).trim();
    int end = raw.indexOf('|', bar + 1);
    String list = end < 0 ? raw.substring(bar + 1) : raw.substring(bar + 1, end);
    Map<String, String> ext = new LinkedHashMap<>();
    for (String item : list.split(",")) {
      String entry = item.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq < 0) {
        ext.put(entry, "");
      } else {
        ext.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
      }
    }
    return new AliyunClientId(id, ext);
  }

  public String extension(String key) {
    return extensions.get(key);
  }

  public boolean idTooLong() {
    return id.length() > MAX_ID_LENGTH;
  }
}
