package io.porta.core.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A fuzz input for a CONNECT, as readable text so that seeds say what they test:
 *
 * <pre>
 * level=4 clean=1 keepalive=60 will=0 willqos=0 willretain=0 tls=0
 * clientId
 * username
 * password, or a directive the test turns into real credentials (see the fuzz test)
 * </pre>
 *
 * A missing line is null (MQTT: the field is absent); an unreadable option keeps its default.
 */
record ConnectInput(Map<String, String> options, String clientId, String username, String password) {
  static ConnectInput parse(byte[] input) {
    String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", 4);
    Map<String, String> options = new HashMap<>();
    for (String option : lines[0].split(" ")) {
      int eq = option.indexOf('=');
      if (eq > 0) {
        options.put(option.substring(0, eq), option.substring(eq + 1));
      }
    }
    return new ConnectInput(options, line(lines, 1), line(lines, 2), line(lines, 3));
  }

  int option(String name, int fallback) {
    try {
      return Integer.parseInt(options.getOrDefault(name, ""));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  boolean flag(String name, boolean fallback) {
    return option(name, fallback ? 1 : 0) != 0;
  }

  private static String line(String[] lines, int i) {
    return i < lines.length ? lines[i] : null;
  }
}
