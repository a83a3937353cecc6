package io.porta.bench;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives open-loop publishers from their own event loops: one task per loop, every millisecond, sends
 * what each of that loop's publishers has due. No hop between threads per message.
 */
final class PublisherTicker implements AutoCloseable {
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

  PublisherTicker(List<OpenLoopPublisher> publishers) {
    Map<EventLoop, List<OpenLoopPublisher>> byLoop = new LinkedHashMap<>();
    for (OpenLoopPublisher p : publishers) {
      byLoop.computeIfAbsent(p.channel().eventLoop(), l -> new ArrayList<>()).add(p);
    }
    byLoop.forEach((loop, pubs) -> tasks.add(loop.scheduleAtFixedRate(() -> {
      long now = System.nanoTime();
      for (OpenLoopPublisher p : pubs) {
        p.tick(now);
      }
    }, 0, 1, TimeUnit.MILLISECONDS)));
  }

  @Override
  public void close() {
    tasks.forEach(t -> t.cancel(false));
  }
}
