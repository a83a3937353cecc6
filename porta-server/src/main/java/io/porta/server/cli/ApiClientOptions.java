package io.porta.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the running server is and how to authenticate (api.md "Running": the administrative
 * subcommands read the address and token from the data directory unless {@code --url} /
 * {@code --token} are given).
 */
public final class ApiClientOptions {
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Server base URL (default: the http port in <data-dir>/ports.json, else " + DEFAULT_URL + ").")
  String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "REST API token (default: env PORTA_API_TOKEN, else <data-dir>/api-token).")
  String token;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The server's data directory (default: env PORTA_DATA_DIR, else ./data).")
  Path dataDir;

  /** The server to talk to, resolved from the options, then the environment, then the data directory. */
  public ApiClient.Target resolve(Map<String, String> env) throws IOException {
    Path dir = dataDir(env);
    String resolvedToken = token != null ? token : env.get("PORTA_API_TOKEN");
    if (resolvedToken == null || resolvedToken.isBlank()) {
      resolvedToken = readToken(dir.resolve("api-token"));
    }
    if (resolvedToken == null) {
      throw new IOException(
          "no API token: pass --token, set PORTA_API_TOKEN, or point --data-dir at the server's data directory");
    }
    String resolvedUrl = url != null ? url : urlFromPorts(dir.resolve("ports.json"));
    return new ApiClient.Target(stripTrailingSlash(resolvedUrl), resolvedToken.trim());
  }

  Path dataDir(Map<String, String> env) {
    if (dataDir != null) {
      return dataDir;
    }
    String fromEnv = env.get("PORTA_DATA_DIR");
    return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "data");
  }

  private static String readToken(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    String t = Files.readString(file, StandardCharsets.UTF_8).trim();
    return t.isEmpty() ? null : t;
  }

  /** {@code {"mqtt":…, "mqtts":…, "http":…}} as the server writes it; else the default URL. */
  static String urlFromPorts(Path portsFile) throws IOException {
    if (!Files.isRegularFile(portsFile)) {
      return DEFAULT_URL;
    }
    JsonNode ports;
    try {
      ports = JsonMapper.builder().build().readTree(Files.readAllBytes(portsFile));
    } catch (JacksonException e) {
      throw new IOException(portsFile + " is not valid JSON", e);
    }
    JsonNode http = ports == null ? null : ports.get("http");
    if (http == null || !http.canConvertToInt() || http.intValue() <= 0) {
      return DEFAULT_URL;
    }
    return "http://127.0.0.1:" + http.intValue();
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
