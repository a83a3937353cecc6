package io.porta.api;

import io.porta.core.command.PendingCommands;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DeviceSessions;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.session.SessionInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Live connections the tests put in place; they answer commands through PendingCommands and, like a
 * real connection, refuse a message that needs a subscription they do not hold.
 */
final class FakeSessions implements DeviceSessions {
  record Disconnect(DeviceKey device, DisconnectReason reason) {}

  static final String RRPC_PREFIX = "/ext/rrpc/";

  private final Map<DeviceKey, FakeLink> links = new ConcurrentHashMap<>();
  final List<Disconnect> disconnects = new CopyOnWriteArrayList<>();
  private PendingCommands pending;

  void usePending(PendingCommands pending) {
    this.pending = pending;
  }

  /**
   * Puts a device online.
   *
   * @param answer what the device replies to a command's payload; null: it never answers
   */
  FakeLink connect(Product product, String deviceName, Function<byte[], byte[]> answer) {
    FakeLink link = new FakeLink(new DeviceIdentity(product, deviceName), answer);
    links.put(link.identity().key(), link);
    return link;
  }

  @Override
  public Optional<DeviceLink> find(DeviceKey device) {
    return Optional.ofNullable(links.get(device));
  }

  @Override
  public boolean disconnect(DeviceKey device, DisconnectReason reason) {
    disconnects.add(new Disconnect(device, reason));
    return links.remove(device) != null;
  }

  @Override
  public Set<String> onlineDevices(String productId) {
    return links.keySet().stream()
        .filter(k -> k.productId().equals(productId))
        .map(DeviceKey::deviceName)
        .collect(Collectors.toSet());
  }

  final class FakeLink implements DeviceLink {
    private final DeviceIdentity identity;
    private final Function<byte[], byte[]> answer;
    final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
    /** The topics the device subscribed to; all of them unless a test says otherwise. */
    volatile Predicate<String> subscribed = topic -> true;

    FakeLink(DeviceIdentity identity, Function<byte[], byte[]> answer) {
      this.identity = identity;
      this.answer = answer;
    }

    @Override
    public DeviceIdentity identity() {
      return identity;
    }

    /** Answers on another thread, as a device's reply arrives on an event loop. */
    @Override
    public CompletionStage<Boolean> send(OutboundMessage message) {
      if (message.onlyIfSubscribed() && !subscribed.test(message.topic())) {
        return CompletableFuture.completedFuture(false);
      }
      sent.add(message);
      if (answer != null) {
        String commandId = commandId(message.topic());
        CompletableFuture.runAsync(
            () -> pending.complete(identity.key(), commandId, answer.apply(message.payload())));
      }
      return CompletableFuture.completedFuture(true);
    }

    /** The last level, or for Alibaba custom-topic RRPC ({@code /ext/rrpc/{id}/…}) the id's level. */
    private static String commandId(String topic) {
      if (topic.startsWith(RRPC_PREFIX)) {
        return topic.substring(RRPC_PREFIX.length(), topic.indexOf('/', RRPC_PREFIX.length()));
      }
      return topic.substring(topic.lastIndexOf('/') + 1);
    }

    @Override
    public void close(DisconnectReason reason) {
      disconnect(identity.key(), reason);
    }

    @Override
    public SessionInfo info() {
      return new SessionInfo(
          Instant.parse("2025-01-02T03:04:05Z"),
          Instant.parse("2025-01-02T03:05:00Z"),
          "10.0.0.7:50123",
          4,
          120,
          true,
          "mqtt");
    }
  }
}
