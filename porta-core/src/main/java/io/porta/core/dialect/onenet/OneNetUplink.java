package io.porta.core.dialect.onenet;

import io.porta.core.command.PendingCommands;
import io.porta.core.command.ResponseOutcome;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.InboundPublish;
import io.porta.core.dialect.PublishResult;
import io.porta.core.session.DisconnectReason;
import io.porta.core.telemetry.TelemetryWriter;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a OneNET device publishes (protocols.md A.6, A.7): data points go to storage, command
 * responses to the waiting caller, thing-model topics to {@link OneNetThing}, image requests to the
 * shadow; anything else closes the connection.
 */
final class OneNetUplink {
  private static final Logger log = LoggerFactory.getLogger(OneNetUplink.class);

  private final OneNetTopics topics;
  private final TelemetryWriter writer;
  private final PendingCommands pending;
  private final OneNetThing thing;
  private final Clock clock;
  private final OneNetImage image;

  OneNetUplink(
      OneNetTopics topics,
      TelemetryWriter writer,
      PendingCommands pending,
      OneNetThing thing,
      Clock clock,
      OneNetImage image) {
    this.topics = topics;
    this.writer = writer;
    this.pending = pending;
    this.thing = thing;
    this.clock = clock;
    this.image = image;
  }

  CompletionStage<PublishResult> onPublish(DeviceIdentity device, InboundPublish publish) {
    // The transport refuses these already (A.6: QoS 2, retain → disconnect); kept as a guard.
    if (publish.qos() > 1) {
      return done(PublishResult.disconnect(DisconnectReason.UNSUPPORTED_QOS));
    }
    if (publish.retain()) {
      return done(PublishResult.disconnect(DisconnectReason.PROTOCOL_VIOLATION));
    }
    OneNetTopics.PublishRoute route =
        topics.classifyPublish(
            device.productId(), device.deviceName(), publish.topic(), publish.payload().length);
    return switch (route.kind()) {
      case DATA_POINTS -> dataPoints(device, publish.payload());
      case COMMAND_RESPONSE -> done(commandResponse(device, route.commandId(), publish.payload()));
      case IMAGE_UPDATE -> image.update(device, publish.payload());
      case IMAGE_GET -> image.get(device, publish.payload());
      case THING -> thing.onPublish(device, route.thingPath(), publish.payload());
      // A.6: payload ≤ 256 KB, each violation disconnects.
      case PAYLOAD_TOO_LARGE -> done(PublishResult.disconnect(DisconnectReason.PACKET_TOO_LARGE));
      // Seed: "When a device publishes a message to an illegal topic, the platform disconnects".
      case BAD_SHAPE, ILLEGAL -> {
        log.debug("OneNET device {} published to illegal topic {}", device, publish.topic());
        yield done(PublishResult.disconnect(DisconnectReason.ILLEGAL_TOPIC));
      }
    };
  }

  /**
   * A.7.1, design.md "Delivery guarantees": acknowledged, and answered {@code accepted}, only once the
   * points are durable; a storage failure closes the connection unacknowledged so the device resends.
   */
  private CompletionStage<PublishResult> dataPoints(DeviceIdentity device, byte[] payload) {
    DataPointUpload upload = DataPointUpload.parse(payload, clock.millis());
    if (!upload.isValid()) {
      log.debug("OneNET device {} sent illegal data points: {}", device, upload.problem());
      return done(PublishResult.ack(OneNetReplies.dataPointsRejected(device, upload.id())));
    }
    // Built here on the event loop, not in the completion below: that runs on the store's writer
    // thread, whose work per upload is the serial part of every upload's path.
    PublishResult accepted = PublishResult.ack(OneNetReplies.dataPointsAccepted(device, upload.id()));
    CompletableFuture<Void> stored;
    try {
      stored = writer.append(device.key(), upload.points());
    } catch (RuntimeException e) {
      stored = CompletableFuture.failedFuture(e);
    }
    return stored.handle(
        (ok, error) -> {
          if (error != null) {
            // One line, no stack trace: under overload this repeats for every refused upload; the
            // disconnect line (store_failure) follows.
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
            log.warn("OneNET device {}: data points not stored: {}", device, cause.toString());
            return PublishResult.disconnect(DisconnectReason.STORE_FAILURE);
          }
          return accepted;
        });
  }

  /** A.7.2: a command is answered once; too large (99), late (112) or unknown (113) are rejected. */
  private PublishResult commandResponse(DeviceIdentity device, String commandId, byte[] payload) {
    if (payload.length > OneNetLimits.MAX_COMMAND_RESPONSE_BYTES) {
      // The command stays pending: the device may still send a response that fits.
      return PublishResult.ack(
          OneNetReplies.commandRejected(device, commandId, OneNetReplies.PAYLOAD_TOO_LARGE));
    }
    ResponseOutcome outcome = pending.complete(device.key(), commandId, payload);
    return PublishResult.ack(
        switch (outcome) {
          case ACCEPTED -> OneNetReplies.commandAccepted(device, commandId);
          case LATE -> OneNetReplies.commandRejected(
              device, commandId, OneNetReplies.CMD_RESPONSE_TIMEOUT);
          case UNKNOWN -> OneNetReplies.commandRejected(
              device, commandId, OneNetReplies.CMD_ID_NOT_FOUND);
        });
  }

  private static CompletionStage<PublishResult> done(PublishResult result) {
    return CompletableFuture.completedFuture(result);
  }
}
