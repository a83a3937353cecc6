package io.porta.mqtt.connection;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.porta.core.session.DisconnectReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The connect timeout and the keepalive of every connection, from one sweep per event loop instead of
 * a timer per connection (an idle device then costs a slot in an array, not a handler and a scheduled
 * task). Once a second each loop looks at its own connections: one still without a CONNACK after the
 * connect timeout closes with CONNECT_TIMEOUT (MQTT 3.1.1 §3.1.4), one connected and silent for 1.5 ×
 * its keepalive with KEEPALIVE_TIMEOUT (§3.1.2.10; keepalive 0 means none). A close therefore comes up
 * to one sweep late, as in brokers that check keepalives once a second (Mosquitto).
 *
 * <p>Since it knows every open connection, it also closes them all at shutdown ({@link #closeAll}),
 * which spares a channel group (a map entry and a close listener per connection).
 */
public final class ConnectionTimeouts {
  static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final long connectTimeoutNanos;
  private final ConcurrentHashMap<EventExecutor, LoopConnections> loops = new ConcurrentHashMap<>();

  public ConnectionTimeouts(Duration connectTimeout) {
    this.connectTimeoutNanos = connectTimeout.toNanos();
  }

  /** Starts watching a connection whose channel just became active. On its event loop. */
  public void watch(Connection connection) {
    EventExecutor loop = connection.channel().eventLoop();
    loops.computeIfAbsent(loop, LoopConnections::new).add(connection);
  }

  /** Stops watching a connection whose channel went inactive. On its event loop. */
  public void forget(Connection connection) {
    EventExecutor loop = connection.channel().eventLoop();
    LoopConnections connections = loops.get(loop);
    if (connections != null && connections.remove(connection) && connections.size == 0) {
      // A loop without connections keeps no timer (tests open many channels, each on its own loop).
      connections.sweep.cancel(false);
      loops.remove(loop);
    }
  }

  /**
   * Closes every connection with {@code reason}, each on its own loop, and waits up to {@code timeout}
   * until they are closed. A channel not active yet is left to its loop's shutdown.
   */
  public void closeAll(DisconnectReason reason, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Future<List<Channel>>> closing = new ArrayList<>();
    for (Map.Entry<EventExecutor, LoopConnections> loop : loops.entrySet()) {
      try {
        closing.add(loop.getKey().submit(() -> loop.getValue().closeAll(reason)));
      } catch (RejectedExecutionException e) {
        // That loop is shutting down already and closes its channels itself.
      }
    }
    for (Future<List<Channel>> f : closing) {
      if (f.awaitUninterruptibly(remainingMillis(deadline)) && f.isSuccess()) {
        for (Channel ch : f.getNow()) {
          ch.closeFuture().awaitUninterruptibly(remainingMillis(deadline));
        }
      }
    }
  }

  private static long remainingMillis(long deadlineNanos) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }

  /** One loop's connections: an array with swap-remove, each connection knowing its slot. */
  private final class LoopConnections implements Runnable {
    private final ScheduledFuture<?> sweep;
    private Connection[] slots = new Connection[16];
    private int size;

    LoopConnections(EventExecutor loop) {
      this.sweep = loop.scheduleAtFixedRate(this, SWEEP_NANOS, SWEEP_NANOS, TimeUnit.NANOSECONDS);
    }

    void add(Connection c) {
      if (c.timeoutSlot >= 0) {
        return;
      }
      if (size == slots.length) {
        slots = Arrays.copyOf(slots, size * 2);
      }
      c.timeoutSlot = size;
      slots[size++] = c;
    }

    boolean remove(Connection c) {
      int i = c.timeoutSlot;
      if (i < 0 || i >= size || slots[i] != c) {
        return false;
      }
      Connection last = slots[--size];
      slots[i] = last;
      last.timeoutSlot = i;
      slots[size] = null;
      c.timeoutSlot = -1;
      return true;
    }

    List<Channel> closeAll(DisconnectReason reason) {
      List<Channel> channels = new ArrayList<>(size);
      for (Connection c : Arrays.copyOf(slots, size)) {
        channels.add(c.channel());
        c.closeOnLoop(reason, null);
      }
      return channels;
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      // Downwards: a connection closed here may leave its slot to one already looked at.
      for (int i = size - 1; i >= 0; i--) {
        if (i < size) {
          slots[i].closeIfOverdue(now, connectTimeoutNanos);
        }
      }
    }
  }
}
