package io.porta.core.dialect.aliyun;

/**
 * A topic category template split into levels once, so that matching a topic on the event loop
 * allocates nothing: {@code ${productKey}} and {@code ${deviceName}} levels compare against the
 * connected device's values in place. Immutable.
 */
final class CategoryTemplate {
  private static final byte LITERAL = 0;
  private static final byte PRODUCT_KEY = 1;
  private static final byte DEVICE_NAME = 2;
  private static final byte PLUS = 3;
  private static final byte HASH = 4;

  private final String template;
  private final String[] literals;
  private final byte[] kinds;

  CategoryTemplate(String template) {
    this.template = template;
    this.literals = template.split("/", -1);
    this.kinds = new byte[literals.length];
    for (int i = 0; i < literals.length; i++) {
      kinds[i] =
          switch (literals[i]) {
            case AliyunTopics.PK -> PRODUCT_KEY;
            case AliyunTopics.DN -> DEVICE_NAME;
            case "+" -> PLUS;
            case "#" -> HASH;
            default -> LITERAL;
          };
    }
  }

  String template() {
    return template;
  }

  /** Whether the topic name matches the template resolved for this device (MQTT §4.7 rules). */
  boolean matches(String productKey, String deviceName, String topic) {
    int pos = 0;
    int length = topic.length();
    for (int i = 0; i < kinds.length; i++) {
      if (kinds[i] == HASH) {
        return true; // also matches the parent level
      }
      if (pos > length) {
        return false;
      }
      int end = topic.indexOf('/', pos);
      if (end < 0) {
        end = length;
      }
      if (kinds[i] != PLUS) {
        String value =
            switch (kinds[i]) {
              case PRODUCT_KEY -> productKey;
              case DEVICE_NAME -> deviceName;
              default -> literals[i];
            };
        if (end - pos != value.length() || !topic.regionMatches(pos, value, 0, value.length())) {
          return false;
        }
      }
      pos = end + 1;
    }
    return pos == length + 1;
  }
}
