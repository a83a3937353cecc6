package io.porta.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/** Runs the four scenarios against one broker and fills in its column of each table. */
final class Scenarios {
  private static final int CONNECT_TIMEOUT_SECONDS = 60;
  private static final int DRAIN_SECONDS = 10;
  private static final int IDLE_SETTLE_MILLIS = 3000;

  final ResultTable connectStorm = new ResultTable("a. connect storm (MQTT 3.1.1, keepalive 60, clean session)");
  final ResultTable idleMemory = new ResultTable("b. idle connections: memory");
  final ResultTable qos1 = new ResultTable("c. telemetry QoS 1 (PUBACK-paced, bounded in-flight window)");
  final ResultTable qos0 = new ResultTable("d. telemetry QoS 0 (as fast as the broker reads)");

  private final BenchOptions options;

  Scenarios(BenchOptions options) {
    this.options = options;
  }

  void run(Broker broker) throws Exception {
    String col = broker.name();
    say(col + ": creating " + options.connections() + " devices");
    long t0 = System.nanoTime();
    List<Credentials> devices = broker.devices(options.connections());
    say(String.format(Locale.ROOT, "%s: devices ready in %.1f s", col, (System.nanoTime() - t0) / 1e9));
    Broker.Memory before = broker.memory();
    try (LoadClient client = new LoadClient(broker.mqttPort())) {
      say(col + ": a. connect storm of " + devices.size());
      ConnectBatch.Result storm =
          ConnectBatch.run(client, devices, options.connectConcurrency(), CONNECT_TIMEOUT_SECONDS);
      report(connectStorm, col, storm);
      say(col + ": b. idle memory with " + storm.connected().size() + " connections");
      Thread.sleep(IDLE_SETTLE_MILLIS);
      Broker.Memory idle = broker.memory();
      reportMemory(col, storm.connected(), before, idle);
      disconnectAll(storm.connected());
      diagnostics(broker, "a+b");

      List<Credentials> publishers = devices.subList(0, options.publishers());
      say(col + ": c. QoS 1 telemetry, " + publishers.size() + " devices x window " + options.qos1Window());
      runQos1(client, publishers, col);
      diagnostics(broker, "c");
      say(col + ": d. QoS 0 telemetry, " + publishers.size() + " devices");
      runQos0(client, publishers, col);
      diagnostics(broker, "d");
    }
  }

  private void report(ResultTable t, String col, ConnectBatch.Result r) {
    t.put(col, "devices connected", r.connected().size() + " / " + (r.connected().size() + r.failed()));
    t.put(col, "connects/s", perSecond(r.perSecond()));
    t.put(col, "CONNACK latency p50", r.latency().millis(50));
    t.put(col, "CONNACK latency p99", r.latency().millis(99));
    t.put(col, "CONNACK latency max", r.latency().millis(100));
    t.put(col, "failures", r.failures().isEmpty() ? "0" : r.failures().toString());
  }

  private void reportMemory(String col, List<ClientConnection> conns, Broker.Memory before, Broker.Memory idle) {
    int n = conns.size();
    long lost = conns.stream().filter(ClientConnection::lost).count();
    idleMemory.put(col, "idle connections", n + (lost > 0 ? " (" + lost + " lost)" : ""));
    if (before.heapBytes() >= 0) {
      idleMemory.put(col, "heap after GC, 0 -> n conns", mib(before.heapBytes()) + " -> " + mib(idle.heapBytes()));
      idleMemory.put(col, "heap per idle connection", perConn(idle.heapBytes() - before.heapBytes(), n));
    }
    idleMemory.put(col, "RSS, 0 -> n conns", mib(before.rssBytes()) + " -> " + mib(idle.rssBytes()));
    idleMemory.put(col, "RSS per idle connection", perConn(idle.rssBytes() - before.rssBytes(), n));
  }

  private void runQos1(LoadClient client, List<Credentials> devices, String col) throws Exception {
    ConnectBatch.Result conns = ConnectBatch.run(client, devices, options.connectConcurrency(), CONNECT_TIMEOUT_SECONDS);
    Samples latency = new Samples();
    LongAdder acked = new LongAdder();
    LongAdder stray = new LongAdder();
    Phase phase = Phase.startingNow(options.warmupSeconds(), options.seconds());
    List<Qos1Publisher> pubs = new ArrayList<>();
    for (ClientConnection c : conns.connected()) {
      pubs.add(new Qos1Publisher(c, options.qos1Window(), phase, latency, acked, stray));
    }
    pubs.forEach(Qos1Publisher::start);
    boolean drained = await(pubs.stream().map(Qos1Publisher::finished).toList(), phase);
    long unacked = pubs.stream().mapToLong(Qos1Publisher::inFlight).sum();
    qos1.put(col, "devices x in-flight window", conns.connected().size() + " x " + options.qos1Window());
    qos1.put(col, "acknowledged msg/s", perSecond(acked.sum() / phase.seconds()));
    qos1.put(col, "PUBACK latency p50", latency.millis(50));
    qos1.put(col, "PUBACK latency p99", latency.millis(99));
    qos1.put(col, "PUBACK latency max", latency.millis(100));
    qos1.put(col, "unacknowledged at the end", unacked + (drained ? "" : " (drain timed out)"));
    qos1.put(col, "connections lost", lostAndFailed(conns));
    disconnectAll(conns.connected());
  }

  private void runQos0(LoadClient client, List<Credentials> devices, String col) throws Exception {
    ConnectBatch.Result conns = ConnectBatch.run(client, devices, options.connectConcurrency(), CONNECT_TIMEOUT_SECONDS);
    LongAdder confirmed = new LongAdder();
    Phase phase = Phase.startingNow(options.warmupSeconds(), options.seconds());
    List<Qos0Publisher> pubs = new ArrayList<>();
    for (ClientConnection c : conns.connected()) {
      pubs.add(new Qos0Publisher(c, options.qos0Window(), phase, confirmed));
    }
    pubs.forEach(Qos0Publisher::start);
    boolean drained = await(pubs.stream().map(Qos0Publisher::finished).toList(), phase);
    long unconfirmed = pubs.stream().mapToLong(Qos0Publisher::unconfirmed).sum();
    qos0.put(col, "devices x unconfirmed window", conns.connected().size() + " x " + options.qos0Window());
    qos0.put(col, "messages read/s (PINGRESP-confirmed)", perSecond(confirmed.sum() / phase.seconds()));
    qos0.put(col, "unconfirmed at the end", unconfirmed + (drained ? "" : " (drain timed out)"));
    qos0.put(col, "connections lost", lostAndFailed(conns));
    disconnectAll(conns.connected());
  }

  /** Waits for the phase to end and the publishers to drain, bounded. @return whether all drained */
  private static boolean await(List<CompletableFuture<Void>> finished, Phase phase) throws Exception {
    long waitNanos = phase.measureTo() - System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
    try {
      CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new)).get(waitNanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  private static String lostAndFailed(ConnectBatch.Result conns) {
    long lost = conns.connected().stream().filter(ClientConnection::lost).count();
    return conns.failed() == 0 ? Long.toString(lost) : lost + " (+ " + conns.failures() + " at connect)";
  }

  private static void disconnectAll(List<ClientConnection> conns) throws InterruptedException {
    conns.forEach(ClientConnection::disconnect);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (ClientConnection c : conns) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !c.channel().closeFuture().await(left, TimeUnit.NANOSECONDS)) {
        System.err.println("some connections did not close within 15 s");
        return;
      }
    }
  }

  private static void diagnostics(Broker broker, String scenario) throws Exception {
    String d = broker.diagnostics();
    if (!d.isEmpty()) {
      System.out.print(broker.name() + " after " + scenario + ":\n" + d);
    }
  }

  private static String perSecond(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static String perConn(long bytes, int n) {
    return n == 0 ? "-" : String.format(Locale.ROOT, "%,d B", bytes / n);
  }

  static void say(String line) {
    System.out.println("[bench] " + line);
  }
}
