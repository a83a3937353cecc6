package io.porta.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * p2p (after EMQ's open MQTT benchmark, scaled to this box): N publishers send QoS 1 uploads to one
 * consumer. The same raw generator and the same rates for every server; what "delivered" means is the
 * server's {@link DeliveryProbe}. Three parts: a fixed common rate (the latency comparison), a rate
 * sweep up to saturation (the throughput comparison), and a closed-loop maximum (secondary).
 */
final class P2pScenario {
  static final String SECTION = "p2p";

  private static final int RECOVER_SECONDS = 30;

  private final Scenarios ctx;
  private final BenchOptions o;

  P2pScenario(Scenarios ctx) {
    this.ctx = ctx;
    this.o = ctx.options;
  }

  private Broker broker;

  void run(Broker broker, int run) throws Exception {
    this.broker = broker;
    String server = broker.name();
    List<Credentials> devices = broker.devices(o.p2pPublishers());
    try (LoadClient client = new LoadClient(broker.mqttPort(), o.sourceAddresses());
        ProcessSampler sampler = new ProcessSampler(broker, 500)) {
      DeliveryProbe probe =
          broker instanceof PortaServerProcess porta
              ? AppChannelProbe.start(client, porta.rest(), PortaServerProcess.PRODUCT)
              : SubscriberProbe.start(client);
      ctx.figures.note(SECTION, server + ": delivered = " + probe.describe());
      ConnectBatch.Result conns = ConnectBatch.run(client, devices, 2000, 200, 60);
      if (conns.connected().size() < devices.size()) {
        throw new IllegalStateException(server + ": publishers failed to connect: " + conns.failures());
      }
      List<ClientConnection> pubs = conns.connected();
      List<OpenLoopPublisher> publishers = new ArrayList<>();
      try {
        Scenarios.say(server + ": p2p at the common rate " + o.p2pCommonRate() + "/s");
        for (ClientConnection c : pubs) {
          publishers.add(new OpenLoopPublisher(c, probe.deliveredAtAck()));
        }
        // Uncounted rounds at the common rate until the JIT is quiet: the latency comparison is about a
        // running server, not a JVM compiling on the core it serves from (Mosquitto takes one round).
        JitWarmUp.Done warm = JitWarmUp.run(broker, o.jitWarmupRounds(),
            () -> openLoop(publishers, probe, sampler, o.p2pCommonRate(), 0));
        Scenarios.say(server + ": p2p warmed up: " + warm);
        ctx.figures.add(SECTION, "warm-up at the common rate (until the JIT is quiet)", "s", server, warm.seconds());
        TrafficStats common = openLoop(publishers, probe, sampler, o.p2pCommonRate(), o.warmup() * 2);
        String at = String.format(Locale.ROOT, "at %,.0f/s: ", o.p2pCommonRate());
        ctx.traffic(SECTION, at, server, common, "delivered");

        Scenarios.say(server + ": p2p closed loop, " + pubs.size() + " x " + o.closedWindow() + " in flight");
        TrafficStats closed = closedLoop(pubs, probe, sampler);
        for (int i = 0; i < pubs.size(); i++) {
          pubs.get(i).listen(publishers.get(i)); // back to the open loop
        }
        ctx.figures.add(SECTION, "closed loop (" + o.closedWindow() + " in flight per publisher): delivered per second",
            "msg/s", server, closed.deliveredPerSecond());
        ctx.figures.add(SECTION, "closed loop: delivery p99 (from actual send)", "ms", server,
            closed.deliveryLatency.millis(99));

        RateSweep.Result sweep = RateSweep.run(server + " p2p",
            rate -> openLoop(publishers, probe, sampler, rate, o.warmup()), o.p2pStartRate(), o.sweepFactor(), o.maxSteps());
        ctx.figures.add(SECTION, "saturation throughput (most delivered per second in the sweep)", "msg/s", server,
            sweep.saturation());
        ctx.figures.add(SECTION, "highest offered rate kept up with", "msg/s", server, sweep.highestKeptUp());
        ctx.steps(SECTION, server, run, sweep);
      } finally {
        probe.close();
        Scenarios.disconnectAll(pubs);
      }
    }
    Scenarios.diagnostics(broker, SECTION);
  }

  /** One fixed-rate step: the rate spread evenly over the publishers, staggered within a period. */
  private TrafficStats openLoop(List<OpenLoopPublisher> pubs, DeliveryProbe probe, ProcessSampler sampler,
      double rate, double warmup) throws Exception {
    StoreWatch store = new StoreWatch(broker);
    Window w = Window.startingIn(20, warmup, o.seconds());
    TrafficStats stats = new TrafficStats(w, rate);
    probe.measure(stats);
    double perConn = rate / pubs.size();
    for (int i = 0; i < pubs.size(); i++) {
      long offset = (long) (i * 1e9 / rate);
      pubs.get(i).next(new RateSchedule(w.start() + offset, perConn, w.events(perConn)), stats);
    }
    try (PublisherTicker ticker = new PublisherTicker(pubs)) {
      if (!Drain.await(w.measureTo(), o.drainSeconds(), () -> Drain.allAnswered(stats))) {
        Drain.recover(RECOVER_SECONDS, () -> Drain.allAnswered(stats));
      }
    }
    stats.usage = sampler.between(w.measureFrom(), w.measureTo());
    stats.store = store.done();
    Thread.sleep(500); // a breath between steps
    return stats;
  }

  private TrafficStats closedLoop(List<ClientConnection> conns, DeliveryProbe probe, ProcessSampler sampler)
      throws Exception {
    Window w = Window.startingIn(0, o.warmup(), o.seconds());
    TrafficStats stats = new TrafficStats(w, Double.NaN);
    probe.measure(stats);
    for (ClientConnection c : conns) {
      new Qos1Publisher(c, o.closedWindow(), stats, probe.deliveredAtAck()).start();
    }
    Drain.await(w.measureTo(), o.drainSeconds(), () -> Drain.allAnswered(stats));
    stats.usage = sampler.between(w.measureFrom(), w.measureTo());
    Thread.sleep(500);
    return stats;
  }
}
