package io.porta.core.delivery;

import io.porta.core.dialect.Dialects;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DeviceSessions;
import io.porta.core.session.OutboundMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one message to every online device of a product that subscribed to it (api.md "broadcast",
 * protocols.md B.8). QoS 0, as Alibaba's broadcast. Blocking: call it from request threads.
 */
public final class BroadcastService {
  /** protocols.md B.8: broadcast payload ≤ 64 KB. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  private final DeviceSessions sessions;
  private final Dialects dialects;
  private final MessageIds ids = new MessageIds();

  public BroadcastService(DeviceSessions sessions, Dialects dialects) {
    this.sessions = sessions;
    this.dialects = dialects;
  }

  /** @return the message id and how many devices it was written to */
  public record Result(String id, int devices) {}

  /** @throws IllegalArgumentException for a topic that is not a broadcast topic of the product */
  public Result broadcast(Product product, String topic, byte[] payload) {
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("payload must be at most " + MAX_PAYLOAD_BYTES + " bytes");
    }
    String fullTopic = dialects.get(product.dialect()).broadcastTopic(product, topic);
    OutboundMessage message = new OutboundMessage(fullTopic, payload, 0, true);
    List<CompletableFuture<Boolean>> writes = new ArrayList<>();
    for (String name : sessions.onlineDevices(product.id())) {
      Optional<DeviceLink> link = sessions.find(new DeviceKey(product.id(), name));
      link.ifPresent(l -> writes.add(l.send(message).toCompletableFuture()));
    }
    int delivered = 0;
    for (CompletableFuture<Boolean> write : writes) {
      try {
        if (Boolean.TRUE.equals(write.get(10, TimeUnit.SECONDS))) {
          delivered++;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception e) {
        // that device went away meanwhile: not counted
      }
    }
    return new Result(ids.next(), delivered);
  }
}
