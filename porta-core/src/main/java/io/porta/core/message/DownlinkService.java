package io.porta.core.message;

import io.porta.core.command.DeviceOfflineException;
import io.porta.core.command.MessageIds;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.Dialect;
import io.porta.core.dialect.Dialects;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DeviceSessions;
import io.porta.core.session.OutboundMessage;
import io.porta.core.session.SessionQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Messages applications send to devices (api.md "To devices": {@code messages} and
 * {@code broadcast}). A device receives only topics it subscribed to; QoS 1 to a device with a
 * persistent session goes through its durable queue, so it survives the device being offline.
 */
public final class DownlinkService {
  private final DeviceSessions sessions;
  private final SessionQueue queue;
  private final Dialects dialects;
  private final MessageIds ids;

  public DownlinkService(DeviceSessions sessions, SessionQueue queue, Dialects dialects, MessageIds ids) {
    this.sessions = sessions;
    this.queue = queue;
    this.dialects = dialects;
    this.ids = ids;
  }

  /**
   * Sends one message to one device.
   *
   * @throws IllegalArgumentException when the device may not subscribe to the topic
   * @return completes with the delivery, or exceptionally with {@link DeviceOfflineException} (offline
   *     and no persistent session to queue in) or {@link NotSubscribedException}
   */
  public CompletableFuture<Delivery> send(
      Product product, String deviceName, String topic, byte[] payload, int qos) {
    Dialect dialect = dialects.get(product.dialect());
    DeviceKey key = new DeviceKey(product.id(), deviceName);
    Optional<DeviceLink> link = sessions.find(key);
    DeviceIdentity identity = link.map(DeviceLink::identity).orElse(new DeviceIdentity(product, deviceName));
    if (!dialect.mayDeliver(identity, topic)) {
      throw new IllegalArgumentException("topic " + topic + " is not one the device may subscribe to");
    }
    OutboundMessage message = new OutboundMessage(topic, payload, qos, true);
    String id = ids.next();
    if (qos == 1 && dialect.supportsPersistentSessions()) {
      return queue
          .enqueue(key, message)
          .toCompletableFuture()
          .thenCompose(
              stored -> {
                if (stored) {
                  boolean online = sessions.find(key).isPresent();
                  return CompletableFuture.completedFuture(
                      new Delivery(id, online ? Delivery.Status.DELIVERED : Delivery.Status.QUEUED));
                }
                return sendNow(key, message, id);
              });
    }
    return sendNow(key, message, id);
  }

  private CompletableFuture<Delivery> sendNow(DeviceKey key, OutboundMessage message, String id) {
    Optional<DeviceLink> link = sessions.find(key);
    if (link.isEmpty()) {
      return CompletableFuture.failedFuture(new DeviceOfflineException(key.toString()));
    }
    return link.get()
        .send(message)
        .toCompletableFuture()
        .thenApply(
            sent -> {
              if (!sent) {
                throw new NotSubscribedException(key.toString(), message.topic());
              }
              return new Delivery(id, Delivery.Status.DELIVERED);
            });
  }

  /**
   * Sends a QoS 0 message to every online device of the product that subscribed to the topic
   * (Alibaba {@code /broadcast/{pk}/…}, protocols.md B.8).
   *
   * @throws IllegalArgumentException when the topic is not a broadcast topic of the product
   */
  public CompletableFuture<BroadcastResult> broadcast(Product product, String topic, byte[] payload) {
    String full = dialects.get(product.dialect()).broadcastTopic(product, topic);
    OutboundMessage message = new OutboundMessage(full, payload, 0, true);
    String id = ids.next();
    List<CompletableFuture<Boolean>> sends = new ArrayList<>();
    for (String name : sessions.onlineDevices(product.id())) {
      sessions
          .find(new DeviceKey(product.id(), name))
          .ifPresent(l -> sends.add(l.send(message).toCompletableFuture().exceptionally(e -> false)));
    }
    return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              int delivered = 0;
              for (CompletableFuture<Boolean> s : sends) {
                if (Boolean.TRUE.equals(s.join())) {
                  delivered++;
                }
              }
              return new BroadcastResult(id, full, delivered);
            });
  }
}
