package io.porta.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Locale;

/**
 * conn: N devices connect with real credentials at a fixed rate (open loop), stay connected and idle;
 * then the server's memory after a full GC is compared with its memory before the first CONNECT.
 */
final class ConnScenario {
  static final String SECTION = "conn";
  /** Idle time before the memory reading: 3 s with the default 2 s warm-up. */
  private static final int SETTLE_MILLIS_PER_WARMUP_SECOND = 1500;

  private final Scenarios ctx;
  private final BenchOptions o;

  ConnScenario(Scenarios ctx) {
    this.ctx = ctx;
    this.o = ctx.options;
  }

  /**
   * Connects and disconnects other devices first, round after round until the server's JIT is quiet
   * (not measured): a freshly started JVM serves its first thousands of CONNECTs from the interpreter
   * while the JIT compiles on the same core, and the goal is about a running server. The first round
   * finds the warm-up devices in the store, the later ones in the registry cache; the measured devices
   * have not connected before, so their lookups miss the cache, as after a restart.
   */
  private JitWarmUp.Done warmUp(Broker broker, LoadClient client, List<Credentials> warmUpDevices) throws Exception {
    JitWarmUp.Done done = JitWarmUp.run(broker, o.jitWarmupRounds(), () -> {
      ConnectBatch.Result r = ConnectBatch.run(client, warmUpDevices, o.connRate(), o.connOutstanding(), 60);
      Scenarios.disconnectAll(r.connected());
      Thread.sleep(1000); // the server sees the disconnects
    });
    Scenarios.say(broker.name() + ": " + warmUpDevices.size() + " devices connected and left in " + done);
    return done;
  }

  /** With --jfr-dir: the server's class histogram (what the heap holds), for the per-connection profile. */
  private void histogram(Broker broker, int n, String when) throws Exception {
    if (o.jfrDir() == null || !(broker instanceof PortaServerProcess)) {
      return;
    }
    Path out = o.jfrDir().resolve(String.format(Locale.ROOT, "porta-conn-%d-%s-histogram.txt", n, when));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(broker.pid()), "GC.class_histogram")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    p.waitFor(60, TimeUnit.SECONDS);
  }

  void run(Broker broker, int n) throws Exception {
    String server = broker.name();
    // Warm-up devices come after the N measured ones, so every measured CONNECT is that device's first.
    List<Credentials> all = broker.devices(n + o.connWarmupDevices());
    List<Credentials> devices = all.subList(0, n);
    String at = String.format(Locale.ROOT, "N=%,d: ", n);
    try (LoadClient client = new LoadClient(broker.mqttPort(), o.sourceAddresses());
        ProcessSampler sampler = new ProcessSampler(broker, 500)) {
      JitWarmUp.Done warm = warmUp(broker, client, all.subList(n, all.size()));
      ctx.figures.add(SECTION, at + "warm-up before the connects (until the JIT is quiet)", "s", server, warm.seconds());
      Broker.Memory before = broker.memory();
      histogram(broker, n, "before");
      Scenarios.say(String.format(Locale.ROOT, "%s: %d devices connect at %,.0f/s", server, n, o.connRate()));
      long from = System.nanoTime();
      ConnectBatch.Result r = ConnectBatch.run(client, devices, o.connRate(), o.connOutstanding(), 120);
      ProcessSampler.Summary usage = sampler.between(from, System.nanoTime());
      Scenarios.say(server + ": " + r.connected().size() + " connected, " + r.latency().describe()
          + (r.failed() > 0 ? ", failures " + r.failures() : ""));
      ctx.figures.add(SECTION, at + "connects per second", "conn/s", server, r.perSecond());
      ctx.figures.add(SECTION, at + "success ratio", "%", server, 100 * r.successRatio());
      ctx.figures.add(SECTION, at + "CONNECT to CONNACK p50", "ms", server, r.latency().millis(50));
      ctx.figures.add(SECTION, at + "CONNECT to CONNACK p99", "ms", server, r.latency().millis(99));
      ctx.figures.add(SECTION, at + "CONNECT to CONNACK p99.9", "ms", server, r.latency().millis(99.9));
      ctx.figures.add(SECTION, at + "server CPU during the connects", "% of a core", server, usage.serverCpuPercent());
      Thread.sleep((long) (o.warmup() * SETTLE_MILLIS_PER_WARMUP_SECOND));
      Broker.Memory idle = broker.memory();
      histogram(broker, n, "idle");
      long lost = r.connected().stream().filter(ClientConnection::lost).count();
      int held = (int) (r.connected().size() - lost);
      ctx.figures.add(SECTION, at + "connections held idle", "conn", server, held);
      if (held > 0) {
        if (before.heapBytes() >= 0) {
          ctx.figures.add(SECTION, at + "heap + direct per idle connection (after GC)", "B", server,
              (double) (idle.heapAndDirect() - before.heapAndDirect()) / held);
          ctx.figures.add(SECTION, at + "heap per idle connection (after GC)", "B", server,
              (double) (idle.heapBytes() - before.heapBytes()) / held);
          ctx.figures.add(SECTION, at + "direct per idle connection", "B", server,
              (double) (idle.directBytes() - before.directBytes()) / held);
        }
        ctx.figures.add(SECTION, at + "RSS per idle connection", "B", server,
            (double) (idle.rssBytes() - before.rssBytes()) / held);
      }
      Scenarios.disconnectAll(r.connected());
    }
    Scenarios.diagnostics(broker, SECTION);
  }
}
