package io.porta.core.message;

import java.util.List;

/** Reads and retention of the message log. Blocking: call it off the event loops. */
public interface MessageLogRepository {
  List<UplinkMessage> query(MessageQuery query);

  /** Deletes messages older than the cutoff and, per device, all but the newest {@code keepPerDevice}. */
  int purge(long olderThanMs, int keepPerDevice);
}
