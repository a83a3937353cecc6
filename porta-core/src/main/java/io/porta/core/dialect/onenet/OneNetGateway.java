package io.porta.core.dialect.onenet;

import io.porta.core.command.PendingCommands;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.PublishResult;
import io.porta.core.gateway.GatewayLimits;
import io.porta.core.gateway.Gateways;
import io.porta.core.gateway.SubDeviceSessions;
import io.porta.core.gateway.TopologyNotice;
import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.thing.ThingReply;
import io.porta.core.thing.ThingRequest;
import io.porta.core.thing.ThingRequests;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OneNET gateways (protocols.md A.7.5, OneJSON "网关与子设备"), all on the gateway's own
 * {@code $sys/{pid}/{gw}/thing/sub/…} topics: topology ({@code topo/add|delete}, each sub-device proven
 * by a §A.3 token signed with its own key; {@code topo/get} and the gateway's {@code topo/get/result}),
 * sessions ({@code login|logout}) and the gateway's answers to requests for its sub-devices
 * ({@code property/set_reply|get_reply}, {@code service/invoke_reply}). A sub-device logs in only when
 * it is in this gateway's topology, so a gateway never gains access to devices that are not its own.
 *
 * <p>OneNET publishes no codes for these refusals; Porta's, in the OneJSON reply: 400 bad request or a
 * batch over its limit, 401 bad or expired {@code sasToken}, 403 not a sub-device of this gateway (or
 * disabled), 404 unknown device, 429 the gateway has its maximum of sub-devices online, 500 system error.
 */
final class OneNetGateway {
  private static final Logger log = LoggerFactory.getLogger(OneNetGateway.class);

  static final int BAD_REQUEST = 400;
  static final int TOKEN_INVALID = 401;
  static final int NOT_SUB_DEVICE = 403;
  static final int DEVICE_NOT_FOUND = 404;
  static final int TOO_MANY_SUB_DEVICES = 429;
  static final int SYSTEM_ERROR = 500;

  /** Attributes of a sub-device's identity naming the gateway it is online through. */
  static final String GATEWAY_PRODUCT = "gateway.productId";

  static final String GATEWAY_DEVICE = "gateway.deviceName";

  private static final String SUB = "thing/sub/";
  private static final Set<String> REQUESTS = Set.of("login", "logout", "topo/add", "topo/delete", "topo/get");
  private static final Set<String> ANSWERS =
      Set.of("topo/get/result", "topo/change_reply", "property/set_reply", "property/get_reply", "service/invoke_reply");
  private static final String MSG = "msg";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final DeviceRepository devices;
  private final Gateways gateways;
  private final PendingCommands pending;
  private final Executor blocking;
  private final Clock clock;
  private final OneNetDialect dialect;
  private final ThingRequests ids = new ThingRequests();

  OneNetGateway(
      DeviceRepository devices, Gateways gateways, PendingCommands pending, Executor blocking, Clock clock, OneNetDialect dialect) {
    this.devices = devices;
    this.gateways = gateways;
    this.pending = pending;
    this.blocking = blocking;
    this.clock = clock;
    this.dialect = dialect;
  }

  /** The operation of a gateway topic (the path after {@code thing/sub/}), or null when it is none. */
  static String operation(String path) {
    if (!path.startsWith(SUB)) {
      return null;
    }
    String op = path.substring(SUB.length());
    return REQUESTS.contains(op) || ANSWERS.contains(op) ? op : null;
  }

  /** @param path the topic after {@code $sys/{pid}/{gw}/}, whose {@link #operation} is {@code op} */
  CompletionStage<PublishResult> onPublish(DeviceLink gateway, String path, String op, byte[] payload) {
    DeviceIdentity gw = gateway.identity();
    if (ANSWERS.contains(op)) {
      answer(gw, op, payload);
      return CompletableFuture.completedFuture(PublishResult.ack());
    }
    String replyTopic = OneNetTopics.prefix(gw.productId(), gw.deviceName()) + path + "/reply";
    ThingRequest request = ThingRequest.parse(payload);
    if (!request.isValid()) {
      return done(replyTopic, ThingReply.error(request.idJson(), BAD_REQUEST, request.problem()));
    }
    List<JsonNode> items = items(request.params());
    if (!op.equals("topo/get")) {
      if (items.isEmpty()) {
        return done(replyTopic, ThingReply.error(request.idJson(), BAD_REQUEST, "params must name sub-devices"));
      }
      boolean session = op.equals("login") || op.equals("logout");
      GatewayLimits limits = gateways.limits();
      int max = session ? limits.maxLoginBatch() : limits.maxTopologyBatch();
      if (!gateways.fits(gw.key(), session ? GatewayLimits.LOGIN_BATCH : GatewayLimits.TOPOLOGY_BATCH, items.size(), max)) {
        return done(replyTopic, ThingReply.error(request.idJson(), BAD_REQUEST, "at most " + max + " sub-devices per request"));
      }
    }
    return CompletableFuture.supplyAsync(
            () ->
                switch (op) {
                  case "login" -> login(gateway, request, items);
                  case "logout" -> logout(gateway, request, items);
                  case "topo/add" -> topoAdd(gateway, request, items);
                  case "topo/delete" -> topoDelete(gateway, request, items);
                  default -> topoGet(gw, request);
                },
            blocking)
        .handle(
            (reply, error) -> {
              if (error != null) {
                log.warn("OneNET gateway {}: {} failed: {}", gw, path, error.toString());
                reply = ThingReply.error(request.idJson(), SYSTEM_ERROR, "system error");
              }
              return PublishResult.ack(OutboundMessage.reply(replyTopic, reply.encode(MSG)));
            });
  }

  /** Sub-devices must be in this gateway's topology (pack and history posts for them). Blocking. */
  Optional<String> notInTopology(DeviceKey gateway, List<DeviceKey> subs) {
    for (DeviceKey sub : subs) {
      if (!gateways.topology().gatewayOf(sub).map(gateway::equals).orElse(false)) {
        return Optional.of("not a sub-device of this gateway: " + sub);
      }
    }
    return Optional.empty();
  }

  Executor blocking() {
    return blocking;
  }

  GatewayLimits limits() {
    return gateways.limits();
  }

  boolean fits(DeviceKey gateway, String limit, int size, int max) {
    return gateways.fits(gateway, limit, size, max);
  }

  /** The identity a sub-device has while online through {@code gateway}: replies to it go there. */
  static DeviceIdentity subIdentity(Product product, String deviceName, DeviceIdentity gateway) {
    return new DeviceIdentity(
        product, deviceName, Map.of(GATEWAY_PRODUCT, gateway.productId(), GATEWAY_DEVICE, gateway.deviceName()));
  }

  /** Whether this identity is a sub-device online through a gateway (its requests go to the gateway). */
  static boolean isSubDevice(DeviceIdentity device) {
    return device.attribute(GATEWAY_PRODUCT) != null;
  }

  /** {@code thing/sub/topo/change}: {@code {"params":{"subList":[{"productID","deviceName"}]}}}, the whole topology. */
  OutboundMessage topologyChange(DeviceIdentity gateway, List<DeviceKey> subs) {
    ObjectNode params = JSON.createObjectNode();
    params.set("subList", keys(subs));
    String topic = OneNetTopics.prefix(gateway.productId(), gateway.deviceName()) + SUB + "topo/change";
    return new OutboundMessage(topic, ThingRequests.encode(ids.nextId(), params, null), 0, false);
  }

  // ---- requests ---------------------------------------------------------------------------------

  /** params {productID, deviceName} (or a list of them): online through this gateway's connection. */
  private ThingReply login(DeviceLink gateway, ThingRequest request, List<JsonNode> items) {
    DeviceKey gw = gateway.identity().key();
    List<DeviceIdentity> subs = new ArrayList<>();
    for (JsonNode item : items) {
      DeviceKey sub = key(item);
      if (sub == null) {
        return ThingReply.error(request.idJson(), BAD_REQUEST, "productID and deviceName are required");
      }
      Optional<Device> device = devices.find(sub);
      Optional<Product> product = device.isEmpty() ? Optional.empty() : gateways.products().find(sub.productId());
      if (product.isEmpty() || !OneNetDialect.NAME.equals(product.get().dialect())) {
        return ThingReply.error(request.idJson(), DEVICE_NOT_FOUND, "device not found: " + sub);
      }
      if (!gateways.topology().gatewayOf(sub).map(gw::equals).orElse(false)) {
        return ThingReply.error(request.idJson(), NOT_SUB_DEVICE, "not a sub-device of this gateway: " + sub);
      }
      if (!device.get().enabled()) {
        return ThingReply.error(request.idJson(), NOT_SUB_DEVICE, "device disabled: " + sub);
      }
      subs.add(subIdentity(product.get(), sub.deviceName(), gateway.identity()));
    }
    for (DeviceIdentity sub : subs) {
      if (gateways.sessions().login(gateway, sub) == SubDeviceSessions.Login.TOO_MANY) {
        return ThingReply.error(request.idJson(), TOO_MANY_SUB_DEVICES, "too many sub-devices online through this gateway");
      }
    }
    return ThingReply.success(request.idJson(), "{}");
  }

  private ThingReply logout(DeviceLink gateway, ThingRequest request, List<JsonNode> items) {
    List<DeviceKey> subs = new ArrayList<>();
    for (JsonNode item : items) {
      DeviceKey sub = key(item);
      if (sub == null) {
        return ThingReply.error(request.idJson(), BAD_REQUEST, "productID and deviceName are required");
      }
      subs.add(sub);
    }
    subs.forEach(sub -> gateways.sessions().logout(gateway.identity().key(), sub, DisconnectReason.CLIENT_DISCONNECT));
    return ThingReply.success(request.idJson(), "{}");
  }

  /** params {productID, deviceName, sasToken} (or a list): all proven, then all added. */
  private ThingReply topoAdd(DeviceLink gateway, ThingRequest request, List<JsonNode> items) {
    DeviceKey gw = gateway.identity().key();
    List<DeviceKey> proven = new ArrayList<>();
    for (JsonNode item : items) {
      ThingReply problem = checkToken(gateway.identity(), request, item);
      if (problem != null) {
        return problem;
      }
      proven.add(key(item));
    }
    for (DeviceKey sub : proven) {
      Optional<DeviceKey> previous = gateways.topology().gatewayOf(sub);
      gateways.topology().bind(gw, sub, clock.millis());
      // The sub-device moved: its old gateway learns it lost it.
      previous.filter(old -> !old.equals(gw)).ifPresent(old -> notifyChanged(old, sub));
    }
    return ThingReply.success(request.idJson(), "{}");
  }

  /** params {productID, deviceName, sasToken} (or a list); a sub-device online through the gateway goes offline. */
  private ThingReply topoDelete(DeviceLink gateway, ThingRequest request, List<JsonNode> items) {
    DeviceKey gw = gateway.identity().key();
    for (JsonNode item : items) {
      ThingReply problem = checkToken(gateway.identity(), request, item);
      if (problem != null) {
        return problem;
      }
      if (!gateways.topology().gatewayOf(key(item)).map(gw::equals).orElse(false)) {
        return ThingReply.error(request.idJson(), NOT_SUB_DEVICE, "not a sub-device of this gateway: " + key(item));
      }
    }
    for (JsonNode item : items) {
      DeviceKey sub = key(item);
      gateways.topology().unbind(gw, sub);
      gateways.sessions().logout(gw, sub, DisconnectReason.DEVICE_DELETED);
    }
    return ThingReply.success(request.idJson(), "{}");
  }

  private ThingReply topoGet(DeviceIdentity gateway, ThingRequest request) {
    return ThingReply.success(request.idJson(), keys(gateways.topology().subDevices(gateway.key())).toString());
  }

  /**
   * The sub-device exists, is a OneNET device other than the gateway, and {@code sasToken} is a §A.3
   * token over {@code products/{pid}/devices/{dn}} signed with its own key (constant-time) and not
   * expired. Null when all holds.
   */
  private ThingReply checkToken(DeviceIdentity gateway, ThingRequest request, JsonNode item) {
    DeviceKey sub = key(item);
    JsonNode tokenNode = item.get("sasToken");
    if (sub == null || tokenNode == null || !tokenNode.isString()) {
      return ThingReply.error(request.idJson(), BAD_REQUEST, "productID, deviceName and sasToken are required");
    }
    if (sub.equals(gateway.key())) {
      return ThingReply.error(request.idJson(), BAD_REQUEST, "a gateway is not its own sub-device");
    }
    Optional<Device> device = devices.find(sub);
    Optional<Product> product = device.isEmpty() ? Optional.empty() : gateways.products().find(sub.productId());
    if (product.isEmpty() || !OneNetDialect.NAME.equals(product.get().dialect())) {
      return ThingReply.error(request.idJson(), DEVICE_NOT_FOUND, "device not found: " + sub);
    }
    OneNetToken token;
    try {
      token = OneNetToken.parse(tokenNode.asString());
    } catch (OneNetToken.MalformedTokenException e) {
      return ThingReply.error(request.idJson(), TOKEN_INVALID, "sasToken malformed: " + e.getMessage());
    }
    String res = "products/" + sub.productId() + "/devices/" + sub.deviceName();
    if (!res.equals(token.res()) || !token.verify(device.get().secret())) {
      log.info("OneNET gateway {}: sasToken of {} refused", gateway, sub);
      return ThingReply.error(request.idJson(), TOKEN_INVALID, "sasToken invalid");
    }
    if (token.isExpired(clock)) {
      return ThingReply.error(request.idJson(), TOKEN_INVALID, "sasToken expired");
    }
    return null;
  }

  /** Tells a gateway (when online here) its topology changed. Blocking. */
  private void notifyChanged(DeviceKey gateway, DeviceKey lost) {
    TopologyNotice.send(gateways.sessions(), gateways.topology(), dialect, gateway, List.of(lost));
  }

  // ---- the gateway's answers ----------------------------------------------------------------------

  /**
   * {@code topo/get/result} and {@code topo/change_reply} are acknowledgements; the {@code _reply} of a
   * request for a sub-device completes the waiting REST call, matched by id among the sub-devices
   * online through this gateway.
   */
  private void answer(DeviceIdentity gateway, String op, byte[] payload) {
    ThingReply reply = ThingReply.parse(payload);
    if (reply == null) {
      log.info("OneNET gateway {} sent {} that is not {{\"id\",\"code\",…}}: ignored", gateway, op);
      return;
    }
    if (op.startsWith("topo/")) {
      log.debug("OneNET gateway {}: {} code {}", gateway, op, reply.code());
      return;
    }
    String id = ThingReply.idText(reply.idJson());
    for (DeviceKey sub : gateways.sessions().onlineThrough(gateway.key())) {
      if (pending.isPending(sub, id)) {
        pending.complete(sub, id, payload);
        return;
      }
    }
    log.info("OneNET gateway {}: {} for unknown or late request {}", gateway, op, id);
  }

  // ---- JSON ---------------------------------------------------------------------------------------

  /** params as one object or a list of them; empty when neither. */
  private static List<JsonNode> items(JsonNode params) {
    List<JsonNode> out = new ArrayList<>();
    if (params == null) {
      return out;
    }
    if (params.isObject()) {
      out.add(params);
    } else if (params.isArray()) {
      for (JsonNode item : params) {
        if (!item.isObject()) {
          return List.of();
        }
        out.add(item);
      }
    }
    return out;
  }

  /** {@code {"productID","deviceName"}} as a device key; null when either is missing or empty. */
  static DeviceKey key(JsonNode item) {
    JsonNode pid = item.get("productID");
    JsonNode dn = item.get("deviceName");
    if (pid == null || dn == null || !pid.isString() || !dn.isString() || pid.asString().isEmpty() || dn.asString().isEmpty()) {
      return null;
    }
    return new DeviceKey(pid.asString(), dn.asString());
  }

  private static ArrayNode keys(List<DeviceKey> keys) {
    ArrayNode list = JSON.createArrayNode();
    keys.forEach(k -> list.addObject().put("productID", k.productId()).put("deviceName", k.deviceName()));
    return list;
  }

  private static CompletionStage<PublishResult> done(String topic, ThingReply reply) {
    return CompletableFuture.completedFuture(PublishResult.ack(OutboundMessage.reply(topic, reply.encode(MSG))));
  }
}
