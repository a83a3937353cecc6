package io.porta.core.command;

import io.porta.core.model.DeviceKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Commands sent to devices that wait for an answer. Dialect-neutral: OneNET commands and Alibaba
 * RRPC both use it. A command is answered at most once; an answer after the timeout is recognised as
 * late for a while (so a device learns "timeout", not "unknown id").
 */
public final class PendingCommands {
  private record Key(DeviceKey device, String id) {}

  /** A waiting command; its timer is set right after it is registered. */
  private static final class Pending {
    final CompletableFuture<CommandResult> future = new CompletableFuture<>();
    volatile ScheduledFuture<?> timer;

    void cancelTimer() {
      ScheduledFuture<?> t = timer;
      if (t != null) {
        t.cancel(false);
      }
    }
  }

  private final Map<Key, Pending> pending = new ConcurrentHashMap<>();
  private final Map<Key, Boolean> expired;
  private final ScheduledExecutorService scheduler;

  /**
   * @param scheduler runs the timeouts (one shared thread is plenty)
   * @param rememberExpired how many timed-out ids to keep recognising as late
   */
  public PendingCommands(ScheduledExecutorService scheduler, int rememberExpired) {
    this.scheduler = scheduler;
    this.expired =
        java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
              private static final long serialVersionUID = 1L;

              @Override
              protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                return size() > rememberExpired;
              }
            });
  }

  /** Registers a command before it is sent; the future completes with the answer or times out. */
  public CompletableFuture<CommandResult> register(DeviceKey device, String id, Duration timeout) {
    Key key = new Key(device, id);
    Pending p = new Pending();
    if (pending.putIfAbsent(key, p) != null) {
      throw new IllegalStateException("duplicate command id " + id);
    }
    // Registered first, timer second: a timer that fired before the entry existed would find
    // nothing to expire and leave the caller waiting forever.
    p.timer = scheduler.schedule(() -> expire(key, p), timeout.toMillis(), TimeUnit.MILLISECONDS);
    return p.future;
  }

  /** Forgets a command that could not be sent. */
  public void cancel(DeviceKey device, String id, Throwable cause) {
    Pending p = pending.remove(new Key(device, id));
    if (p != null) {
      p.cancelTimer();
      p.future.completeExceptionally(cause);
    }
  }

  /** Hands a device's answer to the waiting caller. */
  public ResponseOutcome complete(DeviceKey device, String id, byte[] response) {
    Key key = new Key(device, id);
    Pending p = pending.remove(key);
    if (p == null) {
      return expired.remove(key) != null ? ResponseOutcome.LATE : ResponseOutcome.UNKNOWN;
    }
    p.cancelTimer();
    p.future.complete(new CommandResult(id, response));
    return ResponseOutcome.ACCEPTED;
  }

  /** Whether a command id is waiting for an answer from this device. */
  public boolean isPending(DeviceKey device, String id) {
    return pending.containsKey(new Key(device, id));
  }

  public int size() {
    return pending.size();
  }

  private void expire(Key key, Pending p) {
    if (pending.remove(key, p)) {
      expired.put(key, Boolean.TRUE);
      p.future.completeExceptionally(new CommandTimeoutException(key.id));
    }
  }
}
