package io.porta.server;

import io.porta.server.config.ConfigLoader;
import io.porta.server.config.PortaConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code porta server}: runs the server until it is stopped (SIGINT/SIGTERM). */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Start the server (the default subcommand).")
public final class ServerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

  @Option(names = "--config", description = "Config file (HOCON/JSON/properties). Env: PORTA_CONFIG.")
  Path configFile;

  @Option(names = "--data-dir", description = "Data directory (default ./data). Env: PORTA_DATA_DIR.")
  String dataDir;

  @Option(names = "--mqtt-port", description = "MQTT TCP port (default 1883; 0 = any free port).")
  Integer mqttPort;

  @Option(names = "--mqtts-port", description = "MQTT TLS port (default 8883; 0 = any free port; -1 = off).")
  Integer mqttsPort;

  @Option(names = "--http-port", description = "HTTP port for REST, metrics (default 8080; 0 = any free port).")
  Integer httpPort;

  @Option(names = "--bind", description = "Bind address (default 0.0.0.0).")
  String bind;

  @Option(names = "--db-url", description = "JDBC URL (default: SQLite file in the data directory).")
  String dbUrl;

  @Option(names = "--tls-cert", description = "TLS certificate PEM file (default: self-signed, generated).")
  String tlsCert;

  @Option(names = "--tls-key", description = "TLS private key PEM file.")
  String tlsKey;

  @Option(
      names = "--set",
      paramLabel = "PATH=VALUE",
      description = "Any configuration key, e.g. --set porta.onenet.rate-limits.connect=20 (repeatable).")
  Map<String, String> settings = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    PortaConfig config = ConfigLoader.load(configFile, System.getenv(), flags());
    PortaServer server = PortaServer.start(config, System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Shutting down");
                  server.close();
                  stopped.countDown();
                },
                "porta-shutdown"));
    stopped.await();
    return 0;
  }

  Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    settings.forEach((k, v) -> flags.put(k.startsWith("porta.") ? k : "porta." + k, v));
    put(flags, "porta.data-dir", dataDir);
    put(flags, "porta.mqtt.port", mqttPort);
    put(flags, "porta.mqtts.port", mqttsPort);
    put(flags, "porta.http.port", httpPort);
    put(flags, "porta.bind", bind);
    put(flags, "porta.db.url", dbUrl);
    put(flags, "porta.mqtts.cert-file", tlsCert);
    put(flags, "porta.mqtts.key-file", tlsKey);
    return flags;
  }

  private static void put(Map<String, String> flags, String path, Object value) {
    if (value != null) {
      flags.put(path, value.toString());
    }
  }
}
