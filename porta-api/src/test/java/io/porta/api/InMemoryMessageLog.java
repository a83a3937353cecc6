package io.porta.api;

import io.porta.core.message.MessageLogRepository;
import io.porta.core.message.MessageQuery;
import io.porta.core.message.UplinkMessage;
import io.porta.core.model.DeviceKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Logged messages in lists; remembers the last query so tests can check what the API asked for. */
final class InMemoryMessageLog implements MessageLogRepository {
  private final Map<DeviceKey, List<UplinkMessage>> messages = new ConcurrentHashMap<>();
  volatile MessageQuery lastQuery;

  void add(DeviceKey device, UplinkMessage message) {
    messages.computeIfAbsent(device, k -> new CopyOnWriteArrayList<>()).add(message);
  }

  @Override
  public List<UplinkMessage> query(MessageQuery q) {
    lastQuery = q;
    Comparator<UplinkMessage> byTime = Comparator.comparingLong(UplinkMessage::timeMs);
    return messages.getOrDefault(q.device(), List.of()).stream()
        .filter(m -> q.topic() == null || m.topic().equals(q.topic()))
        .filter(m -> q.fromMs() == null || m.timeMs() >= q.fromMs())
        .filter(m -> q.toMs() == null || m.timeMs() <= q.toMs())
        .sorted(q.ascending() ? byTime : byTime.reversed())
        .limit(q.limit())
        .toList();
  }

  @Override
  public int purge(long olderThanMs, int keepPerDevice) {
    throw new UnsupportedOperationException("retention is the server's job");
  }
}
