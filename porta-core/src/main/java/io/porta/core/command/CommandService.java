package io.porta.core.command;

import io.porta.core.dialect.CommandRoute;
import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventSink;
import io.porta.core.event.EventType;
import io.porta.core.dialect.Dialects;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DeviceSessions;
import io.porta.core.session.OutboundMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends a command to an online device and waits for its answer (api.md "To devices"). */
public final class CommandService {
  private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);

  private final DeviceSessions sessions;
  private final Dialects dialects;
  private final PendingCommands pending;
  private final EventSink events;
  private final Clock clock;

  public CommandService(DeviceSessions sessions, Dialects dialects, PendingCommands pending) {
    this(sessions, dialects, pending, EventSink.NONE, Clock.systemUTC());
  }

  /** @param events receives a {@code commands} event for each request sent and for its outcome */
  public CommandService(
      DeviceSessions sessions, Dialects dialects, PendingCommands pending, EventSink events, Clock clock) {
    this.sessions = sessions;
    this.dialects = dialects;
    this.pending = pending;
    this.events = events;
    this.clock = clock;
  }

  /** The timeout to use for a product's commands: the requested one, or the dialect's default. */
  public Duration timeout(Product product, Long requestedMs) {
    CommandRoute route = dialects.get(product.dialect()).commandRoute();
    if (requestedMs == null) {
      return route.defaultTimeout();
    }
    Duration d = Duration.ofMillis(requestedMs);
    if (d.compareTo(route.minTimeout()) < 0 || d.compareTo(route.maxTimeout()) > 0) {
      throw new IllegalArgumentException(
          "timeoutMs must be between "
              + route.minTimeout().toMillis()
              + " and "
              + route.maxTimeout().toMillis());
    }
    return d;
  }

  /**
   * Publishes the command and returns the pending answer.
   *
   * @throws DeviceOfflineException when the device has no live connection
   */
  public CompletableFuture<CommandResult> send(
      Product product, String deviceName, byte[] payload, Duration timeout) {
    return send(product, deviceName, payload, timeout, null);
  }

  /**
   * Publishes the command on a device-chosen topic (Alibaba custom-topic RRPC) when {@code customTopic}
   * is given.
   *
   * @throws DeviceOfflineException when the device has no live connection
   * @throws IllegalArgumentException when the dialect or device does not take commands on that topic
   */
  public CompletableFuture<CommandResult> send(
      Product product, String deviceName, byte[] payload, Duration timeout, String customTopic) {
    DeviceLink link = link(product, deviceName);
    CommandRoute route = dialects.get(product.dialect()).commandRoute();
    String id = route.newCommandId();
    return request(link, id, route.requestTopic(link.identity(), id, customTopic), payload, timeout);
  }

  /**
   * The device's live connection.
   *
   * @throws DeviceOfflineException when it has none
   */
  public DeviceLink link(Product product, String deviceName) {
    DeviceKey key = new DeviceKey(product.id(), deviceName);
    return sessions.find(key).orElseThrow(() -> new DeviceOfflineException(key.toString()));
  }

  /**
   * Publishes a request the device answers and returns the pending answer, matched by {@code id}:
   * commands and the thing model's property set/get and service calls all go through here, so they
   * share the timeout, late-answer and {@code commands} event handling.
   */
  public CompletableFuture<CommandResult> request(
      DeviceLink link, String id, String topic, byte[] payload, Duration timeout) {
    DeviceKey key = link.identity().key();
    CompletableFuture<CommandResult> answer = pending.register(key, id, timeout);
    publish(key, CommandEvents.request(id, topic, payload));
    answer.whenComplete((result, error) -> publish(key, CommandEvents.outcome(id, result, error)));
    OutboundMessage request = new OutboundMessage(topic, payload, 0, false);
    link.send(request)
        .whenComplete(
            (sent, error) -> {
              if (error != null || !Boolean.TRUE.equals(sent)) {
                pending.cancel(key, id, new DeviceOfflineException(key.toString()));
              }
            });
    return answer;
  }

  /** Command events are not tied to a device's acknowledgement: a failure to queue one is logged. */
  private void publish(DeviceKey key, String data) {
    events
        .publish(DeviceEvent.of(clock.instant(), key.productId(), key.deviceName(), EventType.COMMANDS, data))
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                LOG.warn("{}: command event not queued for push: {}", key, error.toString());
              }
            });
  }
}
