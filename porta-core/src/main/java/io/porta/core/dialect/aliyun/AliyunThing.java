package io.porta.core.dialect.aliyun;

import io.porta.core.command.PendingCommands;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.PublishResult;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.thing.DesiredProperties;
import io.porta.core.thing.DesiredRequest;
import io.porta.core.thing.PropertyPost;
import io.porta.core.thing.ThingEvent;
import io.porta.core.thing.ThingModel;
import io.porta.core.thing.ThingRecorder;
import io.porta.core.thing.ThingReply;
import io.porta.core.thing.ThingRequest;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Alink thing model a device publishes under {@code /sys/{pk}/{dn}/thing/} (protocols.md B.6):
 * property and event posts (stored, then {@code _reply}), the device's replies to property set/get
 * and async services, and desired-property get/delete. Every reply echoes the request id verbatim and
 * carries code, message and data (design.md); {@code "sys":{"ack":0}} suppresses it.
 */
final class AliyunThing {
  private static final Logger log = LoggerFactory.getLogger(AliyunThing.class);

  /** B.6.3: request parameter error. */
  static final int PARAM_ERROR = 460;

  static final String PROPERTY_POST = "thing/event/property/post";
  private static final String EVENT = "thing/event/";
  private static final String SERVICE = "thing/service/";
  private static final String DESIRED_GET = "thing/property/desired/get";
  private static final String DESIRED_DELETE = "thing/property/desired/delete";

  private final ThingRecorder recorder;
  private final DesiredProperties desired;
  private final PendingCommands pending;
  private final Clock clock;

  AliyunThing(ThingModel model, PendingCommands pending, Clock clock) {
    this.recorder = model.recorder();
    this.desired = model.desired();
    this.pending = pending;
    this.clock = clock;
  }

  /**
   * Handles a PUBLISH to {@code /sys/{pk}/{dn}/} + {@code path}.
   *
   * @return the result, or null when the path is not a thing-model request this class handles (the
   *     message log keeps it)
   */
  CompletionStage<PublishResult> onPublish(DeviceIdentity device, String topic, String path, byte[] payload) {
    if (path.equals(PROPERTY_POST)) {
      return propertyPost(device, topic, payload);
    }
    if (path.startsWith(EVENT) && path.endsWith("/post")) {
      String identifier = path.substring(EVENT.length(), path.length() - "/post".length());
      if (identifier.indexOf('/') < 0) {
        return eventPost(device, topic, identifier, payload);
      }
    }
    if ((path.startsWith(SERVICE) && path.endsWith("_reply") && path.indexOf('/', SERVICE.length()) < 0)
        || path.equals(SERVICE + "property/set_reply")
        || path.equals(SERVICE + "property/get_reply")) {
      return done(deviceReply(device, topic, payload));
    }
    if (path.equals(DESIRED_GET) || path.equals(DESIRED_DELETE)) {
      return desired(device, topic, path.equals(DESIRED_GET), payload);
    }
    return null;
  }

  /** B.6.2: properties become data points with their {@code time}; the reply follows once stored. */
  private CompletionStage<PublishResult> propertyPost(DeviceIdentity device, String topic, byte[] payload) {
    ThingRequest request = ThingRequest.parse(payload);
    PropertyPost post = request.isValid() ? PropertyPost.parse(request.params(), clock.millis()) : null;
    if (post != null && !post.isValid()) {
      request = request.invalid(post.problem());
    }
    if (!request.isValid()) {
      return done(refused(device, topic, request));
    }
    ThingRequest accepted = request;
    return after(device, recorder.properties(device.key(), post.points()), topic, accepted);
  }

  /** B.6.2: {@code thing/event/{id}/post} becomes a device event ({@code …/events?type=event}). */
  private CompletionStage<PublishResult> eventPost(
      DeviceIdentity device, String topic, String identifier, byte[] payload) {
    ThingRequest request = ThingRequest.parse(payload);
    ThingEvent.Post post = request.isValid() ? ThingEvent.parseAlink(identifier, request.params(), clock.millis()) : null;
    if (post != null && !post.isValid()) {
      request = request.invalid(post.problem());
    }
    if (!request.isValid()) {
      return done(refused(device, topic, request));
    }
    return after(device, recorder.events(device.key(), post.events()), topic, request);
  }

  /** A reply to a property set/get or an async service call goes to the waiting REST caller. */
  private PublishResult deviceReply(DeviceIdentity device, String topic, byte[] payload) {
    ThingReply reply = ThingReply.parse(payload);
    if (reply == null) {
      log.info("device {} sent a reply on {} that is not {{\"id\",\"code\",…}}: ignored", device, topic);
      return PublishResult.ack();
    }
    pending.complete(device.key(), ThingReply.idText(reply.idJson()), payload);
    return PublishResult.ack();
  }

  /**
   * B.6.2 desired properties: get answers {@code {"Power":{"value":…,"version":n}}} for the identifiers
   * asked (all when none); delete removes them (by version when given). Read off the event loop.
   */
  private CompletionStage<PublishResult> desired(DeviceIdentity device, String topic, boolean get, byte[] payload) {
    ThingRequest parsed = ThingRequest.parse(payload);
    DesiredRequest params = null;
    if (parsed.isValid()) {
      params = DesiredRequest.parse(get, parsed.params());
      if (!params.isValid()) {
        parsed = parsed.invalid(params.problem());
      }
    }
    ThingRequest request = parsed;
    if (!request.isValid()) {
      return done(refused(device, topic, request));
    }
    CompletableFuture<String> data = desired.replyData(device.key(), get, params);
    return data.handle(
        (json, error) -> {
          if (error != null) {
            log.warn("device {}: {} failed: {}", device, topic, error.toString());
            return PublishResult.disconnect(DisconnectReason.STORE_FAILURE);
          }
          if (!request.replyWanted()) {
            return PublishResult.ack();
          }
          return PublishResult.ack(
              OutboundMessage.reply(topic + "_reply", ThingReply.success(request.idJson(), json).encode("message")));
        });
  }

  private CompletionStage<PublishResult> after(
      DeviceIdentity device, CompletableFuture<Void> stored, String topic, ThingRequest request) {
    return stored.handle(
        (ok, error) -> {
          if (error != null) {
            log.warn("device {}: {} not stored: {}", device, topic, error.toString());
            return PublishResult.disconnect(DisconnectReason.STORE_FAILURE);
          }
          if (!request.replyWanted()) {
            return PublishResult.ack();
          }
          return PublishResult.ack(
              OutboundMessage.reply(topic + "_reply", ThingReply.success(request.idJson(), "{}").encode("message")));
        });
  }

  private static PublishResult refused(DeviceIdentity device, String topic, ThingRequest request) {
    log.debug("device {}: {} refused: {}", device, topic, request.problem());
    if (!request.replyWanted()) {
      return PublishResult.ack();
    }
    ThingReply reply = ThingReply.error(request.idJson(), PARAM_ERROR, "request parameter error: " + request.problem());
    return PublishResult.ack(OutboundMessage.reply(topic + "_reply", reply.encode("message")));
  }

  private static CompletionStage<PublishResult> done(PublishResult result) {
    return CompletableFuture.completedFuture(result);
  }
}
