package io.porta.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Connects devices at a fixed rate (open loop): CONNECT {@code k} is due at {@code k / rate}, and its
 * latency runs from that intended time to the CONNACK, so a server that falls behind shows in the
 * figures. At most {@code maxOutstanding} CONNECTs wait at once (the generator's own bound), and the
 * whole batch has a deadline: what is still pending then counts as failed.
 */
final class ConnectBatch {
  record Result(
      List<ClientConnection> connected, Map<String, Integer> failures, long elapsedNanos, Latency latency) {
    int failed() {
      return failures.values().stream().mapToInt(Integer::intValue).sum();
    }

    int attempted() {
      return connected.size() + failed();
    }

    /** Successful connects per second, from the first CONNECT to the last answer. */
    double perSecond() {
      return connected.size() / (elapsedNanos / 1e9);
    }

    double successRatio() {
      return attempted() == 0 ? 0 : (double) connected.size() / attempted();
    }
  }

  private final Latency latency = new Latency();
  private final ConcurrentLinkedQueue<ClientConnection> connected = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<ClientConnection> opened = new ConcurrentLinkedQueue<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final AtomicLong lastDone = new AtomicLong();

  private ConnectBatch() {}

  static Result run(LoadClient client, List<Credentials> devices, double perSecond, int maxOutstanding, int timeoutSeconds)
      throws InterruptedException {
    return new ConnectBatch().connect(client, devices, perSecond, maxOutstanding, timeoutSeconds);
  }

  private Result connect(LoadClient client, List<Credentials> devices, double perSecond, int maxOutstanding, int timeoutSeconds)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    lastDone.set(start);
    Semaphore outstanding = new Semaphore(maxOutstanding);
    RateSchedule schedule = new RateSchedule(start, perSecond, devices.size());
    while (!schedule.finished()) {
      long now = System.nanoTime();
      if (!schedule.due(now)) {
        LockSupport.parkNanos(Math.min(schedule.intendedNanos(schedule.taken()) - now, 1_000_000));
        continue;
      }
      if (!outstanding.tryAcquire(Math.max(0, deadline - now), TimeUnit.NANOSECONDS)) {
        break;
      }
      long k = schedule.take();
      long intended = schedule.intendedNanos(k);
      ClientConnection c = client.open(devices.get((int) k));
      opened.add(c);
      c.connected().whenComplete((ok, error) -> {
        long done = System.nanoTime();
        if (error == null) {
          latency.record(done - intended);
          connected.add(c);
        } else {
          failures.merge(reason(error), 1, Integer::sum);
          c.channelClose();
        }
        lastDone.accumulateAndGet(done, Math::max);
        outstanding.release();
      });
    }
    // Wait for the answers still outstanding, up to the deadline.
    long left = deadline - System.nanoTime();
    if (left <= 0 || !outstanding.tryAcquire(maxOutstanding, left, TimeUnit.NANOSECONDS)) {
      for (ClientConnection c : opened) {
        if (!c.connected().isDone()) {
          c.connected().completeExceptionally(new IllegalStateException("no CONNACK within " + timeoutSeconds + " s"));
          c.channelClose();
        }
      }
    }
    int notStarted = devices.size() - opened.size();
    if (notStarted > 0) {
      failures.merge("not started before the deadline", notStarted, Integer::sum);
    }
    return new Result(new ArrayList<>(connected), new TreeMap<>(failures), lastDone.get() - start, latency);
  }

  private static String reason(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String message = e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("[0-9./:]+$", "");
    return e.getClass().getSimpleName() + message;
  }
}
