package io.porta.core.event;

import java.util.List;
import java.util.Set;

/**
 * The durable queue of device events waiting for push channels (webhooks): one row per event,
 * whatever the number of webhooks; each webhook reads it from its own cursor. Blocking: call it off
 * the event loops. Appends go through the group-commit writer ({@link EventSink}).
 */
public interface EventOutbox {
  /** Events after {@code cursor}, oldest first, of the product (all when null) and types. */
  List<DeviceEvent> after(long cursor, String productId, Set<EventType> types, int limit);

  /** How many such events there are after the cursor. */
  long countAfter(long cursor, String productId, Set<EventType> types);

  /** The id of the newest event, or 0. New webhooks start there. */
  long newestId();

  /** The id of the oldest event kept, or 0 when empty. */
  long oldestId();

  /** Deletes events with ids up to and including {@code id}. @return how many */
  int deleteUpTo(long id);

  /** The id of the newest event older than {@code cutoffMs}, or 0. */
  long newestIdBefore(long cutoffMs);

  long size();

  /** The id of the {@code n}-th oldest event (1-based), or 0. */
  long idOfNthOldest(long n);
}
