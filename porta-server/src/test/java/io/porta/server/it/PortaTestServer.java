package io.porta.server.it;

import io.porta.server.PortaServer;
import io.porta.server.config.ConfigLoader;
import io.porta.server.config.PortaConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A real Porta server on ephemeral ports in a temporary data directory, for integration tests. */
public final class PortaTestServer implements AutoCloseable {
  private final Path dataDir;
  private final Map<String, String> settings;
  private PortaServer server;

  private PortaTestServer(Path dataDir, Map<String, String> settings) {
    this.dataDir = dataDir;
    this.settings = settings;
  }

  public static PortaTestServer start() throws IOException {
    return start(Map.of());
  }

  /** @param settings extra config paths, e.g. {@code porta.onenet.rate-limits.connect -> 3} */
  public static PortaTestServer start(Map<String, String> settings) throws IOException {
    PortaTestServer s = new PortaTestServer(Files.createTempDirectory("porta-it"), settings);
    s.startServer();
    return s;
  }

  private void startServer() throws IOException {
    Map<String, String> flags = new HashMap<>();
    flags.put("porta.data-dir", dataDir.toString());
    flags.put("porta.bind", "127.0.0.1");
    flags.put("porta.mqtt.port", "0");
    flags.put("porta.mqtts.port", "0");
    flags.put("porta.http.port", "0");
    flags.putAll(settings);
    PortaConfig config = ConfigLoader.load(null, Map.of(), flags);
    server = PortaServer.start(config, new PrintStream(new ByteArrayOutputStream(), true));
  }

  /** Stops and starts the server on the same data directory (new ports). */
  public void restart() throws IOException {
    server.close();
    startServer();
  }

  public int mqttPort() {
    return server.mqttPort();
  }

  public int mqttsPort() {
    return server.mqttsPort();
  }

  public int httpPort() {
    return server.httpPort();
  }

  public String apiToken() {
    return server.apiToken();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The running server itself, to provoke what cannot be from outside (a store closed under it). */
  public PortaServer server() {
    return server;
  }

  public RestClient rest() {
    return new RestClient("http://127.0.0.1:" + httpPort(), apiToken());
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
