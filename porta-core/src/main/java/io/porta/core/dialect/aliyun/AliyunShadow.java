package io.porta.core.dialect.aliyun;

import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.PublishResult;
import io.porta.core.session.OutboundMessage;
import io.porta.core.shadow.ShadowChange;
import io.porta.core.shadow.ShadowDocument;
import io.porta.core.shadow.ShadowLimits;
import io.porta.core.shadow.ShadowRejection;
import io.porta.core.shadow.ShadowService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Alibaba device shadow (protocols.md B.11): the device publishes {@code update}, {@code get} and
 * {@code delete} on {@code /shadow/update/{pk}/{dn}} and hears {@code reply} (and {@code control} when
 * an application changes {@code desired}) on {@code /shadow/get/{pk}/{dn}}. The {@code clientToken} is
 * echoed verbatim; timestamps are seconds, as in the SDKs.
 */
final class AliyunShadow {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static final int INVALID_JSON = 400;
  static final int METHOD_MISSING = 401;
  static final int STATE_MISSING = 402;
  static final int VERSION_INVALID = 403;
  static final int REPORTED_MISSING = 404;
  static final int REPORTED_EMPTY = 405;
  static final int METHOD_INVALID = 406;
  static final int TOO_MANY_ATTRIBUTES = 408;
  static final int SERVER_FAILURE = 500;

  private final ShadowService shadows;
  private final Clock clock;

  AliyunShadow(ShadowService shadows, Clock clock) {
    this.shadows = shadows;
    this.clock = clock;
  }

  static boolean isUpdateTopic(DeviceIdentity device, String topic) {
    return topic.equals("/shadow/update/" + device.productId() + "/" + device.deviceName());
  }

  CompletionStage<PublishResult> onPublish(DeviceIdentity device, byte[] payload) {
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (JacksonException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      return done(error(device, null, INVALID_JSON, "invalid json"));
    }
    JsonNode token = root.get("clientToken");
    JsonNode method = root.get("method");
    if (method == null || !method.isString()) {
      return done(error(device, token, METHOD_MISSING, "method missing"));
    }
    return switch (method.asString()) {
      case "get" -> shadows.getLater(device.key()).handle((doc, failure) -> failure != null
          ? PublishResult.ack(error(device, token, SERVER_FAILURE, "server failure"))
          : PublishResult.ack(reply(device, token, document(doc))));
      case "update" -> update(device, root, token, false);
      case "delete" -> update(device, root, token, true);
      default -> done(error(device, token, METHOD_INVALID, "method invalid"));
    };
  }

  /**
   * {@code update}: {@code state.reported} attributes set (null removes), {@code state.desired} set,
   * or cleared with the string {@code "null"} once the device acted on it. {@code delete}: reported
   * attributes named with null values removed, or all with {@code "reported":"null"}.
   */
  private CompletionStage<PublishResult> update(DeviceIdentity device, JsonNode root, JsonNode token, boolean delete) {
    JsonNode state = root.get("state");
    if (state == null || !state.isObject()) {
      return done(error(device, token, STATE_MISSING, "state missing"));
    }
    JsonNode reported = state.get("reported");
    JsonNode desired = state.get("desired");
    boolean clearReported = reported != null && "null".equals(reported.asString(""));
    boolean clearDesired = desired != null && "null".equals(desired.asString(""));
    if (delete) {
      if (reported == null) {
        return done(error(device, token, REPORTED_MISSING, "reported missing"));
      }
      if (!clearReported && !reported.isObject()) {
        return done(error(device, token, REPORTED_EMPTY, "reported attribute empty"));
      }
      if (!clearReported) {
        // delete names attributes to remove, whatever values they carry
        ObjectNode removals = JSON.createObjectNode();
        reported.propertyNames().forEach(removals::putNull);
        reported = removals;
      }
    } else {
      if (reported == null && desired == null) {
        return done(error(device, token, REPORTED_MISSING, "reported missing"));
      }
      if ((reported != null && !clearReported && !reported.isObject())
          || (desired != null && !clearDesired && !desired.isObject())) {
        return done(error(device, token, REPORTED_EMPTY, "reported attribute empty"));
      }
      if (reported != null && reported.isObject() && reported.isEmpty() && desired == null) {
        return done(error(device, token, REPORTED_EMPTY, "reported attribute empty"));
      }
    }
    JsonNode version = root.get("version");
    if (version != null && !version.canConvertToLong()) {
      return done(error(device, token, VERSION_INVALID, "version invalid"));
    }
    ShadowChange change =
        new ShadowChange(
            clearDesired ? null : (ObjectNode) desired,
            clearDesired,
            clearReported ? null : (ObjectNode) reported,
            clearReported,
            version == null ? null : version.asLong(),
            null);
    return shadows
        .changeLater(device.key(), change, ShadowLimits.ALIYUN)
        .thenApply(
            outcome -> {
              if (outcome.applied()) {
                ObjectNode payload = JSON.createObjectNode();
                payload.put("status", "success");
                payload.put("version", outcome.document().version());
                return PublishResult.ack(reply(device, token, payload));
              }
              return PublishResult.ack(error(device, token, code(outcome.rejection()), outcome.rejection().name().toLowerCase()));
            });
  }

  /** {@code control}: an application changed {@code desired}; the device gets the whole document. */
  OutboundMessage control(DeviceIdentity device, ShadowDocument doc) {
    ObjectNode out = JSON.createObjectNode();
    out.put("method", "control");
    out.set("payload", document(doc));
    out.put("version", doc.version());
    out.put("timestamp", clock.millis() / 1000);
    return message(device, out);
  }

  static int code(ShadowRejection r) {
    return switch (r) {
      case VERSION_CONFLICT -> VERSION_INVALID;
      case TOO_MANY_ATTRIBUTES, TOO_LARGE -> TOO_MANY_ATTRIBUTES;
      case TOO_DEEP, INVALID_ATTRIBUTE -> REPORTED_EMPTY;
      case STORE_FAILURE -> SERVER_FAILURE;
    };
  }

  private static ObjectNode document(ShadowDocument doc) {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("status", "success");
    ObjectNode full = doc.toJson(true);
    payload.set("state", full.get("state"));
    payload.set("metadata", full.get("metadata"));
    payload.put("version", doc.version());
    return payload;
  }

  private OutboundMessage reply(DeviceIdentity device, JsonNode token, ObjectNode payload) {
    ObjectNode out = JSON.createObjectNode();
    out.put("method", "reply");
    if (token != null) {
      out.set("clientToken", token);
    }
    out.set("payload", payload);
    out.put("timestamp", clock.millis() / 1000);
    return message(device, out);
  }

  private OutboundMessage error(DeviceIdentity device, JsonNode token, int code, String message) {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("status", "error");
    ObjectNode content = payload.putObject("content");
    content.put("errorcode", Integer.toString(code));
    content.put("errormessage", message);
    return reply(device, token, payload);
  }

  private static OutboundMessage message(DeviceIdentity device, ObjectNode body) {
    return OutboundMessage.reply(
        "/shadow/get/" + device.productId() + "/" + device.deviceName(),
        body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static CompletionStage<PublishResult> done(OutboundMessage reply) {
    return CompletableFuture.completedFuture(PublishResult.ack(reply));
  }
}
