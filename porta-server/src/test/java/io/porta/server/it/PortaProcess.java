package io.porta.server.it;

import io.porta.server.DataDirectory;
import io.porta.server.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Porta server in its own JVM ({@code java -cp <test class path> io.porta.server.Main}), so a
 * test can kill it the hard way (SIGKILL) and start it again on the same data directory. Its output
 * goes to {@code server.log} in the data directory.
 */
final class PortaProcess implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path dataDir;
  private final List<String> jvmOptions;
  private final Map<String, String> settings;
  private Process process;
  private JsonNode ports;
  private String apiToken;

  private PortaProcess(Path dataDir, List<String> jvmOptions, Map<String, String> settings) {
    this.dataDir = dataDir;
    this.jvmOptions = jvmOptions;
    this.settings = settings;
  }

  /**
   * Starts a server in a fresh data directory and waits until it listens.
   *
   * @param settings {@code --set} keys beyond (or instead of) ephemeral loopback ports, e.g.
   *     {@code porta.onenet.rate-limits.publish-qos1 -> 0}
   */
  static PortaProcess start(List<String> jvmOptions, Map<String, String> settings) throws Exception {
    PortaProcess p = new PortaProcess(Files.createTempDirectory("porta-proc"), jvmOptions, settings);
    p.launch();
    return p;
  }

  private void launch() throws Exception {
    Files.deleteIfExists(dataDir.resolve(DataDirectory.PORTS_FILE)); // the previous run's ports
    List<String> cmd = java(jvmOptions, Main.class);
    cmd.add("server");
    Map<String, String> all = new LinkedHashMap<>();
    all.put("porta.data-dir", dataDir.toString());
    all.put("porta.bind", "127.0.0.1");
    all.put("porta.mqtt.port", "0");
    all.put("porta.mqtts.port", "0");
    all.put("porta.http.port", "0");
    all.putAll(settings);
    all.forEach((k, v) -> cmd.addAll(List.of("--set", k + "=" + v)));
    process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
            .start();
    awaitReady();
  }

  /** The command that runs {@code main} in a new JVM on this test's class path. */
  static List<String> java(List<String> jvmOptions, Class<?> main) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small and quick to start: the test, not the child, is what runs long.
    cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    return cmd;
  }

  private void awaitReady() throws Exception {
    Path file = dataDir.resolve(DataDirectory.PORTS_FILE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Porta exited with " + process.exitValue() + ":\n" + logTail());
      }
      if (Files.exists(file)) { // written atomically once every listener is bound
        ports = JSON.readTree(Files.readAllBytes(file));
        apiToken = new DataDirectory(dataDir).readApiToken();
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("Porta did not start within 60 s:\n" + logTail());
  }

  /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hook, no flush, no goodbye. @return the exit code */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the server did not die");
    }
    return process.exitValue();
  }

  /** Starts the server again on the same data directory (new ports). */
  void restart() throws Exception {
    if (process.isAlive()) {
      throw new IllegalStateException("still running");
    }
    launch();
  }

  int mqttPort() {
    return ports.get("mqtt").asInt();
  }

  int mqttsPort() {
    return ports.get("mqtts").asInt();
  }

  Path dataDir() {
    return dataDir;
  }

  RestClient rest() {
    return new RestClient("http://127.0.0.1:" + ports.get("http").asInt(), apiToken);
  }

  Path log() {
    return dataDir.resolve("server.log");
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
