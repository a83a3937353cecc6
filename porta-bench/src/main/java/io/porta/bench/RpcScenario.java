package io.porta.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * rpc: REST commands ({@code POST …/devices/{name}/commands}, which waits for the device's answer) at
 * a fixed rate, round robin over online devices (HiveMQ client) that answer each
 * {@code cmd/request/{cmdid}} on {@code cmd/response/{cmdid}}. Round trip from the intended send time.
 */
final class RpcScenario {
  private static final int WARM_UP_ROUND_SECONDS = 5;
  static final String SECTION = "rpc";
  private static final int COMMAND_TIMEOUT_MS = 5000;
  /**
   * Requests in flight at most. The JDK client opens one HTTP/1.1 connection per concurrent request;
   * unbounded, a slow moment turns into thousands of new connections. A request waiting for a slot
   * keeps its intended send time, so the wait shows in the round trip.
   */
  private static final int MAX_IN_FLIGHT = 64;

  private final Scenarios ctx;
  private final BenchOptions o;

  RpcScenario(Scenarios ctx) {
    this.ctx = ctx;
    this.o = ctx.options;
  }

  void run(PortaServerProcess porta, int run) throws Exception {
    List<Credentials> creds = porta.devices(o.rpcDevices());
    ExecutorService httpThreads = Executors.newFixedThreadPool(2);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads)
        .connectTimeout(Duration.ofSeconds(5)).build();
    try (HiveFleet fleet = HiveFleet.connect(creds, porta.mqttPort());
        ProcessSampler sampler = new ProcessSampler(porta, 500)) {
      for (HiveDevice d : fleet.devices) {
        String prefix = d.credentials.topicPrefix();
        d.subscribe(prefix + "cmd/request/+", request -> {
          String topic = request.getTopic().toString();
          String cmdId = topic.substring(topic.lastIndexOf('/') + 1);
          d.publish(prefix + "cmd/response/" + cmdId, MqttQos.AT_MOST_ONCE, "ok".getBytes());
        });
      }
      ctx.figures.note(SECTION, String.format(Locale.ROOT, "Porta: %d online devices (HiveMQ client) answer each command "
          + "at once (QoS 0); REST `POST /api/v1/products/bench/devices/{name}/commands` with timeoutMs %d, "
          + "Java HttpClient (HTTP/1.1, at most " + MAX_IN_FLIGHT + " requests in flight), round robin; measured after "
          + "uncounted commands at the same rate until the JIT is quiet (at most %.0f s)", fleet.devices.size(), COMMAND_TIMEOUT_MS,
          o.rpcWarmupSeconds()));

      JitWarmUp.Done warm = warmUp(http, creds, porta, body(COMMAND_TIMEOUT_MS));
      Window w = Window.startingIn(20, o.warmup(), o.rpcSeconds());
      TrafficStats stats = new TrafficStats(w, o.rpcRate());
      LongAdder timeouts = new LongAdder();
      Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
      Map<String, Integer> errors = new ConcurrentHashMap<>();
      String body = body(COMMAND_TIMEOUT_MS);
      int n = creds.size();
      Pacer.run(new RateSchedule(w.start(), o.rpcRate(), w.events(o.rpcRate())), (k, intended) -> {
        HttpRequest request = request(porta, creds.get((int) (k % n)).name(), body);
        stats.sent(intended);
        try {
          if (!slots.tryAcquire(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            errors.merge("no free request slot", 1, Integer::sum);
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, error) -> {
          long now = System.nanoTime();
          slots.release();
          if (error == null && r.statusCode() == 200) {
            stats.acked(intended, now);
            stats.delivered(intended, now);
          } else if (error == null && r.statusCode() == 504) {
            if (w.measuring(intended)) {
              timeouts.increment();
            }
          } else if (w.measuring(intended)) {
            Throwable cause = error != null && error.getCause() != null ? error.getCause() : error;
            String why = cause != null ? cause.getClass().getSimpleName() + ": " + cause.getMessage()
                : "HTTP " + r.statusCode();
            errors.merge(why, 1, Integer::sum);
          }
        });
      });
      Drain.await(w.measureTo(), COMMAND_TIMEOUT_MS / 1000 + 6,
          () -> stats.acked.sum() + timeouts.sum() + errors.values().stream().mapToInt(i -> i).sum() >= stats.sent.sum());
      stats.usage = sampler.between(w.measureFrom(), w.measureTo());
      String server = porta.name();
      ctx.figures.add(SECTION, "commands offered per second", "cmd/s", server, o.rpcRate());
      ctx.figures.add(SECTION, "warm-up before the window (until the JIT is quiet)", "s", server, warm.seconds());
      ctx.figures.add(SECTION, "answered per second", "cmd/s", server, stats.deliveredPerSecond());
      ctx.figures.add(SECTION, "round trip p50", "ms", server, stats.deliveryLatency.millis(50));
      ctx.figures.add(SECTION, "round trip p99", "ms", server, stats.deliveryLatency.millis(99));
      ctx.figures.add(SECTION, "round trip p99.9", "ms", server, stats.deliveryLatency.millis(99.9));
      ctx.figures.add(SECTION, "round trip max", "ms", server, stats.deliveryLatency.maxMillis());
      ctx.figures.add(SECTION, "timeouts (504)", "cmd", server, timeouts.sum());
      ctx.figures.add(SECTION, "other errors", "cmd", server, errors.values().stream().mapToInt(i -> i).sum());
      ctx.figures.add(SECTION, "server CPU", "% of a core", server, stats.usage.serverCpuPercent());
      if (!errors.isEmpty()) {
        Scenarios.say("rpc errors: " + errors);
      }
      Scenarios.say("rpc: " + stats.deliveryLatency.describe() + ", timeouts " + timeouts.sum());
    } finally {
      httpThreads.shutdownNow();
    }
    Scenarios.diagnostics(porta, SECTION);
  }

  private static String body(int timeoutMs) {
    return "{\"payload\":\"ping\",\"encoding\":\"text\",\"timeoutMs\":" + timeoutMs + "}";
  }

  private static HttpRequest request(PortaServerProcess porta, String deviceName, String body) {
    return HttpRequest.newBuilder(URI.create(porta.rest().base() + "/api/v1/products/"
            + PortaServerProcess.PRODUCT + "/devices/" + deviceName + "/commands"))
        .timeout(Duration.ofMillis(COMMAND_TIMEOUT_MS + 5000))
        .header("Authorization", "Bearer " + porta.rest().token())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /**
   * Commands at the measured rate, not counted, in rounds of {@value #WARM_UP_ROUND_SECONDS} s until the
   * server's JIT is quiet or {@code --rpc-warmup-seconds} have passed, so the window measures a server
   * whose request path is compiled (a server in production runs warm) rather than a fresh JVM: 40 s
   * into commands at a fifth of the rate, the compiler still took a third to half of the server's core.
   * Waits until every warm-up command is answered.
   */
  private JitWarmUp.Done warmUp(HttpClient http, List<Credentials> creds, PortaServerProcess porta, String body)
      throws Exception {
    int maxRounds = (int) Math.ceil(o.rpcWarmupSeconds() / WARM_UP_ROUND_SECONDS);
    if (maxRounds == 0) {
      return new JitWarmUp.Done(0, 0, 0);
    }
    double rate = o.rpcRate();
    long perRound = (long) (rate * WARM_UP_ROUND_SECONDS);
    Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
    JitWarmUp.Done done = JitWarmUp.run(porta, maxRounds, () -> {
      Pacer.run(new RateSchedule(System.nanoTime(), rate, perRound), (k, intended) -> {
        try {
          slots.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        http.sendAsync(request(porta, creds.get((int) (k % creds.size())).name(), body),
                HttpResponse.BodyHandlers.discarding())
            .whenComplete((r, error) -> slots.release());
      });
      if (!slots.tryAcquire(MAX_IN_FLIGHT, COMMAND_TIMEOUT_MS + 10_000, TimeUnit.MILLISECONDS)) {
        Scenarios.say("rpc: warm-up commands still unanswered; measuring anyway");
      } else {
        slots.release(MAX_IN_FLIGHT);
      }
    });
    Scenarios.say(String.format(Locale.ROOT, "rpc: warmed up at %.0f commands/s: %s", rate, done));
    return done;
  }
}
