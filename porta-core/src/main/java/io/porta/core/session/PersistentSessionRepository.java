package io.porta.core.session;

import io.porta.core.model.DeviceKey;
import java.util.List;
import java.util.Map;

/**
 * Persistent sessions (MQTT cleanSession = 0): subscriptions and unacknowledged QoS 1 downlink
 * messages, surviving disconnects and restarts (design.md "Sessions"). Blocking: call it off the
 * event loops.
 */
public interface PersistentSessionRepository {
  /** Opens (creating if needed) the device's session. @return true when one existed: session present */
  boolean open(DeviceKey device, long nowMs);

  boolean exists(DeviceKey device);

  /** Forgets the session, its subscriptions and its queue (a cleanSession = 1 login). */
  void discard(DeviceKey device);

  List<StoredSubscription> subscriptions(DeviceKey device);

  /**
   * Every stored session of one product, by device name, with its subscriptions: the application
   * channel loads its sessions this way at start, to queue events for those that are away.
   */
  Map<String, List<StoredSubscription>> sessionsOf(String productId);

  /** Adds or replaces the subscription with this filter. */
  void putSubscription(DeviceKey device, StoredSubscription subscription);

  void removeSubscription(DeviceKey device, String filter);

  /** Queues a message, dropping the device's oldest beyond {@code maxPerDevice}. */
  EnqueueResult enqueue(DeviceKey device, String topic, byte[] payload, int qos, long nowMs, int maxPerDevice);

  /**
   * The device's queued messages in delivery order, at most {@code limit}, starting after the message
   * {@code afterId} (0 for the start of the queue): a connection pages through its queue this way.
   */
  List<QueuedMessage> pending(DeviceKey device, long afterId, int limit);

  void markSent(DeviceKey device, long messageId);

  /** The device acknowledged it: delete. */
  void acknowledge(DeviceKey device, long messageId);

  /** Retention: deletes queued messages created before the cutoff. @return how many */
  int purgeMessagesOlderThan(long cutoffMs);

  /** Deletes sessions not opened since the cutoff, with their subscriptions and queues. */
  int purgeSessionsIdleSince(long cutoffMs);
}
