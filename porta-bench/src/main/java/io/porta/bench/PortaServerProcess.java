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
 * The real server jar in its own JVM, pinned to its core, on loopback ports it picks itself, with the
 * OneNET rate limits switched off (a load test would hit them by design).
 */
final class PortaServerProcess implements Broker {
  static final String PRODUCT = "bench";
  /** What the bench changes from Porta's defaults; shown in the report. */
  static final List<String> SETTINGS =
      List.of(
          "porta.onenet.rate-limits.publish-qos1=0",
          "porta.onenet.rate-limits.publish-qos0=0",
          "porta.onenet.rate-limits.connect=0",
          "porta.onenet.rate-limits.pingreq=0",
          "porta.onenet.rate-limits.subscribe-topics=0");
  private static final int REST_THREADS = 8;

  private final PortaInstallation installation;
  private final Process process;
  private final ServerDiagnostics diagnostics;
  private int mqttPort;
  private PortaRest rest;

  private PortaServerProcess(PortaInstallation installation, Process process, Path log) {
    this.installation = installation;
    this.process = process;
    this.diagnostics = new ServerDiagnostics(log);
  }

  /** Starts the server; {@code jfr} (nullable) names a flight recording to write until it stops. */
  static PortaServerProcess start(PortaInstallation inst, Path jfr) throws Exception {
    if (!Files.isRegularFile(inst.jar)) {
      throw new IllegalStateException(inst.jar + " is missing: build it first with ./mvnw -B -o -q -DskipTests package");
    }
    Files.deleteIfExists(inst.dataDir.resolve("ports.json")); // the previous run's ports
    Path log = inst.dataDir.resolve("server.log");
    List<String> cmd = new ArrayList<>(Pinning.prefix(inst.cpu));
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String opt : inst.jvmOpts.trim().split("\\s+")) {
      if (!opt.isEmpty()) {
        cmd.add(opt);
      }
    }
    if (jfr != null) {
      cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr);
    }
    cmd.addAll(
        List.of(
            "-jar", inst.jar.toString(), "server",
            "--data-dir", inst.dataDir.toString(),
            "--mqtt-port", "0", "--mqtts-port", "-1", "--http-port", "0", "--bind", "127.0.0.1"));
    for (String s : SETTINGS) {
      cmd.add("--set");
      cmd.add(s);
    }
    Process p = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    PortaServerProcess server = new PortaServerProcess(inst, p, log);
    try {
      server.awaitReady();
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady() throws Exception {
    Path ports = installation.dataDir.resolve("ports.json");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Porta exited with " + process.exitValue() + ":\n" + diagnostics.tail(20));
      }
      if (Files.exists(ports)) {
        try {
          JsonNode p = JsonMapper.builder().build().readTree(Files.readAllBytes(ports));
          mqttPort = p.get("mqtt").asInt();
          String token = Files.readString(installation.dataDir.resolve("api-token"), StandardCharsets.UTF_8).trim();
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

  @Override
  public long pid() {
    return process.pid();
  }

  PortaRest rest() {
    return rest;
  }

  /** Creates the product once and devices as needed (in parallel over REST), then their credentials. */
  @Override
  public List<Credentials> devices(int n) throws Exception {
    List<Credentials> devices = installation.devices;
    if (!installation.productCreated) {
      rest.post("/api/v1/products", "{\"name\":\"Bench\",\"dialect\":\"onenet\",\"id\":\"" + PRODUCT + "\"}");
      installation.productCreated = true;
    }
    if (devices.size() < n) {
      Scenarios.say("Porta: creating devices " + devices.size() + ".." + (n - 1) + " over REST (not measured)");
    }
    ExecutorService pool = Executors.newFixedThreadPool(REST_THREADS);
    try {
      List<Future<Credentials>> created = new ArrayList<>();
      for (int i = devices.size(); i < n; i++) {
        String name = Credentials.deviceName(i);
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
        name,
        c.get("clientId").asString(),
        c.get("username").asString(),
        c.get("password").asString(),
        "$sys/" + PRODUCT + "/" + name + "/");
  }

  /** {@code jcmd <pid> GC.run} (a full, System.gc() collection), then heap and direct from /metrics. */
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
    return new Memory(ProcStat.rssBytes(pid()), PrometheusText.heapWithoutEden(metrics), PrometheusText.direct(metrics));
  }

  Map<String, Double> metrics() throws Exception {
    return PrometheusText.parse(rest.metrics());
  }

  @Override
  public Memory currentMemory() throws Exception {
    Map<String, Double> metrics = PrometheusText.parse(rest.metrics());
    return new Memory(
        ProcStat.rssBytes(pid()), (long) PrometheusText.sum(metrics, "jvm_memory_used_bytes{area=\"heap\""),
        PrometheusText.direct(metrics));
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
  }

  static String describe(String jvmOpts) {
    return String.format(Locale.ROOT, "`java %s-jar porta.jar server` (SQLite in a temp directory, group commit, "
        + "synchronous=FULL; default JVM settings otherwise), `--set %s`",
        jvmOpts.isBlank() ? "" : jvmOpts + " ", String.join(" --set ", SETTINGS));
  }
}
