package io.porta.core.fuzz;

import io.porta.core.dialect.InboundPublish;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A fuzz input for a PUBLISH, readable in seeds: {@code qos=1 retain=0 dup=0}, a newline, the topic,
 * a newline, then the payload bytes as they are.
 */
final class PublishInput {
  private PublishInput() {}

  static InboundPublish parse(byte[] input) {
    int first = indexOf(input, 0);
    int second = first < 0 ? -1 : indexOf(input, first + 1);
    String options = text(input, 0, first < 0 ? input.length : first);
    String topic = first < 0 ? "" : text(input, first + 1, second < 0 ? input.length : second);
    byte[] payload = second < 0 ? new byte[0] : Arrays.copyOfRange(input, second + 1, input.length);
    return new InboundPublish(
        topic, option(options, "qos", 1), option(options, "retain", 0) != 0, option(options, "dup", 0) != 0, payload);
  }

  private static int option(String options, String name, int fallback) {
    for (String option : options.split(" ")) {
      if (option.startsWith(name + "=")) {
        try {
          return Integer.parseInt(option.substring(name.length() + 1));
        } catch (NumberFormatException e) {
          return fallback;
        }
      }
    }
    return fallback;
  }

  private static int indexOf(byte[] input, int from) {
    for (int i = from; i < input.length; i++) {
      if (input[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static String text(byte[] input, int from, int to) {
    return new String(input, from, to - from, StandardCharsets.UTF_8);
  }
}
