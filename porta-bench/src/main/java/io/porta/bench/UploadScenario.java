package io.porta.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * upload: OneNET devices (HiveMQ client) post {@code dp/post/json} at QoS 1 and subscribe to the
 * accepted replies, at a fixed total rate raised step by step until Porta saturates. "Delivered" is
 * the accepted reply: the point is stored and the device told so.
 */
final class UploadScenario {
  static final String SECTION = "upload";
  private static final int RING = 1 << 14; // intended times by upload id, per device
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

  private static final int RECOVER_SECONDS = 30;

  private final Scenarios ctx;
  private final BenchOptions o;

  UploadScenario(Scenarios ctx) {
    this.ctx = ctx;
    this.o = ctx.options;
  }

  /** One device's uploads: ids increase across steps, so a late reply is never mistaken for a new one. */
  private static final class Uploader {
    final HiveDevice device;
    final long[] intendedById = new long[RING];
    long nextId = 1;

    Uploader(HiveDevice device) {
      this.device = device;
    }
  }

  private volatile TrafficStats current;
  private final LongAdder rejected = new LongAdder();

  private PortaServerProcess porta;

  void run(PortaServerProcess porta, int run) throws Exception {
    this.porta = porta;
    List<Credentials> creds = porta.devices(o.uploadDevices());
    try (HiveFleet fleet = HiveFleet.connect(creds, porta.mqttPort());
        ProcessSampler sampler = new ProcessSampler(porta, 500)) {
      List<Uploader> uploaders = fleet.devices.stream().map(Uploader::new).toList();
      for (Uploader u : uploaders) {
        String topic = u.device.credentials.telemetryTopic();
        u.device.subscribe(topic + "/accepted", reply -> onReply(u, reply));
        u.device.subscribe(topic + "/rejected", reply -> rejected.increment());
      }
      ctx.figures.note(SECTION, "Porta: " + uploaders.size() + " devices (HiveMQ MQTT client 1.4.2, MQTT 3.1.1), "
          + "QoS 1 uploads of one data point, subscribed to `dp/post/json/accepted` and `/rejected`; "
          + "stored = accepted reply received");
      Scenarios.say("Porta upload: warm-up step at " + o.uploadStartRate() / 2 + "/s (not recorded)");
      step(uploaders, sampler, o.uploadStartRate() / 2); // the JIT's turn: a fresh server is slow at first
      RateSweep.Result sweep = RateSweep.run("Porta upload",
          rate -> step(uploaders, sampler, rate), o.uploadStartRate(), o.sweepFactor(), o.maxSteps());
      ctx.figures.add(SECTION, "stored points per second at saturation (accepted replies)", "points/s", porta.name(),
          sweep.saturation());
      ctx.figures.add(SECTION, "highest offered rate kept up with", "msg/s", porta.name(), sweep.highestKeptUp());
      TrafficStats last = sweep.steps().stream().filter(TrafficStats::keptUp).reduce((a, b) -> b)
          .orElse(sweep.steps().get(0));
      ctx.traffic(SECTION, "at the highest rate kept up with: ", porta.name(), last, "accepted replies");
      ctx.figures.add(SECTION, "rejected replies", "msg", porta.name(), rejected.sum());
      ctx.steps(SECTION, porta.name(), run, sweep);
    }
    Scenarios.diagnostics(porta, SECTION);
  }

  private void onReply(Uploader u, Mqtt3Publish reply) {
    long now = System.nanoTime();
    TrafficStats s = current;
    Matcher m = ID.matcher(new String(reply.getPayloadAsBytes(), StandardCharsets.US_ASCII));
    if (s == null || !m.find()) {
      return;
    }
    long id = Long.parseLong(m.group(1));
    long intended;
    synchronized (u) {
      intended = u.intendedById[(int) (id % RING)];
    }
    s.delivered(intended, now);
  }

  private TrafficStats step(List<Uploader> uploaders, ProcessSampler sampler, double rate) throws Exception {
    StoreWatch store = new StoreWatch(porta);
    Window w = Window.startingIn(20, o.warmup(), o.seconds());
    TrafficStats stats = new TrafficStats(w, rate);
    current = stats;
    int n = uploaders.size();
    Pacer.run(new RateSchedule(w.start(), rate, w.events(rate)), (k, intended) -> {
      Uploader u = uploaders.get((int) (k % n));
      long id;
      synchronized (u) {
        id = u.nextId++;
        u.intendedById[(int) (id % RING)] = intended;
      }
      stats.sent(intended);
      u.device.publish(u.device.credentials.telemetryTopic(), MqttQos.AT_LEAST_ONCE, Telemetry.payloadBytes(id, intended))
          .whenComplete((ack, error) -> {
            if (error == null) {
              stats.acked(intended, System.nanoTime());
            }
          });
    });
    if (!Drain.await(w.measureTo(), o.drainSeconds(), () -> Drain.allAnswered(stats))) {
      Drain.recover(RECOVER_SECONDS, () -> Drain.allAnswered(stats));
    }
    stats.usage = sampler.between(w.measureFrom(), w.measureTo());
    stats.store = store.done();
    Thread.sleep(500);
    return stats;
  }
}
