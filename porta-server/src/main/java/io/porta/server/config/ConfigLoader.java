package io.porta.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Layers the configuration: defaults (reference.conf) &lt; config file &lt; environment &lt; flags
 * (design.md "Runtime").
 */
public final class ConfigLoader {
  private static final String ENV_PREFIX = "PORTA_";

  private ConfigLoader() {}

  /**
   * @param configFile an explicit config file, or null (then {@code PORTA_CONFIG} is consulted)
   * @param env the process environment
   * @param flags config paths set on the command line ({@code porta.mqtt.port -> "1884"})
   */
  public static PortaConfig load(Path configFile, Map<String, String> env, Map<String, String> flags) {
    Config defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf");
    Path file = configFile;
    if (file == null && env.containsKey("PORTA_CONFIG") && !env.get("PORTA_CONFIG").isBlank()) {
      file = Path.of(env.get("PORTA_CONFIG"));
    }
    Config fromFile = ConfigFactory.empty();
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("config file not found: " + file);
      }
      fromFile = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    }
    Config fromEnv = fromEnvironment(defaults, env);
    Config fromFlags = ConfigFactory.empty();
    for (Map.Entry<String, String> e : flags.entrySet()) {
      fromFlags = fromFlags.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(value(defaults, e.getKey(), e.getValue())));
    }
    Config merged = fromFlags.withFallback(fromEnv).withFallback(fromFile).withFallback(defaults).resolve();
    merged.checkValid(defaults, "porta");
    return PortaConfig.from(merged.getConfig("porta"));
  }

  /** The environment variable that sets a config path: porta.mqtt.port -> PORTA_MQTT_PORT. */
  public static String envName(String path) {
    String rest = path.startsWith("porta.") ? path.substring("porta.".length()) : path;
    return ENV_PREFIX + rest.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static Config fromEnvironment(Config defaults, Map<String, String> env) {
    Map<String, Object> values = new HashMap<>();
    for (Map.Entry<String, com.typesafe.config.ConfigValue> e : defaults.entrySet()) {
      String path = e.getKey();
      String value = env.get(envName(path));
      if (value == null) {
        continue;
      }
      values.put(path, value(defaults, path, value));
    }
    return ConfigFactory.parseMap(values, "environment");
  }

  /** A value given as text: lists (TLS protocols, cipher suites) are given comma-separated. */
  private static Object value(Config defaults, String path, String text) {
    if (defaults.hasPath(path) && defaults.getValue(path).valueType() == com.typesafe.config.ConfigValueType.LIST) {
      return java.util.Arrays.asList(text.split("\\s*,\\s*"));
    }
    return text;
  }
}
