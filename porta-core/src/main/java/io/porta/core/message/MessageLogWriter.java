package io.porta.core.message;

import io.porta.core.model.DeviceKey;
import java.util.concurrent.CompletableFuture;

/** Durable, batched writes of the per-device message log. Never blocks the caller. */
public interface MessageLogWriter {
  /**
   * Queues the message for the next batch; the future completes once it is committed, or
   * exceptionally when it could not be stored (then the device's QoS 1 message is not acknowledged).
   */
  CompletableFuture<Void> append(DeviceKey device, UplinkMessage message);
}
