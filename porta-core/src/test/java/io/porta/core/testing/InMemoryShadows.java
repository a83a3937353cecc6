package io.porta.core.testing;

import io.porta.core.model.DeviceKey;
import io.porta.core.shadow.ShadowRepository;
import io.porta.core.shadow.ShadowService;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Device shadows in memory, with the same compare-and-set as the store. */
public final class InMemoryShadows implements ShadowRepository {
  private record Row(String document, long version) {}

  private final Map<DeviceKey, Row> rows = new ConcurrentHashMap<>();

  /** A shadow service over a fresh in-memory store, running its work on the calling thread. */
  public static ShadowService service(Clock clock) {
    return new ShadowService(new InMemoryShadows(), clock, Runnable::run);
  }

  @Override
  public Optional<String> find(DeviceKey device) {
    return Optional.ofNullable(rows.get(device)).map(Row::document);
  }

  @Override
  public synchronized boolean save(DeviceKey device, String document, long version, long previousVersion, long nowMs) {
    Row old = rows.get(device);
    long stored = old == null ? 0 : old.version();
    if (stored != previousVersion) {
      return false;
    }
    rows.put(device, new Row(document, version));
    return true;
  }
}
