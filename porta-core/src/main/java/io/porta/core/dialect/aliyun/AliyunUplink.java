package io.porta.core.dialect.aliyun;

import static io.porta.core.dialect.aliyun.AliyunAuthenticator.utf8;

import io.porta.core.command.PendingCommands;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.InboundPublish;
import io.porta.core.dialect.PublishResult;
import io.porta.core.message.MessageLogWriter;
import io.porta.core.message.UplinkMessage;
import io.porta.core.model.DeviceKey;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.thing.ThingReply;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an Alibaba device publishes (protocols.md B.5–B.11): permission check (unauthorized →
 * acknowledged and dropped), RRPC answers, NTP, tags, firmware version, and the message log for
 * everything else. Runs on the event loop; repository writes go to the {@code blocking} executor.
 */
final class AliyunUplink {
  private static final Logger log = LoggerFactory.getLogger(AliyunUplink.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  static final String UNAUTHORIZED = "unauthorized_topic";
  static final int PARAM_ERROR = 460;

  private final AliyunTopics topics;
  private final AliyunThing thing;
  private final DeviceRepository devices;
  private final MessageLogWriter messages;
  private final PendingCommands pending;
  private final Executor blocking;
  private final AliyunLimits limits;
  private final Clock clock;
  private final AliyunShadow shadow;

  AliyunUplink(
      AliyunTopics topics,
      AliyunThing thing,
      DeviceRepository devices,
      MessageLogWriter messages,
      PendingCommands pending,
      Executor blocking,
      AliyunLimits limits,
      Clock clock,
      AliyunShadow shadow) {
    this.shadow = shadow;
    this.topics = topics;
    this.thing = thing;
    this.devices = devices;
    this.messages = messages;
    this.pending = pending;
    this.blocking = blocking;
    this.limits = limits;
    this.clock = clock;
  }

  CompletionStage<PublishResult> onPublish(DeviceIdentity device, InboundPublish publish) {
    if (publish.payload().length > limits.maxPayloadBytes()) {
      return done(PublishResult.disconnect(DisconnectReason.PACKET_TOO_LARGE));
    }
    String topic = publish.topic();
    if (!topics.mayPublish(device, topic)) {
      log.info("device {} published to {} without authorization: acknowledged and dropped", device, topic);
      return done(PublishResult.ackDropped(UNAUTHORIZED));
    }
    String own = device.productId() + "/" + device.deviceName();
    String sys = "/sys/" + own + "/";
    if (topic.startsWith(sys + "rrpc/response/")) {
      String id = topic.substring((sys + "rrpc/response/").length());
      if (!id.isEmpty() && id.indexOf('/') < 0) {
        pending.complete(device.key(), id, publish.payload());
        return done(PublishResult.ack());
      }
    }
    String rrpcId = AliyunTopics.rrpcId(topic);
    if (rrpcId != null) {
      pending.complete(device.key(), rrpcId, publish.payload());
      return done(PublishResult.ack());
    }
    if (AliyunShadow.isUpdateTopic(device, topic)) {
      return shadow.onPublish(device, publish.payload());
    }
    if (topic.equals("/ext/ntp/" + own + "/request")) {
      return done(ntp(own, publish.payload()));
    }
    if (topic.startsWith(sys + "thing/")) {
      CompletionStage<PublishResult> handled =
          thing.onPublish(device, topic, topic.substring(sys.length()), publish.payload());
      if (handled != null) {
        return handled;
      }
    }
    if (topic.equals(sys + "thing/deviceinfo/update")) {
      return tags(device.key(), topic, publish.payload(), true);
    }
    if (topic.equals(sys + "thing/deviceinfo/delete")) {
      return tags(device.key(), topic, publish.payload(), false);
    }
    if (topic.equals("/ota/device/inform/" + own)) {
      return firmware(device.key(), publish.payload());
    }
    return store(device.key(), topic, publish.payload());
  }

  /** B.10: echo deviceSendTime, add the server's receive and send times (ms, as strings). */
  private PublishResult ntp(String own, byte[] payload) {
    long received = clock.millis();
    String deviceSendTime = "";
    try {
      JsonNode node = JSON.readTree(payload).get("deviceSendTime");
      if (node != null && (node.isString() || node.isNumber())) {
        deviceSendTime = node.asString();
      }
    } catch (JacksonException e) {
      // answer anyway: the device still gets the server's times
    }
    String body =
        "{\"deviceSendTime\":" + AliyunAuthenticator.json(deviceSendTime) + ",\"serverRecvTime\":\""
            + received + "\",\"serverSendTime\":\"" + clock.millis() + "\"}";
    return PublishResult.ack(OutboundMessage.reply("/ext/ntp/" + own + "/response", utf8(body)));
  }

  /** B.6.2 tags: params = [{attrKey, attrValue}] (update) or [{attrKey}] (delete); reply on {@code _reply}. */
  private CompletionStage<PublishResult> tags(DeviceKey key, String topic, byte[] payload, boolean update) {
    String replyTopic = topic + "_reply";
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (JacksonException e) {
      return done(PublishResult.ack(reply(replyTopic, "\"\"", PARAM_ERROR, "request parameter error: invalid JSON")));
    }
    String id = idOf(root);
    JsonNode params = root == null ? null : root.get("params");
    Map<String, String> tags = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>();
    String problem = null;
    if (params == null || !params.isArray() || params.isEmpty()) {
      problem = "params must be a non-empty array";
    } else {
      for (JsonNode item : params) {
        JsonNode k = item.get("attrKey");
        JsonNode v = item.get("attrValue");
        if (k == null || !k.isString() || k.asString().isEmpty()) {
          problem = "attrKey missing";
          break;
        }
        if (update) {
          if (v == null || !(v.isString() || v.isNumber() || v.isBoolean())) {
            problem = "attrValue missing for " + k.asString();
            break;
          }
          tags.put(k.asString(), v.asString());
        } else {
          keys.add(k.asString());
        }
      }
    }
    if (problem != null) {
      return done(PublishResult.ack(reply(replyTopic, id, PARAM_ERROR, "request parameter error: " + problem)));
    }
    OutboundMessage ok = reply(replyTopic, id, 200, "success");
    return CompletableFuture.supplyAsync(
            () -> update ? devices.mergeTags(key, tags) : devices.removeTags(key, keys), blocking)
        .handle(
            (stored, error) -> {
              if (error != null) {
                log.warn("tags of {} could not be stored", key, error);
                return PublishResult.disconnect(DisconnectReason.STORE_FAILURE);
              }
              return PublishResult.ack(ok);
            });
  }

  /** B.6.2 OTA: {@code {"id":…,"params":{"version":"…"}}} records the firmware version. */
  private CompletionStage<PublishResult> firmware(DeviceKey key, byte[] payload) {
    String version = null;
    try {
      JsonNode root = JSON.readTree(payload);
      JsonNode params = root == null ? null : root.get("params");
      JsonNode v = params == null ? null : params.get("version");
      if (v != null && v.isString() && !v.asString().isEmpty()) {
        version = v.asString();
      }
    } catch (JacksonException e) {
      // fall through: nothing to record
    }
    if (version == null) {
      log.info("device {} sent an OTA inform without params.version: acknowledged, ignored", key);
      return done(PublishResult.ack());
    }
    String v = version;
    return CompletableFuture.supplyAsync(() -> devices.setFirmwareVersion(key, v), blocking)
        .handle(
            (stored, error) -> {
              if (error != null) {
                log.warn("firmware version of {} could not be stored", key, error);
                return PublishResult.disconnect(DisconnectReason.STORE_FAILURE);
              }
              return PublishResult.ack();
            });
  }

  /** Everything else the device may publish goes to its message log; acknowledged once committed. */
  private CompletionStage<PublishResult> store(DeviceKey key, String topic, byte[] payload) {
    CompletableFuture<Void> commit;
    try {
      commit = messages.append(key, new UplinkMessage(topic, clock.millis(), payload));
    } catch (RuntimeException e) {
      log.warn("message of {} on {} could not be queued", key, topic, e);
      return done(PublishResult.disconnect(DisconnectReason.STORE_FAILURE));
    }
    return commit.handle(
        (ok, error) -> {
          if (error != null) {
            log.warn("message of {} on {} could not be stored", key, topic, error);
            return PublishResult.disconnect(DisconnectReason.STORE_FAILURE);
          }
          return PublishResult.ack();
        });
  }

  /** Alink reply: the request id echoed verbatim, always code, message and data (design.md). */
  private static OutboundMessage reply(String topic, String idJson, int code, String message) {
    return OutboundMessage.reply(topic, new ThingReply(idJson, code, message, "{}").encode("message"));
  }

  /** The request's id as JSON text, exactly as sent ("" when absent). */
  private static String idOf(JsonNode root) {
    JsonNode id = root == null ? null : root.get("id");
    return id == null || id.isMissingNode() ? "\"\"" : id.toString();
  }

  private static CompletionStage<PublishResult> done(PublishResult result) {
    return CompletableFuture.completedFuture(result);
  }
}
