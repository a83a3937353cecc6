package io.porta.core.dialect.aliyun;

import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.PublishResult;
import io.porta.core.gateway.Gateways;
import io.porta.core.gateway.GatewayLimits;
import io.porta.core.gateway.SubDeviceSessions;
import io.porta.core.gateway.TopologyNotice;
import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.thing.ThingRequests;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gateways and sub-devices (protocols.md B.9): topology ({@code thing/topo/add|delete|get}, each
 * sub-device proven by a signature with its own secret) and sessions ({@code /ext/session/…/combine/
 * login|logout} and their batch forms). A sub-device logs in only if it is in the gateway's topology
 * and signs with its own secret, so a gateway never gains access to devices that are not its own.
 */
final class AliyunGateway {
  private static final Logger log = LoggerFactory.getLogger(AliyunGateway.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static final int PARAM_ERROR = 460;
  static final int DEVICE_NOT_FOUND = 6100;
  static final int SYSTEM_ERROR = 6760;
  /** Sub-device signature wrong (64xx: Alibaba's gateway range, exact codes not published). */
  static final int SIGN_INVALID = 6401;
  /** Not a sub-device of this gateway. */
  static final int NOT_IN_TOPOLOGY = 6402;
  /** The gateway has its maximum of sub-devices online. */
  static final int TOO_MANY_SUB_DEVICES = 6403;
  /** {@code thing/topo/change} status: the listed sub-devices left the topology (0 would be added). */
  static final int TOPOLOGY_DELETED = 1;

  private final DeviceRepository devices;
  private final Gateways gateways;
  private final Executor blocking;
  private final Clock clock;
  private final AliyunSubRegistration registration;
  private final AliyunDialect dialect;
  private final ThingRequests ids = new ThingRequests();

  AliyunGateway(DeviceRepository devices, Gateways gateways, Executor blocking, Clock clock, AliyunDialect dialect) {
    this.registration = new AliyunSubRegistration(devices, gateways, clock);
    this.dialect = dialect;
    this.devices = devices;
    this.gateways = gateways;
    this.blocking = blocking;
    this.clock = clock;
  }

  /** The request this topic carries, or null when it is not a gateway topic of this device. */
  static String operation(DeviceIdentity gateway, String topic) {
    String own = gateway.productId() + "/" + gateway.deviceName();
    String sys = "/sys/" + own + "/thing/topo/";
    if (topic.startsWith(sys)) {
      String op = topic.substring(sys.length());
      return op.equals("add") || op.equals("delete") || op.equals("get") || op.equals("change_reply") ? "topo/" + op : null;
    }
    if (topic.equals("/sys/" + own + "/thing/sub/register")) {
      return "sub/register";
    }
    String session = "/ext/session/" + own + "/combine/";
    if (topic.startsWith(session)) {
      String op = topic.substring(session.length());
      return op.equals("login") || op.equals("logout") || op.equals("batch_login") || op.equals("batch_logout")
          ? "combine/" + op
          : null;
    }
    return null;
  }

  CompletionStage<PublishResult> onPublish(DeviceLink gateway, String topic, String operation, byte[] payload) {
    if (operation.equals("topo/change_reply")) {
      return CompletableFuture.completedFuture(PublishResult.ack()); // the gateway took our notice
    }
    String replyTopic = topic + "_reply";
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (JacksonException e) {
      return done(reply(replyTopic, null, PARAM_ERROR, "request parameter error: invalid JSON", null));
    }
    if (root == null || !root.isObject()) {
      return done(reply(replyTopic, null, PARAM_ERROR, "request parameter error: not an object", null));
    }
    JsonNode id = root.get("id");
    JsonNode params = root.get("params");
    return CompletableFuture.supplyAsync(
            () ->
                switch (operation) {
                  case "topo/add" -> topoAdd(gateway, params);
                  case "topo/delete" -> topoDelete(gateway, params);
                  case "topo/get" -> topoGet(gateway);
                  case "sub/register" -> registration.register(gateway, params);
                  case "combine/login" -> login(gateway, params);
                  case "combine/batch_login" -> batchLogin(gateway, params);
                  case "combine/logout" -> logout(gateway, params);
                  default -> batchLogout(gateway, params);
                },
            blocking)
        .handle(
            (result, error) -> {
              if (error != null) {
                log.warn("gateway {}: {} failed: {}", gateway.identity(), operation, error.toString());
                return PublishResult.ack(reply(replyTopic, id, SYSTEM_ERROR, "system error", null));
              }
              return PublishResult.ack(reply(replyTopic, id, result.code(), result.message(), result.data()));
            });
  }

  /** What one request came to: the reply's code, message and data. */
  record Result(int code, String message, JsonNode data) {
    static Result ok(JsonNode data) {
      return new Result(200, "success", data);
    }

    static Result error(int code, String message) {
      return new Result(code, message, null);
    }
  }

  /** params: [{productKey, deviceName, clientId, timestamp, signmethod, sign}], all or nothing. */
  private Result topoAdd(DeviceLink gateway, JsonNode params) {
    if (params == null || !params.isArray() || params.isEmpty()) {
      return Result.error(PARAM_ERROR, "request parameter error: params must be a non-empty array");
    }
    Result tooMany = overLimit(gateway, GatewayLimits.TOPOLOGY_BATCH, params.size(), gateways.limits().maxTopologyBatch());
    if (tooMany != null) {
      return tooMany;
    }
    List<DeviceKey> proven = new ArrayList<>();
    for (JsonNode item : params) {
      Optional<Result> problem = checkSigned(gateway, item, signMethod(item, null), false);
      if (problem.isPresent()) {
        return problem.get();
      }
      proven.add(key(item));
    }
    ArrayNode data = JSON.createArrayNode();
    DeviceKey gw = gateway.identity().key();
    for (DeviceKey sub : proven) {
      Optional<DeviceKey> previous = gateways.topology().gatewayOf(sub);
      gateways.topology().bind(gw, sub, clock.millis());
      // The sub-device moved: its old gateway learns it lost it.
      previous
          .filter(old -> !old.equals(gw))
          .ifPresent(old -> TopologyNotice.send(gateways.sessions(), gateways.topology(), dialect, old, List.of(sub)));
      data.add(keyJson(sub));
    }
    return Result.ok(data);
  }

  /** params: [{productKey, deviceName}]; a sub-device online through the gateway goes offline. */
  private Result topoDelete(DeviceLink gateway, JsonNode params) {
    if (params == null || !params.isArray() || params.isEmpty()) {
      return Result.error(PARAM_ERROR, "request parameter error: params must be a non-empty array");
    }
    Result tooMany = overLimit(gateway, GatewayLimits.TOPOLOGY_BATCH, params.size(), gateways.limits().maxTopologyBatch());
    if (tooMany != null) {
      return tooMany;
    }
    ArrayNode data = JSON.createArrayNode();
    DeviceKey gw = gateway.identity().key();
    for (JsonNode item : params) {
      DeviceKey sub = key(item);
      if (sub == null) {
        return Result.error(PARAM_ERROR, "request parameter error: productKey and deviceName");
      }
      if (!gateways.topology().unbind(gw, sub)) {
        return Result.error(NOT_IN_TOPOLOGY, "not a sub-device of this gateway: " + sub);
      }
      gateways.sessions().logout(gw, sub, DisconnectReason.DEVICE_DELETED);
      data.add(keyJson(sub));
    }
    return Result.ok(data);
  }

  private Result topoGet(DeviceLink gateway) {
    ArrayNode data = JSON.createArrayNode();
    gateways.topology().subDevices(gateway.identity().key()).forEach(k -> data.add(keyJson(k)));
    return Result.ok(data);
  }

  /** params: {productKey, deviceName, clientId, timestamp, signMethod, sign, cleanSession}. */
  private Result login(DeviceLink gateway, JsonNode params) {
    if (params == null || !params.isObject()) {
      return Result.error(PARAM_ERROR, "request parameter error: params must be an object");
    }
    return loginOne(gateway, params, signMethod(params, null));
  }

  /** params: {signMethod, deviceList:[{productKey, deviceName, clientId, timestamp, sign, cleanSession}]}. */
  private Result batchLogin(DeviceLink gateway, JsonNode params) {
    JsonNode list = params == null ? null : params.get("deviceList");
    if (list == null || !list.isArray() || list.isEmpty()) {
      return Result.error(PARAM_ERROR, "request parameter error: deviceList of sub-devices");
    }
    Result tooMany = overLimit(gateway, GatewayLimits.LOGIN_BATCH, list.size(), gateways.limits().maxLoginBatch());
    if (tooMany != null) {
      return tooMany;
    }
    ArrayNode data = JSON.createArrayNode();
    for (JsonNode item : list) {
      Result r = loginOne(gateway, item, signMethod(item, signMethod(params, null)));
      if (r.code() != 200) {
        return r;
      }
      data.add(r.data());
    }
    return Result.ok(data);
  }

  private Result loginOne(DeviceLink gateway, JsonNode item, String signMethod) {
    Optional<Result> problem = checkSigned(gateway, item, signMethod, true);
    if (problem.isPresent()) {
      return problem.get();
    }
    DeviceKey sub = key(item);
    Optional<Product> product = gateways.products().find(sub.productId());
    if (product.isEmpty()) {
      return Result.error(DEVICE_NOT_FOUND, "device not found");
    }
    SubDeviceSessions.Login login = gateways.sessions().login(gateway, new DeviceIdentity(product.get(), sub.deviceName()));
    if (login == SubDeviceSessions.Login.TOO_MANY) {
      return Result.error(TOO_MANY_SUB_DEVICES, "too many sub-devices online through this gateway");
    }
    return Result.ok(keyJson(sub));
  }

  private Result logout(DeviceLink gateway, JsonNode params) {
    DeviceKey sub = params == null ? null : key(params);
    if (sub == null) {
      return Result.error(PARAM_ERROR, "request parameter error: productKey and deviceName");
    }
    gateways.sessions().logout(gateway.identity().key(), sub, DisconnectReason.CLIENT_DISCONNECT);
    return Result.ok(keyJson(sub));
  }

  private Result batchLogout(DeviceLink gateway, JsonNode params) {
    JsonNode list = params == null ? null : (params.isArray() ? params : params.get("deviceList"));
    if (list == null || !list.isArray() || list.isEmpty()) {
      return Result.error(PARAM_ERROR, "request parameter error: a list of sub-devices");
    }
    Result tooMany = overLimit(gateway, GatewayLimits.LOGIN_BATCH, list.size(), gateways.limits().maxLoginBatch());
    if (tooMany != null) {
      return tooMany;
    }
    ArrayNode data = JSON.createArrayNode();
    for (JsonNode item : list) {
      Result r = logout(gateway, item);
      if (r.code() != 200) {
        return r;
      }
      data.add(r.data());
    }
    return Result.ok(data);
  }

  /** A request over one of the gateway limits: refused with 460, counted; null when it fits. */
  private Result overLimit(DeviceLink gateway, String limit, int size, int max) {
    return gateways.fits(gateway.identity().key(), limit, size, max)
        ? null
        : Result.error(PARAM_ERROR, "request parameter error: at most " + max + " sub-devices per request");
  }

  /** {@code thing/topo/change} (B.9): {@code {"status":1,"subList":[…]}} names the sub-devices removed. */
  OutboundMessage topologyChange(DeviceIdentity gateway, List<DeviceKey> removed) {
    ObjectNode params = JSON.createObjectNode();
    params.put("status", TOPOLOGY_DELETED);
    ArrayNode list = params.putArray("subList");
    removed.forEach(k -> list.add(keyJson(k)));
    String topic = "/sys/" + gateway.productId() + "/" + gateway.deviceName() + "/thing/topo/change";
    return new OutboundMessage(topic, ThingRequests.encode(ids.nextId(), params, "thing.topo.change"), 0, false);
  }

  /** The sign method as the SDKs spell the field ({@code signmethod} in topo/add, {@code signMethod} in login). */
  private static String signMethod(JsonNode item, String fallback) {
    String m = text(item, "signMethod");
    m = m != null ? m : text(item, "signmethod");
    return m != null ? m : fallback;
  }

  /**
   * The sub-device exists, is an Alibaba device, and the request carries its signature over the B.2.2
   * content ({@code clientId…deviceName…productKey…timestamp…}) keyed with its own secret; for a login
   * it must also be in the gateway's topology.
   */
  private Optional<Result> checkSigned(DeviceLink gateway, JsonNode item, String method, boolean mustBeInTopology) {
    DeviceKey sub = key(item);
    String clientId = text(item, "clientId");
    String timestamp = text(item, "timestamp");
    String sign = text(item, "sign");
    if (sub == null || clientId == null || timestamp == null || sign == null) {
      return Optional.of(Result.error(PARAM_ERROR, "request parameter error: productKey, deviceName, clientId, timestamp and sign"));
    }
    if (method == null || !AliyunSign.isKnownMethod(method.toLowerCase())) {
      return Optional.of(Result.error(PARAM_ERROR, "request parameter error: unknown sign method"));
    }
    if (sub.equals(gateway.identity().key())) {
      return Optional.of(Result.error(PARAM_ERROR, "request parameter error: a gateway is not its own sub-device"));
    }
    Optional<Device> device = devices.find(sub);
    Optional<Product> product = device.isEmpty() ? Optional.empty() : gateways.products().find(sub.productId());
    if (device.isEmpty() || product.isEmpty() || !AliyunDialect.NAME.equals(product.get().dialect())) {
      return Optional.of(Result.error(DEVICE_NOT_FOUND, "device not found"));
    }
    Map<String, String> content = new LinkedHashMap<>();
    content.put("clientId", clientId);
    content.put("deviceName", sub.deviceName());
    content.put("productKey", sub.productId());
    content.put("timestamp", timestamp);
    if (!AliyunSign.verify(method.toLowerCase(), device.get().secret(), content, sign)) {
      return Optional.of(Result.error(SIGN_INVALID, "sign invalid"));
    }
    if (!device.get().enabled()) {
      return Optional.of(Result.error(6204, "device disabled"));
    }
    if (mustBeInTopology
        && !gateways.topology().gatewayOf(sub).map(gateway.identity().key()::equals).orElse(false)) {
      return Optional.of(Result.error(NOT_IN_TOPOLOGY, "not a sub-device of this gateway"));
    }
    return Optional.empty();
  }

  static DeviceKey key(JsonNode item) {
    String pk = text(item, "productKey");
    String dn = text(item, "deviceName");
    return pk == null || dn == null || pk.isEmpty() || dn.isEmpty() ? null : new DeviceKey(pk, dn);
  }

  private static String text(JsonNode item, String field) {
    JsonNode v = item == null ? null : item.get(field);
    return v == null || !(v.isString() || v.isNumber()) ? null : v.asString();
  }

  private static ObjectNode keyJson(DeviceKey k) {
    ObjectNode o = JSON.createObjectNode();
    o.put("productKey", k.productId());
    o.put("deviceName", k.deviceName());
    return o;
  }

  /** The Alink reply: the request's id verbatim, code, message, data ({@code {}} when none). */
  private static OutboundMessage reply(String topic, JsonNode id, int code, String message, JsonNode data) {
    ObjectNode out = JSON.createObjectNode();
    out.set("id", id == null ? JSON.getNodeFactory().stringNode("") : id);
    out.put("code", code);
    out.put("message", message);
    out.set("data", data == null ? JSON.createObjectNode() : data);
    return OutboundMessage.reply(topic, out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static CompletionStage<PublishResult> done(OutboundMessage reply) {
    return CompletableFuture.completedFuture(PublishResult.ack(reply));
  }
}
