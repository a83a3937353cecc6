package io.porta.api;

import io.porta.core.event.DeviceEventQuery;
import io.porta.core.event.DeviceEventRepository;
import io.porta.core.event.StoredEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Events in a list; remembers the last query so tests can check what the API asked for. */
final class InMemoryDeviceEvents implements DeviceEventRepository {
  private final List<StoredEvent> events = new CopyOnWriteArrayList<>();
  volatile DeviceEventQuery lastQuery;

  @Override
  public void append(List<StoredEvent> batch) {
    events.addAll(batch);
  }

  /** Newest first; equal times, the later appended first (as the store orders by arrival). */
  @Override
  public List<StoredEvent> query(DeviceEventQuery q) {
    lastQuery = q;
    List<StoredEvent> latestFirst = new ArrayList<>(events);
    Collections.reverse(latestFirst);
    return latestFirst.stream()
        .filter(e -> e.device().equals(q.device()))
        .filter(e -> q.type() == null || e.type().equals(q.type()))
        .filter(e -> q.fromMs() == null || e.timeMs() >= q.fromMs())
        .filter(e -> q.toMs() == null || e.timeMs() <= q.toMs())
        .sorted(Comparator.comparingLong(StoredEvent::timeMs).reversed())
        .limit(q.limit())
        .toList();
  }

  @Override
  public int purge(long olderThanMs, int keepPerDevice) {
    throw new UnsupportedOperationException("retention is the server's job");
  }
}
