package io.porta.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * soak (issue 7 §3): churn for a while — devices connect, publish a few QoS 1 uploads, disconnect,
 * again and again at a fixed connect rate — while the server's heap and direct memory are sampled.
 * A leak shows as heap (after GC) or direct memory that grows from start to end.
 */
final class SoakScenario {
  static final String SECTION = "soak";

  private final Scenarios ctx;
  private final BenchOptions o;

  SoakScenario(Scenarios ctx) {
    this.ctx = ctx;
    this.o = ctx.options;
  }

  /** One churn cycle's device: on CONNACK it publishes, on the last PUBACK it disconnects. */
  private final LongAdder failures = new LongAdder();

  private final class Cycle implements InboundListener {
    private final ClientConnection c;
    private final int messages;
    private final Runnable done;
    private int acked;

    Cycle(ClientConnection c, int messages, Runnable done) {
      this.c = c;
      this.messages = messages;
      this.done = done;
    }

    void start() {
      c.channel().eventLoop().execute(() -> {
        c.listen(this);
        long now = System.nanoTime();
        for (int i = 1; i <= messages; i++) {
          c.publish(MqttQoS.AT_LEAST_ONCE, i, Telemetry.payload(c.channel().alloc(), i, now));
        }
        c.channel().flush();
      });
    }

    @Override
    public void puback(int packetId, long nowNanos) {
      if (++acked == messages) {
        c.disconnect();
        done.run();
      }
    }

    @Override
    public void lost() {
      failures.increment();
      done.run();
    }
  }

  void run(Broker broker) throws Exception {
    String server = broker.name();
    List<Credentials> devices = broker.devices(o.soakDevices());
    Broker.Memory start = broker.memory();
    LongAdder cycles = new LongAdder();
    LongAdder skipped = new LongAdder();
    Semaphore outstanding = new Semaphore(o.soakDevices());
    long count = (long) (o.soakRate() * o.soakSeconds());
    Scenarios.say(String.format(Locale.ROOT, "%s: soak for %d s, %,.0f connect/publish/disconnect cycles per second",
        server, o.soakSeconds(), o.soakRate()));
    long from = System.nanoTime();
    try (LoadClient client = new LoadClient(broker.mqttPort(), o.sourceAddresses());
        ProcessSampler sampler = new ProcessSampler(broker, 5000)) {
      Pacer.run(new RateSchedule(from, o.soakRate(), count), (k, intended) -> {
        // The device of cycle k is free again: at most soakDevices cycles are outstanding.
        if (!outstanding.tryAcquire()) {
          skipped.increment();
          return;
        }
        ClientConnection c = client.open(devices.get((int) (k % devices.size())));
        c.connected().whenComplete((ok, error) -> {
          if (error != null) {
            failures.increment();
            c.channelClose();
            outstanding.release();
          } else {
            new Cycle(c, o.soakMessages(), () -> {
              cycles.increment();
              outstanding.release();
            }).start();
          }
        });
      });
      outstanding.tryAcquire(o.soakDevices(), 30, TimeUnit.SECONDS);
      ProcessSampler.Summary usage = sampler.between(from, System.nanoTime());
      Thread.sleep(1000); // the last disconnects
      Broker.Memory end = broker.memory();
      double minutes = (System.nanoTime() - from) / 60e9;
      ctx.figures.add(SECTION, "cycles completed (connect, " + o.soakMessages() + " QoS 1 uploads, disconnect)", "cycles",
          server, cycles.sum());
      ctx.figures.add(SECTION, "failed cycles (no CONNACK, or the connection lost)", "cycles", server, failures.sum());
      ctx.figures.add(SECTION, "cycles not started (every device still busy: the generator's bound)", "cycles", server,
          skipped.sum());
      ctx.figures.add(SECTION, "heap after GC at start", "MiB", server, start.heapBytes() / 1048576.0);
      ctx.figures.add(SECTION, "heap after GC at end", "MiB", server, end.heapBytes() / 1048576.0);
      ctx.figures.add(SECTION, "direct memory at start", "MiB", server, start.directBytes() / 1048576.0);
      ctx.figures.add(SECTION, "direct memory at end", "MiB", server, end.directBytes() / 1048576.0);
      ctx.figures.add(SECTION, "heap after GC growth per minute", "MiB/min", server,
          (end.heapBytes() - start.heapBytes()) / 1048576.0 / minutes);
      ctx.figures.add(SECTION, "peak heap in use (sampled every 5 s, no GC)", "MiB", server, usage.maxHeap() / 1048576.0);
      ctx.figures.add(SECTION, "peak direct memory (sampled)", "MiB", server, usage.maxDirect() / 1048576.0);
      ctx.figures.add(SECTION, "RSS at end", "MiB", server, end.rssBytes() / 1048576.0);
      ctx.figures.add(SECTION, "server CPU", "% of a core", server, usage.serverCpuPercent());
      StringBuilder trace = new StringBuilder("heap/direct MiB every 5 s:");
      for (ProcessSampler.Sample s : sampler.samples()) {
        trace.append(String.format(Locale.ROOT, " %.0f/%.1f", s.memory().heapBytes() / 1048576.0,
            s.memory().directBytes() / 1048576.0));
      }
      Scenarios.say(server + " soak " + trace);
    }
    Scenarios.diagnostics(broker, SECTION);
  }
}
