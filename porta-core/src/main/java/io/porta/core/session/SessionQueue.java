package io.porta.core.session;

import io.porta.core.model.DeviceKey;
import java.util.concurrent.CompletionStage;

/**
 * The QoS 1 downlink queue of persistent sessions (design.md "Sessions"): a message queued here is
 * durable, delivered when the device is (or comes) online, resent with DUP until acknowledged, and
 * dropped only by retention or the per-device cap.
 */
public interface SessionQueue {
  /**
   * Queues a message for the device's persistent session and wakes its connection if it is online.
   *
   * @return completes with true once the message is stored, false when the device has no persistent
   *     session (nothing is stored then)
   */
  CompletionStage<Boolean> enqueue(DeviceKey device, OutboundMessage message);
}
