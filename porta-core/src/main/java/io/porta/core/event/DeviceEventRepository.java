package io.porta.core.event;

import java.util.List;

/** The device event history: writes, reads and retention. Blocking: call it off the event loops. */
public interface DeviceEventRepository {
  /** Stores the events in one transaction (the group-commit writer's batch). */
  void append(List<StoredEvent> events);

  List<StoredEvent> query(DeviceEventQuery query);

  /** Deletes events older than the cutoff and, per device, all but the newest {@code keepPerDevice}. */
  int purge(long olderThanMs, int keepPerDevice);
}
