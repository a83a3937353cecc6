package io.porta.mqtt.session;

import io.porta.core.model.DeviceKey;
import io.porta.core.session.EnqueueResult;
import io.porta.core.session.OutboundMessage;
import io.porta.core.session.PersistentSessionRepository;
import io.porta.core.session.QueuedMessage;
import io.porta.core.session.SessionQueue;
import io.porta.core.session.StoredSubscription;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.connection.SessionRegistry;
import io.porta.mqtt.metrics.MqttMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistent sessions (cleanSession = 0, design.md "Sessions") on the session store: every call runs
 * on one store thread, never an event loop, and in submission order, so a device's subscribe,
 * enqueue and acknowledge happen in the order they were asked for. Results complete on that thread;
 * callers hop back to their loop.
 */
public final class PersistentSessions implements SessionQueue, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PersistentSessions.class);

  /** The state a CONNECT with cleanSession = 0 resumes. */
  public record Opened(boolean present, List<StoredSubscription> subscriptions) {
    public static final Opened CLEAN = new Opened(false, List.of());
  }

  private final PersistentSessionRepository repository;
  private final SessionRegistry connections;
  private final MqttMetrics metrics;
  private final int maxQueuedPerDevice;
  private final ThreadPoolExecutor store;
  private volatile SessionObserver observer = SessionObserver.NONE;

  /**
   * Told on the store thread, after the store changed, how sessions and their subscriptions changed:
   * the application channel keeps an index of the sessions it queues events for this way.
   */
  public interface SessionObserver {
    SessionObserver NONE = new SessionObserver() {};

    /** A session was opened (resumed or created) with these subscriptions. */
    default void opened(DeviceKey session, List<StoredSubscription> subscriptions) {}

    /** A session was discarded (cleanSession = 1, or forgotten on purpose). */
    default void discarded(DeviceKey session) {}

    default void subscribed(DeviceKey session, List<StoredSubscription> subscriptions) {}

    default void unsubscribed(DeviceKey session, List<String> filters) {}
  }

  public void observe(SessionObserver newObserver) {
    observer = newObserver;
  }

  /**
   * @param maxQueuedPerDevice the per-device cap: beyond it the oldest queued messages are dropped
   * @param maxWaitingTasks store calls waiting at most; beyond that they fail (the store is stuck)
   */
  public PersistentSessions(
      PersistentSessionRepository repository,
      SessionRegistry connections,
      MqttMetrics metrics,
      int maxQueuedPerDevice,
      int maxWaitingTasks) {
    if (maxQueuedPerDevice < 1) {
      throw new IllegalArgumentException("maxQueuedPerDevice must be positive");
    }
    this.repository = repository;
    this.connections = connections;
    this.metrics = metrics;
    this.maxQueuedPerDevice = maxQueuedPerDevice;
    this.store =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(maxWaitingTasks),
            r -> {
              Thread t = new Thread(r, "porta-sessions");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * A CONNECT of a device whose dialect keeps sessions: cleanSession = 1 forgets the stored session
   * (MQTT 3.1.1 §3.1.2.4), 0 opens or resumes it.
   */
  public CompletableFuture<Opened> open(DeviceKey device, boolean cleanSession) {
    return run(
        () -> {
          if (cleanSession) {
            if (repository.exists(device)) {
              repository.discard(device);
              observer.discarded(device);
            }
            return Opened.CLEAN;
          }
          boolean present = repository.open(device, System.currentTimeMillis());
          Opened opened = new Opened(present, present ? repository.subscriptions(device) : List.of());
          observer.opened(device, opened.subscriptions());
          return opened;
        });
  }

  /** Stores granted subscriptions; the SUBACK waits for this (§3.8.4: the session holds them). */
  public CompletableFuture<Void> subscribe(DeviceKey device, List<StoredSubscription> subscriptions) {
    return run(
        () -> {
          subscriptions.forEach(s -> repository.putSubscription(device, s));
          observer.subscribed(device, subscriptions);
          return null;
        });
  }

  public CompletableFuture<Void> unsubscribe(DeviceKey device, List<String> filters) {
    return run(
        () -> {
          filters.forEach(f -> repository.removeSubscription(device, f));
          observer.unsubscribed(device, filters);
          return null;
        });
  }

  @Override
  public CompletionStage<Boolean> enqueue(DeviceKey device, OutboundMessage message) {
    CompletableFuture<Boolean> stored =
        run(
            () -> {
              if (!repository.exists(device)) {
                return false;
              }
              long now = System.currentTimeMillis();
              EnqueueResult r =
                  repository.enqueue(device, message.topic(), message.payload(), message.qos(), now, maxQueuedPerDevice);
              if (r.dropped() > 0) {
                LOG.warn(
                    "{}: session queue over its cap of {}: dropped the {} oldest message(s)",
                    device,
                    maxQueuedPerDevice,
                    r.dropped());
                metrics.dropped("session_queue_full", r.dropped());
              }
              return true;
            });
    // Wake the device's connection, if it resumed its session, to fetch what was just stored.
    return stored.thenApply(
        ok -> {
          if (ok) {
            connections.find(device).map(Connection.class::cast).ifPresent(Connection::wakeSessionQueue);
          }
          return ok;
        });
  }

  /** Every stored session of one product with its subscriptions (see the repository). */
  public CompletableFuture<Map<String, List<StoredSubscription>>> sessionsOf(String productId) {
    return run(() -> repository.sessionsOf(productId));
  }

  /** Forgets a session, its subscriptions and its queue. */
  public CompletableFuture<Void> discard(DeviceKey device) {
    return run(
        () -> {
          repository.discard(device);
          observer.discarded(device);
          return null;
        });
  }

  /** A page of the device's queue after {@code afterId}, in delivery order. */
  public CompletableFuture<List<QueuedMessage>> pending(DeviceKey device, long afterId, int limit) {
    return run(() -> repository.pending(device, afterId, limit));
  }

  /** The message was written to the device: a later resend carries DUP. */
  public void sent(DeviceKey device, long messageId) {
    runAndLog(() -> repository.markSent(device, messageId), device);
  }

  /** The device acknowledged the message (PUBACK), or it is deliberately dropped: delete it. */
  public void remove(DeviceKey device, long messageId) {
    runAndLog(() -> repository.acknowledge(device, messageId), device);
  }

  /**
   * Retention (design.md "Sessions"): queued messages older than {@code messageRetention}, and
   * sessions not resumed for {@code sessionExpiry}, are deleted; logged and counted. Runs on the store
   * thread; the returned stage completes when done.
   */
  public CompletableFuture<Void> purge(Duration messageRetention, Duration sessionExpiry) {
    return run(
        () -> {
          long now = System.currentTimeMillis();
          int messages = repository.purgeMessagesOlderThan(now - messageRetention.toMillis());
          if (messages > 0) {
            LOG.info("Session queue retention: dropped {} message(s) older than {}", messages, messageRetention);
            metrics.dropped("session_expired", messages);
          }
          int sessions = repository.purgeSessionsIdleSince(now - sessionExpiry.toMillis());
          if (sessions > 0) {
            LOG.info("Session expiry: removed {} session(s) not resumed for {}", sessions, sessionExpiry);
          }
          return null;
        });
  }

  private <T> CompletableFuture<T> run(Supplier<T> task) {
    try {
      return CompletableFuture.supplyAsync(task, store);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void runAndLog(Runnable task, DeviceKey device) {
    run(
            () -> {
              task.run();
              return null;
            })
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                LOG.warn("{}: session store update failed: {}", device, error.toString());
              }
            });
  }

  /** Lets queued store calls finish (bounded), then stops the store thread. */
  @Override
  public void close() {
    store.shutdown();
    try {
      if (!store.awaitTermination(10, TimeUnit.SECONDS)) {
        store.shutdownNow();
      }
    } catch (InterruptedException e) {
      store.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
