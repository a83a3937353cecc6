package io.porta.core.dialect.onenet;

import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.PublishResult;
import io.porta.core.session.OutboundMessage;
import io.porta.core.shadow.ShadowChange;
import io.porta.core.shadow.ShadowDocument;
import io.porta.core.shadow.ShadowLimits;
import io.porta.core.shadow.ShadowRejection;
import io.porta.core.shadow.ShadowService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OneNET device image (protocols.md A.7.3): {@code image/update} with {@code accepted},
 * {@code rejected} and {@code delta} answers, {@code image/get} with {@code accepted}/{@code rejected}.
 * The document itself lives in the shared {@link ShadowService}.
 */
final class OneNetImage {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static final int ILLEGAL_DATA = 98;
  static final int INTERNAL_ERROR = 100;
  static final int ILLEGAL_JSON = 160;
  static final int JSON_OUT_OF_BOUND = 161;
  static final int JSON_DEPTH_OUT_OF_BOUND = 162;
  static final int STATE_KEY_NOT_FOUND = 163;
  static final int DESIRED_OR_REPORTED_NOT_FOUND = 164;
  static final int INVALID_PARAMETERS = 165;

  private final ShadowService shadows;

  OneNetImage(ShadowService shadows) {
    this.shadows = shadows;
  }

  /** {@code image/update}: {@code {"state":{"desired":{…},"reported":{…}}}}, at least one of the two. */
  CompletionStage<PublishResult> update(DeviceIdentity device, byte[] payload) {
    if (payload.length > ShadowLimits.ONENET.maxDocumentBytes()) {
      return done(rejected(device, "update", JSON_OUT_OF_BOUND, "json out of bound"));
    }
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (JacksonException e) {
      return done(rejected(device, "update", ILLEGAL_JSON, "illegal json"));
    }
    if (root == null || !root.isObject() || !root.has("state")) {
      return done(rejected(device, "update", STATE_KEY_NOT_FOUND, "state key not found"));
    }
    JsonNode state = root.get("state");
    JsonNode desired = state.get("desired");
    JsonNode reported = state.get("reported");
    if (!state.isObject() || (desired == null && reported == null)) {
      return done(rejected(device, "update", DESIRED_OR_REPORTED_NOT_FOUND, "desired or reported key not found"));
    }
    if ((desired != null && !desired.isObject()) || (reported != null && !reported.isObject())) {
      return done(rejected(device, "update", INVALID_PARAMETERS, "invalid parameters"));
    }
    ShadowChange change =
        new ShadowChange((ObjectNode) desired, false, (ObjectNode) reported, false, null, null);
    return shadows
        .changeLater(device.key(), change, ShadowLimits.ONENET)
        .thenApply(
            outcome -> {
              if (!outcome.applied()) {
                return PublishResult.ackThen(List.of(rejected(device, "update", code(outcome.rejection()), outcome.rejection().name().toLowerCase())));
              }
              List<OutboundMessage> replies = new ArrayList<>();
              replies.add(reply(device, "update/accepted", versionOnly(outcome.document())));
              OutboundMessage delta = delta(device, outcome.document());
              if (delta != null) {
                replies.add(delta);
              }
              return PublishResult.ackThen(replies);
            });
  }

  /** {@code image/get}: an empty payload, answered with the whole image. */
  CompletionStage<PublishResult> get(DeviceIdentity device, byte[] payload) {
    if (payload.length > 0) {
      return done(rejected(device, "get", ILLEGAL_DATA, "illegal data"));
    }
    return shadows
        .getLater(device.key())
        .handle(
            (doc, error) ->
                error != null
                    ? PublishResult.ackThen(List.of(rejected(device, "get", INTERNAL_ERROR, "internal error")))
                    : PublishResult.ack(reply(device, "get/accepted", doc.toJson(true))));
  }

  /**
   * {@code image/update/delta}: the desired attributes the device has not reported yet, with their
   * metadata, the version and a timestamp (seconds); null when there is no difference.
   */
  static OutboundMessage delta(DeviceIdentity device, ShadowDocument doc) {
    ObjectNode diff = doc.delta();
    if (diff.isEmpty()) {
      return null;
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("state", diff);
    out.set("metadata", doc.desiredMetadata(diff.propertyNames(), true));
    out.put("version", doc.version());
    out.put("timestamp", doc.timestampMs() / 1000);
    return reply(device, "update/delta", out);
  }

  private static ObjectNode versionOnly(ShadowDocument doc) {
    ObjectNode out = JSON.createObjectNode();
    out.put("version", doc.version());
    out.put("timestamp", doc.timestampMs() / 1000);
    return out;
  }

  static int code(ShadowRejection r) {
    return switch (r) {
      case TOO_LARGE, TOO_MANY_ATTRIBUTES -> JSON_OUT_OF_BOUND;
      case TOO_DEEP -> JSON_DEPTH_OUT_OF_BOUND;
      case INVALID_ATTRIBUTE, VERSION_CONFLICT -> INVALID_PARAMETERS;
      case STORE_FAILURE -> INTERNAL_ERROR;
    };
  }

  private static OutboundMessage rejected(DeviceIdentity device, String op, int code, String message) {
    ObjectNode out = JSON.createObjectNode();
    out.put("err_code", code);
    out.put("err_msg", message);
    return reply(device, op + "/rejected", out);
  }

  private static OutboundMessage reply(DeviceIdentity device, String suffix, ObjectNode body) {
    return OutboundMessage.reply(
        OneNetTopics.prefix(device.productId(), device.deviceName()) + "image/" + suffix,
        body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static CompletionStage<PublishResult> done(OutboundMessage reply) {
    return CompletableFuture.completedFuture(PublishResult.ack(reply));
  }
}
