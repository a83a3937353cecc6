package io.porta.api.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventOutbox;
import io.porta.core.webhook.DeliveryState;
import io.porta.core.webhook.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the event outbox to the webhooks: per webhook, one batch in flight at a time, in event
 * order, from its cursor; the cursor moves (and is stored) only when the receiver answered 2xx, so
 * nothing is lost across failures or restarts (a batch may arrive twice: receivers dedupe by event
 * id). Failures back off exponentially. Retention and a size bound keep the outbox finite; what they
 * drop undelivered is logged and counted per webhook.
 *
 * <p>Everything runs on one thread of its own (database reads included), never on an event loop;
 * HTTP is asynchronous.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final long MAINTENANCE_SECONDS = 10;
  private static final long POLL_MILLIS = 1000;

  /** A webhook's delivery, dispatcher thread only. */
  private static final class Worker {
    DeliveryState state;
    boolean inFlight;
    long nextAttemptMs;
    final AtomicLong pending = new AtomicLong();
    Gauge gauge;

    Worker(DeliveryState state) {
      this.state = state;
    }
  }

  private final Webhooks webhooks;
  private final EventOutbox outbox;
  private final WebhookDeliveryConfig config;
  private final MeterRegistry meters;
  private final Clock clock;
  private final HttpClient http;
  private final ScheduledExecutorService thread;
  private final Map<String, Worker> workers = new HashMap<>();
  private final AtomicBoolean woken = new AtomicBoolean();
  private final Timer latency;
  private final Counter delivered;
  private final Counter failed;
  private final Counter dropped;

  public WebhookDispatcher(
      Webhooks webhooks, EventOutbox outbox, WebhookDeliveryConfig config, MeterRegistry meters, Clock clock) {
    this.webhooks = webhooks;
    this.outbox = outbox;
    this.config = config;
    this.meters = meters;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "porta-webhooks");
              t.setDaemon(true);
              return t;
            });
    this.latency =
        Timer.builder("porta.webhook.delivery.latency")
            .description("From an event's time to its receiver's 2xx")
            .publishPercentileHistogram()
            .register(meters);
    this.delivered = meters.counter("porta.webhook.events.delivered");
    this.failed = meters.counter("porta.webhook.attempts.failed");
    this.dropped = meters.counter("porta.webhook.events.dropped");
  }

  public void start() {
    thread.scheduleWithFixedDelay(this::safeTick, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    thread.scheduleWithFixedDelay(this::maintain, 1, MAINTENANCE_SECONDS, TimeUnit.SECONDS);
  }

  /** New events may be waiting: deliver soon. Any thread, never blocks. */
  public void wake() {
    if (woken.compareAndSet(false, true)) {
      try {
        thread.execute(
            () -> {
              woken.set(false);
              safeTick();
            });
      } catch (RejectedExecutionException e) {
        woken.set(false); // closing
      }
    }
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("webhook delivery round failed: {}", e.toString());
    }
  }

  private void tick() {
    long now = clock.millis();
    Set<String> seen = new HashSet<>();
    for (Webhook w : webhooks.all()) {
      seen.add(w.id());
      Worker worker = worker(w);
      if (worker == null || !w.enabled() || worker.inFlight || now < worker.nextAttemptMs) {
        continue;
      }
      List<DeviceEvent> batch = outbox.after(worker.state.cursor(), w.productId(), w.events(), config.batchSize());
      if (!batch.isEmpty()) {
        send(w, worker, batch);
      }
    }
    workers.keySet().removeIf(id -> !seen.contains(id) && forget(id));
  }

  private Worker worker(Webhook w) {
    Worker worker = workers.get(w.id());
    if (worker == null) {
      DeliveryState state = webhooks.repository().state(w.id()).orElse(null);
      if (state == null) {
        return null; // deleted meanwhile
      }
      worker = new Worker(state);
      worker.gauge =
          Gauge.builder("porta.webhook.pending.events", worker.pending, AtomicLong::get)
              .description("Events waiting for delivery to the webhook")
              .tag("webhook", w.id())
              .register(meters);
      workers.put(w.id(), worker);
    }
    return worker;
  }

  private boolean forget(String id) {
    Worker worker = workers.get(id);
    if (worker != null && worker.gauge != null) {
      meters.remove(worker.gauge);
    }
    return true;
  }

  private void send(Webhook w, Worker worker, List<DeviceEvent> batch) {
    byte[] body = WebhookBatch.json(w.id(), batch).getBytes(StandardCharsets.UTF_8);
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(w.url()))
              .timeout(config.requestTimeout())
              .header("Content-Type", "application/json")
              .header("User-Agent", "Porta-Webhook/1")
              .header("X-Porta-Webhook", w.id())
              .header(WebhookSignature.HEADER, WebhookSignature.of(w.secret(), body))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
    } catch (IllegalArgumentException e) {
      failed(w, worker, "invalid URL");
      return;
    }
    worker.inFlight = true;
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenCompleteAsync(
            (response, error) -> {
              worker.inFlight = false;
              if (error == null && response.statusCode() / 100 == 2) {
                succeeded(w, worker, batch);
              } else {
                failed(w, worker, error == null ? "HTTP " + response.statusCode() : describe(error));
              }
            },
            thread);
  }

  private void succeeded(Webhook w, Worker worker, List<DeviceEvent> batch) {
    Instant now = clock.instant();
    DeliveryState s = worker.state;
    worker.state =
        new DeliveryState(batch.get(batch.size() - 1).id(), now, s.lastFailureAt(), s.lastError(), 0, s.dropped());
    worker.nextAttemptMs = 0;
    save(w, worker);
    if (s.failures() > 0) {
      LOG.info("webhook {}: delivering again after {} failed attempt(s)", w.id(), s.failures());
    }
    for (DeviceEvent e : batch) {
      latency.record(Duration.between(e.time(), now).abs());
    }
    delivered.increment(batch.size());
    worker.pending.updateAndGet(p -> Math.max(0, p - batch.size()));
    wake(); // there may be more
  }

  private void failed(Webhook w, Worker worker, String error) {
    DeliveryState s = worker.state;
    int failures = s.failures() + 1;
    worker.state = new DeliveryState(s.cursor(), s.lastSuccessAt(), clock.instant(), error, failures, s.dropped());
    Duration wait = config.backoff(failures);
    worker.nextAttemptMs = clock.millis() + wait.toMillis();
    failed.increment();
    save(w, worker);
    LOG.warn("webhook {}: delivery failed ({}), attempt {}, next in {} s", w.id(), error, failures, wait.toSeconds());
  }

  private void save(Webhook w, Worker worker) {
    try {
      webhooks.repository().saveState(w.id(), worker.state);
    } catch (RuntimeException e) {
      LOG.warn("webhook {}: cannot store its delivery state: {}", w.id(), e.toString());
    }
  }

  /** The exception as an operator reads it; never the URL, which may carry credentials. */
  private static String describe(Throwable error) {
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    return cause.getClass().getSimpleName();
  }

  /**
   * Every {@value #MAINTENANCE_SECONDS} s: pending counts, then the outbox bounds. Events every
   * webhook has received are deleted; beyond retention or the size bound the oldest go even if some
   * webhook has not received them, and that webhook's cursor skips them (logged, counted).
   */
  private void maintain() {
    try {
      List<Webhook> all = webhooks.all();
      long keepFrom = Long.MAX_VALUE; // the smallest cursor of an enabled webhook
      for (Webhook w : all) {
        Worker worker = worker(w);
        if (worker == null) {
          continue;
        }
        worker.pending.set(outbox.countAfter(worker.state.cursor(), w.productId(), w.events()));
        if (w.enabled()) {
          keepFrom = Math.min(keepFrom, worker.state.cursor());
        }
      }
      long dropTo = Math.max(outbox.newestIdBefore(clock.millis() - config.retention().toMillis()), overSize());
      if (dropTo > 0) {
        for (Webhook w : all) {
          Worker worker = worker(w);
          if (worker != null && !worker.inFlight && worker.state.cursor() < dropTo) {
            skip(w, worker, dropTo);
          }
        }
      }
      long deleteTo = Math.max(dropTo, keepFrom == Long.MAX_VALUE ? outbox.newestId() : keepFrom);
      if (deleteTo > 0) {
        outbox.deleteUpTo(deleteTo);
      }
    } catch (RuntimeException e) {
      LOG.warn("webhook outbox maintenance failed: {}", e.toString());
    }
  }

  private long overSize() {
    long size = outbox.size();
    return size > config.maxEvents() ? outbox.idOfNthOldest(size - config.maxEvents()) : 0;
  }

  private void skip(Webhook w, Worker worker, long dropTo) {
    long lost =
        outbox.countAfter(worker.state.cursor(), w.productId(), w.events())
            - outbox.countAfter(dropTo, w.productId(), w.events());
    DeliveryState s = worker.state;
    worker.state =
        new DeliveryState(dropTo, s.lastSuccessAt(), s.lastFailureAt(), s.lastError(), s.failures(), s.dropped() + lost);
    save(w, worker);
    if (lost > 0 && w.enabled()) {
      dropped.increment(lost);
      LOG.warn(
          "webhook {}: dropped {} undelivered event(s), older than {} or beyond {} queued",
          w.id(),
          lost,
          config.retention(),
          config.maxEvents());
    }
  }

  /** The delivery state as the API shows it: live when the dispatcher holds it. */
  public DeliveryState state(String id) {
    try {
      return thread
          .submit(
              () -> {
                Worker worker = workers.get(id);
                return worker != null ? worker.state : webhooks.repository().state(id).orElse(null);
              })
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      return webhooks.repository().state(id).orElse(null);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
