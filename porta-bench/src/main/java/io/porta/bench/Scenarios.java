package io.porta.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What every scenario shares: the options, where figures go, and a few bounded helpers. */
final class Scenarios {
  final BenchOptions options;
  final Figures figures;

  Scenarios(BenchOptions options, Figures figures) {
    this.options = options;
    this.figures = figures;
  }

  /** Records the usual figures of one traffic step under {@code prefix} ("at 5,000/s: "). */
  void traffic(String section, String prefix, String server, TrafficStats s, String deliveredWhat) {
    figures.add(section, prefix + deliveredWhat + " per second", "msg/s", server, s.deliveredPerSecond());
    figures.add(section, prefix + "delivery ratio", "%", server, 100 * s.deliveryRatio());
    figures.add(section, prefix + "PUBACK p50", "ms", server, s.ackLatency.millis(50));
    figures.add(section, prefix + "PUBACK p99", "ms", server, s.ackLatency.millis(99));
    figures.add(section, prefix + "delivery p50", "ms", server, s.deliveryLatency.millis(50));
    figures.add(section, prefix + "delivery p99", "ms", server, s.deliveryLatency.millis(99));
    figures.add(section, prefix + "delivery p99.9", "ms", server, s.deliveryLatency.millis(99.9));
    figures.add(section, prefix + "acknowledged but not delivered", "msg", server,
        Math.max(0, s.acked.sum() - s.delivered.sum()));
    if (!Double.isNaN(s.store.commits())) {
      figures.add(section, prefix + "store commit latency (mean, telemetry writer)", "ms", server,
          s.store.meanCommitMillis());
      figures.add(section, prefix + "store batch size (mean)", "points", server, s.store.meanBatch());
    }
    if (s.usage != null) {
      figures.add(section, prefix + "server CPU", "% of a core", server, s.usage.serverCpuPercent());
      figures.add(section, prefix + "generator CPU", "% of a core", server, s.usage.generatorCpuPercent());
    }
  }

  void steps(String section, String server, int run, RateSweep.Result sweep) {
    for (TrafficStats s : sweep.steps()) {
      figures.step(new Figures.Step(section, server, run, s.targetPerSecond, s.deliveredPerSecond(),
          s.ackLatency.millis(50), s.ackLatency.millis(99), s.deliveryLatency.millis(99), s.deliveryRatio(), s.keptUp(),
          s.usage == null ? Double.NaN : s.usage.serverCpuPercent(),
          s.usage == null ? Double.NaN : s.usage.generatorCpuPercent(),
          s.store.meanCommitMillis(), s.store.meanBatch()));
    }
  }

  static void disconnectAll(List<ClientConnection> conns) throws InterruptedException {
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

  static void diagnostics(Broker broker, String scenario) throws Exception {
    String d = broker.diagnostics();
    if (!d.isEmpty()) {
      System.out.print(broker.name() + " after " + scenario + ":\n" + d);
    }
  }

  static void say(String line) {
    System.out.println("[bench " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + line);
  }
}
