package io.porta.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connects many devices with at most {@code concurrency} CONNECTs outstanding; each latency runs from
 * the TCP connect to the CONNACK. Bounded by a deadline: what is still pending then counts as failed.
 */
final class ConnectBatch {
  record Result(
      List<ClientConnection> connected, Map<String, Integer> failures, long elapsedNanos, Samples latency) {
    int failed() {
      return failures.values().stream().mapToInt(Integer::intValue).sum();
    }

    double perSecond() {
      return connected.size() / (elapsedNanos / 1e9);
    }
  }

  private final LoadClient client;
  private final List<Credentials> devices;
  private final Samples latency = new Samples();
  private final ConcurrentLinkedQueue<ClientConnection> connected = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<ClientConnection> opened = new ConcurrentLinkedQueue<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger();
  private final CountDownLatch done;
  private final AtomicLong lastDone = new AtomicLong();

  private ConnectBatch(LoadClient client, List<Credentials> devices) {
    this.client = client;
    this.devices = devices;
    this.done = new CountDownLatch(devices.size());
  }

  static Result run(LoadClient client, List<Credentials> devices, int concurrency, int timeoutSeconds)
      throws InterruptedException {
    return new ConnectBatch(client, devices).run(concurrency, timeoutSeconds);
  }

  private Result run(int concurrency, int timeoutSeconds) throws InterruptedException {
    long start = System.nanoTime();
    lastDone.set(start);
    for (int i = 0; i < concurrency; i++) {
      launchNext();
    }
    if (!done.await(timeoutSeconds, TimeUnit.SECONDS)) {
      next.set(devices.size()); // launch nothing more
      for (ClientConnection c : opened) {
        if (!c.connected().isDone()) {
          c.connected().completeExceptionally(new IllegalStateException("no CONNACK within " + timeoutSeconds + " s"));
          c.channelClose();
        }
      }
      int notStarted = devices.size() - opened.size();
      if (notStarted > 0) {
        failures.merge("not started before the deadline", notStarted, Integer::sum);
      }
    }
    return new Result(new ArrayList<>(connected), new TreeMap<>(failures), lastDone.get() - start, latency);
  }

  private void launchNext() {
    int i = next.getAndIncrement();
    if (i >= devices.size()) {
      return;
    }
    long t0 = System.nanoTime();
    ClientConnection c = client.open(devices.get(i));
    opened.add(c);
    c.connected()
        .whenComplete(
            (ok, error) -> {
              long now = System.nanoTime();
              if (error == null) {
                latency.add(now - t0);
                connected.add(c);
              } else {
                failures.merge(reason(error), 1, Integer::sum);
                c.channelClose();
              }
              lastDone.accumulateAndGet(now, Math::max);
              done.countDown();
              launchNext();
            });
  }

  private static String reason(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String message = e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("[0-9./:]+$", "");
    return e.getClass().getSimpleName() + message;
  }
}
