package io.porta.api;

import io.javalin.http.Context;
import io.porta.core.gateway.GatewayTopology;
import io.porta.core.gateway.TopologyNotice;
import io.porta.core.dialect.ConnectionCredentials;
import io.porta.core.dialect.Dialect;
import io.porta.core.dialect.Dialects;
import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.DeviceNames;
import io.porta.core.model.Product;
import io.porta.core.registry.ConflictException;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.registry.ProductRepository;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DeviceSessions;
import io.porta.core.session.DisconnectReason;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code /api/v1/products/{pid}/devices} (api.md "Devices"). */
final class DeviceHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceHandlers.class);

  static final int DEFAULT_PAGE = 100;
  static final int MAX_PAGE = 1000;
  private static final long DEFAULT_TTL_SECONDS = Duration.ofDays(365).toSeconds();
  /** OneNET's {@code et} is a 32-bit-era epoch in seconds; a century is plenty. */
  private static final long MAX_TTL_SECONDS = Duration.ofDays(36_500).toSeconds();

  private final DeviceRepository devices;
  private final DeviceSessions sessions;
  private final Dialects dialects;
  private final Lookups lookups;
  private final Clock clock;
  private final int mqttPort;
  private final int mqttsPort;

  private final GatewayTopology gateways;
  private final ProductRepository products;

  DeviceHandlers(ApiServices s, Lookups lookups) {
    this.devices = s.devices();
    this.sessions = s.sessions();
    this.gateways = s.gateways();
    this.products = s.products();
    this.dialects = s.dialects();
    this.lookups = lookups;
    this.clock = s.clock();
    this.mqttPort = s.mqttPort();
    this.mqttsPort = s.mqttsPort();
  }

  void create(Context ctx) {
    String pid = ctx.pathParam("pid");
    JsonBody body = Json.readObject(ctx);
    Product product = lookups.product(pid);
    String name = body.requiredString("name");
    if (!DeviceNames.isValid(name)) {
      throw ApiException.invalidBody("name: 4–64 characters of letters, digits and _-.@:");
    }
    Dialect dialect = dialects.get(product.dialect());
    String secret = body.optionalString("secret");
    if (secret == null) {
      secret = dialect.newDeviceSecret();
    } else if (!dialect.isValidSecret(secret)) {
      throw ApiException.invalidBody("secret: not a valid " + product.dialect() + " device key");
    }
    Device device = new Device(pid, name, secret, true, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    try {
      devices.create(device);
    } catch (ConflictException e) {
      throw new ApiException(409, "device_exists", "device " + name + " already exists in product " + pid);
    }
    LOG.info("device {} created", device.key());
    Json.write(ctx, 201, Representations.device(device));
  }

  void list(Context ctx) {
    String pid = ctx.pathParam("pid");
    Boolean online = Params.optionalBoolean(ctx, "online");
    int offset = Params.intInRange(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = Params.intInRange(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
    lookups.product(pid);
    Set<String> onlineNow = sessions.onlineDevices(pid);
    List<Device> page;
    long total;
    if (online == null) {
      page = devices.list(pid, offset, limit);
      total = devices.count(pid);
    } else {
      // Filter the (ordered) names, then load only the page.
      List<String> matching = new ArrayList<>();
      for (String name : devices.names(pid)) {
        if (onlineNow.contains(name) == online) {
          matching.add(name);
        }
      }
      total = matching.size();
      page = new ArrayList<>();
      for (int i = offset; i < matching.size() && page.size() < limit; i++) {
        devices.find(new DeviceKey(pid, matching.get(i))).ifPresent(page::add);
      }
    }
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("items");
    for (Device d : page) {
      items.add(Representations.device(d).put("online", onlineNow.contains(d.name())));
    }
    out.put("total", total);
    Json.write(ctx, 200, out);
  }

  void get(Context ctx) {
    Device device = lookups.device(ctx.pathParam("pid"), ctx.pathParam("name"));
    Json.write(ctx, 200, withSession(device));
  }

  /** {@code {"enabled":false}} disconnects the device; its CONNECTs are then refused. */
  void patch(Context ctx) {
    String pid = ctx.pathParam("pid");
    String name = ctx.pathParam("name");
    JsonBody body = Json.readObject(ctx);
    body.allowOnly(Set.of("enabled"), "cannot be changed (only enabled can)");
    Boolean enabled = body.optionalBoolean("enabled");
    if (enabled == null) {
      throw ApiException.invalidBody("enabled: required");
    }
    Device device = lookups.device(pid, name);
    if (!devices.setEnabled(device.key(), enabled)) {
      throw ApiException.deviceNotFound(pid, name);
    }
    if (!enabled) {
      sessions.disconnect(device.key(), DisconnectReason.DEVICE_DISABLED);
    }
    LOG.info("device {} {}", device.key(), enabled ? "enabled" : "disabled");
    Json.write(ctx, 200, withSession(device.withEnabled(enabled)));
  }

  void delete(Context ctx) {
    String pid = ctx.pathParam("pid");
    String name = ctx.pathParam("name");
    lookups.product(pid);
    DeviceKey key = new DeviceKey(pid, name);
    // Read before the store takes the device out of every topology: its gateway is told afterwards.
    Optional<DeviceKey> gateway = gateways.gatewayOf(key);
    if (!devices.delete(key)) {
      throw ApiException.deviceNotFound(pid, name);
    }
    sessions.disconnect(key, DisconnectReason.DEVICE_DELETED);
    gateway.ifPresent(
        gw -> products.find(gw.productId())
            .ifPresent(p -> TopologyNotice.send(sessions, gateways, dialects.get(p.dialect()), gw, List.of(key))));
    LOG.info("device {} deleted", key);
    ctx.status(204);
  }

  /** Ready-to-use MQTT parameters (api.md "connection"); the host is the one the caller reached. */
  void connection(Context ctx) {
    String pid = ctx.pathParam("pid");
    String name = ctx.pathParam("name");
    long ttl = Params.longInRange(ctx, "ttl", DEFAULT_TTL_SECONDS, 1, MAX_TTL_SECONDS);
    Product product = lookups.product(pid);
    Device device = lookups.deviceOf(pid, name);
    ConnectionCredentials credentials =
        dialects.get(product.dialect()).connectionCredentials(product, device, Duration.ofSeconds(ttl));
    ObjectNode out = Json.object();
    out.put("host", hostname(ctx));
    out.put("port", mqttPort);
    if (mqttsPort > 0) {
      out.put("tlsPort", mqttsPort);
    } else {
      out.putNull("tlsPort");
    }
    out.put("clientId", credentials.clientId());
    out.put("username", credentials.username());
    out.put("password", credentials.password());
    Json.write(ctx, 200, out);
  }

  /** The device, its live session if any, and its gateway when it is a sub-device (api.md). */
  private ObjectNode withSession(Device device) {
    ObjectNode out =
        Representations.deviceWithSession(device, sessions.find(device.key()).map(DeviceLink::info).orElse(null));
    gateways.gatewayOf(device.key()).ifPresent(gw -> out.putObject("gateway").put("productId", gw.productId()).put("name", gw.deviceName()));
    return out;
  }

  /** {@code GET …/subdevices}: the gateway's topology, each with its online state. */
  void subDevices(Context ctx) {
    Device gateway = lookups.device(ctx.pathParam("pid"), ctx.pathParam("name"));
    ObjectNode out = Json.object();
    var items = out.putArray("items");
    for (DeviceKey sub : gateways.subDevices(gateway.key())) {
      items.addObject()
          .put("productId", sub.productId())
          .put("name", sub.deviceName())
          .put("online", sessions.find(sub).isPresent());
    }
    Json.write(ctx, 200, out);
  }

  /** The host part of the Host header ({@code example.com:8080}, {@code [::1]:8080}). */
  static String hostname(Context ctx) {
    String host = ctx.header("Host");
    if (host == null || host.isBlank()) {
      return ctx.req().getServerName();
    }
    host = host.trim();
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end > 0 ? host.substring(1, end) : host;
    }
    int colon = host.indexOf(':');
    return colon >= 0 && host.indexOf(':', colon + 1) < 0 ? host.substring(0, colon) : host;
  }
}
