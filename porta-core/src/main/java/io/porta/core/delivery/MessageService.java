package io.porta.core.delivery;

import io.porta.core.command.DeviceOfflineException;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.Dialects;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DeviceSessions;
import io.porta.core.session.DropRecorder;
import io.porta.core.session.EnqueueResult;
import io.porta.core.session.OutboundMessage;
import io.porta.core.session.PersistentSessionRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an application's message to one device (api.md "To devices → messages"): to its live
 * connection, or, for QoS 1 and a device with a persistent session, into that session's queue.
 * Blocking (waits for the write, may touch the database): call it from request threads.
 */
public final class MessageService {
  private static final Logger log = LoggerFactory.getLogger(MessageService.class);
  private static final Duration WRITE_WAIT = Duration.ofSeconds(10);

  private final DeviceSessions sessions;
  private final Dialects dialects;
  private final PersistentSessionRepository persistentSessions;
  private final DropRecorder drops;
  private final Clock clock;
  private final int maxQueuedPerDevice;
  private final MessageIds ids = new MessageIds();

  public MessageService(
      DeviceSessions sessions,
      Dialects dialects,
      PersistentSessionRepository persistentSessions,
      DropRecorder drops,
      Clock clock,
      int maxQueuedPerDevice) {
    this.sessions = sessions;
    this.dialects = dialects;
    this.persistentSessions = persistentSessions;
    this.drops = drops;
    this.clock = clock;
    this.maxQueuedPerDevice = maxQueuedPerDevice;
  }

  /**
   * @throws IllegalArgumentException when the device may not receive this topic
   * @throws DeviceOfflineException when it is offline and nothing can be queued for it
   * @throws NotSubscribedException when it is online without a matching subscription
   */
  public DeliveryResult send(Product product, String deviceName, String topic, byte[] payload, int qos) {
    if (qos != 0 && qos != 1) {
      throw new IllegalArgumentException("qos must be 0 or 1");
    }
    DeviceKey key = new DeviceKey(product.id(), deviceName);
    if (!dialects.get(product.dialect()).mayDeliver(new DeviceIdentity(product, deviceName), topic)) {
      throw new IllegalArgumentException("topic " + topic + " is not one the device may subscribe to");
    }
    String id = ids.next();
    Optional<DeviceLink> link = sessions.find(key);
    if (link.isPresent()) {
      if (write(link.get(), new OutboundMessage(topic, payload, qos, true))) {
        return new DeliveryResult(id, DeliveryResult.DELIVERED);
      }
      throw new NotSubscribedException(key.toString(), topic);
    }
    if (qos == 1 && persistentSessions.exists(key)) {
      EnqueueResult queued = persistentSessions.enqueue(key, topic, payload, qos, clock.millis(), maxQueuedPerDevice);
      if (queued.dropped() > 0) {
        log.warn("{}: offline queue full, dropped the {} oldest message(s)", key, queued.dropped());
        drops.dropped("offline_queue_full", queued.dropped());
      }
      return new DeliveryResult(id, DeliveryResult.QUEUED);
    }
    throw new DeviceOfflineException(key.toString());
  }

  private static boolean write(DeviceLink link, OutboundMessage message) {
    try {
      return Boolean.TRUE.equals(
          link.send(message).toCompletableFuture().get(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }
}
