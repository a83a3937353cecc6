package io.porta.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real server jar in its own JVM, on loopback ports it picks itself, with a fresh data directory
 * and the OneNET rate limits switched off (a load test would hit them by design).
 */
final class PortaServerProcess implements Broker {
  static final String PRODUCT = "bench";
  private static final int REST_THREADS = 8;

  private final Path dataDir;
  private final Process process;
  private final Path log;
  private int mqttPort;
  private PortaRest rest;
  private final List<Credentials> devices = new ArrayList<>();
  private final ServerDiagnostics diagnostics;

  private PortaServerProcess(Path dataDir, Process process) {
    this.dataDir = dataDir;
    this.process = process;
    this.log = dataDir.resolve("server.log");
    this.diagnostics = new ServerDiagnostics(log);
  }

  static PortaServerProcess start(Path jar, String jvmOpts) throws Exception {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build it first with ./mvnw -q -DskipTests package");
    }
    Path dir = TempDir.create("porta-bench-");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String opt : jvmOpts.trim().split("\\s+")) {
      if (!opt.isEmpty()) {
        cmd.add(opt);
      }
    }
    cmd.addAll(
        List.of(
            "-jar", jar.toString(), "server",
            "--data-dir", dir.toString(),
            "--mqtt-port", "0", "--mqtts-port", "-1", "--http-port", "0", "--bind", "127.0.0.1",
            "--set", "porta.onenet.rate-limits.publish-qos1=0",
            "--set", "porta.onenet.rate-limits.publish-qos0=0",
            "--set", "porta.onenet.rate-limits.connect=0",
            // The QoS 0 scenario confirms progress with PINGREQs, more than OneNET's 10 per 5 s.
            "--set", "porta.onenet.rate-limits.pingreq=0"));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
    } catch (IOException e) {
      TempDir.delete(dir);
      throw e;
    }
    PortaServerProcess server = new PortaServerProcess(dir, p);
    try {
      server.awaitReady();
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady() throws Exception {
    Path ports = dataDir.resolve("ports.json");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Porta exited with " + process.exitValue() + ":\n" + diagnostics.tail(20));
      }
      if (Files.exists(ports)) {
        try {
          JsonNode p = JsonMapper.builder().build().readTree(Files.readAllBytes(ports));
          mqttPort = p.get("mqtt").asInt();
          String token = Files.readString(dataDir.resolve("api-token"), StandardCharsets.UTF_8).trim();
          rest = new PortaRest(p.get("http").asInt(), token);
          diagnostics.baseline(PrometheusText.parse(rest.metrics()));
          return;
        } catch (IOException | RuntimeException e) {
          // written but not complete yet
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Porta did not write ports.json within 60 s:\n" + diagnostics.tail(20));
  }

  @Override
  public String name() {
    return "Porta";
  }

  @Override
  public int mqttPort() {
    return mqttPort;
  }

  long pid() {
    return process.pid();
  }

  /** Creates the product once and devices as needed (in parallel over REST), then their credentials. */
  @Override
  public List<Credentials> devices(int n) throws Exception {
    if (devices.isEmpty()) {
      rest.post("/api/v1/products", "{\"name\":\"Bench\",\"dialect\":\"onenet\",\"id\":\"" + PRODUCT + "\"}");
    }
    ExecutorService pool = Executors.newFixedThreadPool(REST_THREADS);
    try {
      List<Future<Credentials>> created = new ArrayList<>();
      for (int i = devices.size(); i < n; i++) {
        String name = String.format(Locale.ROOT, "dev-%05d", i);
        created.add(pool.submit(() -> create(name)));
      }
      for (Future<Credentials> f : created) {
        devices.add(f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    return List.copyOf(devices.subList(0, n));
  }

  private Credentials create(String name) throws Exception {
    String base = "/api/v1/products/" + PRODUCT + "/devices";
    rest.post(base, "{\"name\":\"" + name + "\"}");
    JsonNode c = rest.get(base + "/" + name + "/connection");
    return new Credentials(
        c.get("clientId").asString(),
        c.get("username").asString(),
        c.get("password").asString(),
        "$sys/" + PRODUCT + "/" + name + "/dp/post/json");
  }

  /** {@code jcmd <pid> GC.run} (a full, System.gc() collection), then the heap pools from /metrics. */
  @Override
  public Memory memory() throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) {
      gc.destroyForcibly();
      throw new IllegalStateException("jcmd " + pid() + " GC.run failed");
    }
    Map<String, Double> metrics = PrometheusText.parse(rest.metrics());
    return new Memory(ProcMemory.rssBytes(pid()), PrometheusText.heapWithoutEden(metrics));
  }

  /** Called after a scenario closed its connections: waits (bounded) until Porta saw them all go. */
  @Override
  public String diagnostics() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Map<String, Double> metrics = PrometheusText.parse(rest.metrics());
    while (PrometheusText.sum(metrics, "porta_connections{") > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      metrics = PrometheusText.parse(rest.metrics());
    }
    Thread.sleep(500); // the disconnect counters move just after the connection gauge
    return diagnostics.since(PrometheusText.parse(rest.metrics()));
  }

  @Override
  public void close() {
    ChildProcess.stop(process);
    TempDir.delete(dataDir);
  }
}
