package io.porta.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Command-line options ({@code --name value}); every loop of the bench is bounded by these. */
record BenchOptions(
    Path jar,
    int connections,
    int connectConcurrency,
    int publishers,
    int qos1Window,
    int qos0Window,
    int warmupSeconds,
    int seconds,
    boolean mosquitto,
    boolean mosquittoPersistence,
    String serverJvmOpts) {

  static final String USAGE =
      """
      Usage: Bench [--jar porta-server/target/porta.jar] [--connections 5000] [--connect-concurrency 200]
                   [--publishers 100] [--qos1-window 10] [--qos0-window 2000]
                   [--warmup 3] [--seconds 15]
                   [--mosquitto true|false] [--mosquitto-persistence true|false] [--server-jvm-opts "-Xmx1g"]
      """;

  static BenchOptions parse(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got " + args[i] + "\n" + USAGE);
      }
      m.put(args[i].substring(2), args[++i]);
    }
    BenchOptions o =
        new BenchOptions(
            resolve(stringOf(m.remove("jar"), "porta-server/target/porta.jar")),
            intOf(m.remove("connections"), 5000),
            intOf(m.remove("connect-concurrency"), 200),
            intOf(m.remove("publishers"), 100),
            intOf(m.remove("qos1-window"), 10),
            intOf(m.remove("qos0-window"), 2000),
            intOf(m.remove("warmup"), 3),
            intOf(m.remove("seconds"), 15),
            !"false".equals(m.remove("mosquitto")),
            !"false".equals(m.remove("mosquitto-persistence")),
            stringOf(m.remove("server-jvm-opts"), ""));
    if (!m.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + m.keySet() + "\n" + USAGE);
    }
    if (o.publishers > o.connections || o.seconds > 50 || o.qos1Window < 1 || o.qos1Window > 1000
        || o.qos0Window < 4) {
      throw new IllegalArgumentException(
          "need publishers <= connections, seconds <= 50, 1 <= qos1-window <= 1000, qos0-window >= 4\n" + USAGE);
    }
    return o;
  }

  private static String stringOf(String value, String fallback) {
    return value == null ? fallback : value;
  }

  private static int intOf(String value, int fallback) {
    return value == null ? fallback : Integer.parseInt(value);
  }

  /** Relative paths are taken from the repository root when run through Maven. */
  private static Path resolve(String path) {
    Path p = Path.of(path);
    String root = System.getProperty("porta.root");
    return p.isAbsolute() || root == null ? p.toAbsolutePath() : Path.of(root).resolve(p);
  }
}
