package io.porta.core.dialect.onenet;

import io.porta.core.command.PendingCommands;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.PublishResult;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.gateway.GatewayLimits;
import io.porta.core.model.DeviceKey;
import io.porta.core.thing.DesiredProperties;
import io.porta.core.thing.DesiredRequest;
import io.porta.core.thing.PropertyPost;
import io.porta.core.thing.ThingEvent;
import io.porta.core.thing.ThingModel;
import io.porta.core.thing.ThingRecorder;
import io.porta.core.thing.ThingReply;
import io.porta.core.thing.ThingRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The OneJSON thing model a device publishes under {@code $sys/{pid}/{dn}/thing/} (protocols.md
 * A.7.5): property, event, pack and history posts (stored, then {@code …/reply}), the device's
 * {@code set_reply}, {@code get_reply} and {@code invoke_reply}, and desired get/delete. Replies are
 * {@code {"id","code","msg","data"}}, the id echoed verbatim, and go only to a subscribed device (A.6).
 */
final class OneNetThing {
  private static final Logger log = LoggerFactory.getLogger(OneNetThing.class);

  /** A request the platform cannot take (bad JSON, params, identifiers). */
  static final int BAD_REQUEST = 400;

  private static final String MSG = "msg";

  private final ThingRecorder recorder;
  private final DesiredProperties desired;
  private final PendingCommands pending;
  private final Clock clock;
  private final OneNetGateway gateway;

  /** @param gateway the gateways of this dialect, or null when it has none (sub-device entries refused) */
  OneNetThing(ThingModel model, PendingCommands pending, Clock clock, OneNetGateway gateway) {
    this.gateway = gateway;
    this.recorder = model.recorder();
    this.desired = model.desired();
    this.pending = pending;
    this.clock = clock;
  }

  /** @param path one of {@link OneNetTopics}' thing paths */
  CompletionStage<PublishResult> onPublish(DeviceIdentity device, String path, byte[] payload) {
    String topic = OneNetTopics.prefix(device.productId(), device.deviceName()) + path;
    if (path.endsWith("_reply")) {
      return done(deviceReply(device, topic, payload));
    }
    ThingRequest request = ThingRequest.parse(payload);
    long now = clock.millis();
    return switch (path) {
      case "thing/property/post" -> {
        PropertyPost post = request.isValid() ? PropertyPost.parse(request.params(), now) : null;
        yield store(device, topic, check(request, post == null ? null : post.problem()),
            () -> recorder.properties(device.key(), post.points()));
      }
      case "thing/event/post" -> {
        ThingEvent.Post post = request.isValid() ? ThingEvent.parseOneJson(request.params(), now) : null;
        yield store(device, topic, check(request, post == null ? null : post.problem()),
            () -> recorder.events(device.key(), post.events()));
      }
      case "thing/pack/post", "thing/history/post" -> batch(device, path, topic, request, now);
      default -> desired(device, topic, path.endsWith("/get"), request);
    };
  }

  /** A.7.5 desired get ({@code data.{k}={"value":…,"version":n}}) and delete; read off the event loop. */
  private CompletionStage<PublishResult> desired(DeviceIdentity device, String topic, boolean get, ThingRequest parsed) {
    DesiredRequest params = null;
    if (parsed.isValid()) {
      params = DesiredRequest.parse(get, parsed.params());
    }
    ThingRequest request = check(parsed, params == null ? null : params.problem());
    if (!request.isValid()) {
      return done(PublishResult.ack(reply(topic, ThingReply.error(request.idJson(), BAD_REQUEST, request.problem()))));
    }
    CompletableFuture<String> data = desired.replyData(device.key(), get, params);
    return data.handle(
        (json, error) -> {
          if (error != null) {
            log.warn("OneNET device {}: {} failed: {}", device, topic, error.toString());
            return PublishResult.disconnect(DisconnectReason.STORE_FAILURE);
          }
          return PublishResult.ack(reply(topic, ThingReply.success(request.idJson(), json)));
        });
  }

  /**
   * A.7.5 pack and history posts: entries of the gateway itself, and of its sub-devices, which must be
   * in its topology (checked off the event loop); each device's data is stored as its own.
   */
  private CompletionStage<PublishResult> batch(DeviceIdentity device, String path, String topic, ThingRequest request, long now) {
    if (!request.isValid()) {
      return store(device, topic, request, null);
    }
    JsonNode params = request.params();
    int max = gateway == null ? GatewayLimits.DEFAULTS.maxPackEntries() : gateway.limits().maxPackEntries();
    if (params != null && params.isArray() && params.size() > max
        && (gateway == null || !gateway.fits(device.key(), GatewayLimits.PACK_ENTRIES, params.size(), max))) {
      return store(device, topic, request.invalid("at most " + max + " entries"), null);
    }
    OneJsonBatch batch = path.startsWith("thing/pack/")
        ? OneJsonBatch.parsePack(params, device.productId(), device.deviceName(), now)
        : OneJsonBatch.parseHistory(params, device.productId(), device.deviceName(), now);
    ThingRequest checked = check(request, batch.problem());
    List<DeviceKey> subs = batch.isValid() ? batch.subDevices(device.key()) : List.of();
    if (subs.isEmpty()) {
      return store(device, topic, checked, () -> write(batch));
    }
    if (gateway == null) {
      return store(device, topic, request.invalid("entries of other devices need a gateway"), null);
    }
    return CompletableFuture.supplyAsync(() -> gateway.notInTopology(device.key(), subs), gateway.blocking())
        .thenCompose(
            problem -> {
              if (problem.isPresent()) {
                log.info("OneNET gateway {}: {} refused: {}", device, topic, problem.get());
                return done(PublishResult.ack(reply(topic, ThingReply.error(request.idJson(), OneNetGateway.NOT_SUB_DEVICE, problem.get()))));
              }
              return store(device, topic, checked, () -> write(batch));
            })
        .exceptionally(
            error -> {
              log.warn("OneNET gateway {}: {} failed: {}", device, topic, error.toString());
              return PublishResult.ack(reply(topic, ThingReply.error(request.idJson(), OneNetGateway.SYSTEM_ERROR, "system error")));
            });
  }

  /** Every device's points and events of the batch, under its own key. */
  private CompletableFuture<Void> write(OneJsonBatch batch) {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (OneJsonBatch.Part part : batch.parts()) {
      if (!part.points().isEmpty()) {
        writes.add(recorder.properties(part.device(), part.points()));
      }
      if (!part.events().isEmpty()) {
        writes.add(recorder.events(part.device(), part.events()));
      }
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  private static ThingRequest check(ThingRequest request, String problem) {
    return problem == null ? request : request.invalid(problem);
  }

  private CompletionStage<PublishResult> store(
      DeviceIdentity device, String topic, ThingRequest request, java.util.function.Supplier<CompletableFuture<Void>> write) {
    if (!request.isValid()) {
      log.debug("OneNET device {}: {} refused: {}", device, topic, request.problem());
      return done(PublishResult.ack(reply(topic, ThingReply.error(request.idJson(), BAD_REQUEST, request.problem()))));
    }
    return write.get().handle(
        (ok, error) -> {
          if (error != null) {
            log.warn("OneNET device {}: {} not stored: {}", device, topic, error.toString());
            return PublishResult.disconnect(DisconnectReason.STORE_FAILURE);
          }
          return PublishResult.ack(reply(topic, ThingReply.success(request.idJson(), "{}")));
        });
  }

  /** {@code set_reply}, {@code get_reply}, {@code invoke_reply}: to the waiting REST caller. */
  private PublishResult deviceReply(DeviceIdentity device, String topic, byte[] payload) {
    ThingReply reply = ThingReply.parse(payload);
    if (reply == null) {
      log.info("OneNET device {} sent a reply on {} that is not {{\"id\",\"code\",…}}: ignored", device, topic);
      return PublishResult.ack();
    }
    pending.complete(device.key(), ThingReply.idText(reply.idJson()), payload);
    return PublishResult.ack();
  }

  /** A.7.5: the reply topic is the request topic plus {@code /reply}. */
  private static OutboundMessage reply(String topic, ThingReply reply) {
    return OutboundMessage.reply(topic + "/reply", reply.encode(MSG));
  }

  private static CompletionStage<PublishResult> done(PublishResult result) {
    return CompletableFuture.completedFuture(result);
  }
}
