package io.porta.core.dialect.onenet;

import io.porta.core.session.OutboundMessage;
import io.porta.core.shadow.ShadowDocument;
import io.porta.core.shadow.ShadowLimits;
import io.porta.core.shadow.ShadowService;
import io.porta.core.command.PendingCommands;
import io.porta.core.dialect.AuthResult;
import io.porta.core.dialect.CommandRoute;
import io.porta.core.dialect.ConnectRefusal;
import io.porta.core.dialect.ConnectRequest;
import io.porta.core.dialect.ConnectionCredentials;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.Dialect;
import io.porta.core.dialect.InboundPublish;
import io.porta.core.dialect.PublishResult;
import io.porta.core.dialect.RateLimits;
import io.porta.core.dialect.Secrets;
import io.porta.core.dialect.SubscribeDecision;
import io.porta.core.gateway.Gateways;
import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DisconnectReason;
import io.porta.core.telemetry.TelemetryWriter;
import io.porta.core.thing.ThingDownlink;
import io.porta.core.thing.ThingModel;
import java.time.Clock;
import java.time.Duration;
import io.porta.core.topic.TopicCategory;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The OneNET device contract ({@code onenet}): seeds/onenet-mqtt.md, protocols.md Part A and
 * design.md "Dialect rules … OneNET". Each concern lives in its own class of this package: CONNECT
 * rules, credential check, topic grammar, uplink handling, reply formats.
 */
public final class OneNetDialect implements Dialect {
  /** The value of a product's {@code dialect}. */
  public static final String NAME = "onenet";

  /** Method of the tokens this platform hands out (the strongest of A.3's three). */
  static final String CREDENTIALS_METHOD = "sha256";

  private static final int PRODUCT_ID_LENGTH = 10;
  private static final int SECRET_BYTES = 32;

  private final OneNetLimits limits;
  private final RateLimits rateLimits;
  private final Clock clock;
  private final OneNetTopics topics;
  private final OneNetAuthenticator authenticator;
  private final OneNetUplink uplink;
  private final CommandRoute commandRoute = new OneNetCommandRoute();
  private final ThingDownlink thingDownlink = new OneNetThingDownlink();
  private final OneNetGateway gateway;

  public OneNetDialect(
      DeviceRepository devices,
      TelemetryWriter writer,
      PendingCommands pending,
      ThingModel things,
      OneNetLimits limits,
      RateLimits rateLimits,
      ShadowService shadows,
      Clock clock) {
    this(devices, writer, pending, things, limits, rateLimits, shadows, null, null, clock);
  }

  /**
   * @param gateways sub-devices through gateways ({@code thing/sub/*}); null for a dialect without
   *     gateways
   * @param blocking runs the gateways' registry and topology reads, never an event loop
   */
  public OneNetDialect(
      DeviceRepository devices,
      TelemetryWriter writer,
      PendingCommands pending,
      ThingModel things,
      OneNetLimits limits,
      RateLimits rateLimits,
      ShadowService shadows,
      Gateways gateways,
      Executor blocking,
      Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.topics = new OneNetTopics(limits);
    this.authenticator = new OneNetAuthenticator(Objects.requireNonNull(devices, "devices"), clock);
    this.gateway =
        gateways == null
            ? null
            : new OneNetGateway(devices, gateways, pending, Objects.requireNonNull(blocking, "blocking"), clock, this);
    this.uplink =
        new OneNetUplink(
            topics,
            Objects.requireNonNull(writer, "writer"),
            Objects.requireNonNull(pending, "pending"),
            new OneNetThing(Objects.requireNonNull(things, "things"), pending, clock, gateway),
            clock,
            new OneNetImage(Objects.requireNonNull(shadows, "shadows")));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** A.2: the username is the product id. Alibaba usernames are {@code dn&pk}, so '&' is not ours. */
  @Override
  public Optional<String> claimedProductId(ConnectRequest request) {
    String username = request.username();
    if (username == null || username.isEmpty() || username.indexOf('&') >= 0) {
      return Optional.empty();
    }
    return Optional.of(username);
  }

  /** A.2: the client id is the device name. */
  @Override
  public Optional<String> claimedDeviceName(ConnectRequest request) {
    String clientId = request.clientId();
    return clientId == null || clientId.isEmpty() ? Optional.empty() : Optional.of(clientId);
  }

  @Override
  public Optional<ConnectRefusal> checkConnect(ConnectRequest request) {
    return OneNetConnectRules.check(request);
  }

  @Override
  public AuthResult authenticate(Product product, ConnectRequest request) {
    return authenticator.authenticate(product, request);
  }

  /** Seed "Topic Convention", A.6: own space, wildcards from level 5 (or 4); granted QoS always 0. */
  @Override
  public SubscribeDecision authorizeSubscribe(DeviceLink link, String filter, int requestedQos) {
    DeviceIdentity device = link.identity();
    int wildcardLevel = device.product().options().onenetWildcardLevel();
    return switch (topics.checkFilter(device.productId(), device.deviceName(), filter, wildcardLevel)) {
      case ALLOWED -> SubscribeDecision.grant(0);
      case REFUSED -> SubscribeDecision.refuse();
      case MALFORMED -> SubscribeDecision.disconnect(DisconnectReason.ILLEGAL_TOPIC);
    };
  }

  @Override
  public int maxFiltersPerSubscribe() {
    return limits.maxFiltersPerSubscribe();
  }

  @Override
  public CompletionStage<PublishResult> onPublish(DeviceLink link, InboundPublish publish) {
    if (gateway != null) {
      // A.7.5: a gateway's sub-device requests, all on its own topics (within the usual size limit).
      DeviceIdentity gw = link.identity();
      String prefix = OneNetTopics.prefix(gw.productId(), gw.deviceName());
      String topic = publish.topic();
      if (topic.startsWith(prefix) && publish.payload().length <= limits.maxPayloadBytes() && publish.qos() <= 1 && !publish.retain()) {
        String path = topic.substring(prefix.length());
        String op = OneNetGateway.operation(path);
        if (op != null) {
          return gateway.onPublish(link, path, op, publish.payload());
        }
      }
    }
    return uplink.onPublish(link.identity(), publish);
  }

  @Override
  public RateLimits rateLimits() {
    return rateLimits;
  }

  @Override
  public CommandRoute commandRoute() {
    return commandRoute;
  }

  @Override
  public Optional<ThingDownlink> thingDownlink() {
    return Optional.of(thingDownlink);
  }

  /** A.2, A.3: ClientId = device name, Username = product id, Password = a device-key token. */
  @Override
  public ConnectionCredentials connectionCredentials(Product product, Device device, Duration ttl) {
    long expiry = clock.instant().plus(ttl).getEpochSecond();
    String res = "products/" + product.id() + "/devices/" + device.name();
    return new ConnectionCredentials(
        device.name(), product.id(), OneNetToken.sign(res, expiry, CREDENTIALS_METHOD, device.secret()));
  }

  @Override
  public String newProductId() {
    return Secrets.randomAlphanumeric(PRODUCT_ID_LENGTH);
  }

  /** A.3: keys are base64; the HMAC key is their decoded bytes. */
  @Override
  public String newProductSecret() {
    return Secrets.randomBase64(SECRET_BYTES);
  }

  @Override
  public String newDeviceSecret() {
    return Secrets.randomBase64(SECRET_BYTES);
  }

  @Override
  public boolean isValidSecret(String secret) {
    if (secret == null || secret.isEmpty()) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(secret).length > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Seed: "User-defined topic is not supported": applications cannot send arbitrary topics. */
  @Override
  public boolean mayDeliver(DeviceIdentity device, String topic) {
    return false;
  }

  @Override
  public String broadcastTopic(Product product, String topic) {
    throw new IllegalArgumentException("OneNET products have no broadcast topics");
  }

  /** OneNET has fixed system topics only (seed "Topic Convention"): no categories to manage. */
  @Override
  public List<TopicCategory> systemTopicCategories(Product product) {
    return List.of();
  }

  @Override
  public String customTopicCategory(Product product, String topic) {
    throw new IllegalArgumentException("OneNET products have no custom topics (seed: only system topics)");
  }

  /** Seed: "cleansession标记必须为1" — OneNET has no persistent sessions. */
  @Override
  public boolean supportsPersistentSessions() {
    return false;
  }

  @Override
  public ShadowLimits shadowLimits() {
    return ShadowLimits.ONENET;
  }

  /** A.7.5: {@code thing/sub/topo/change} with the gateway's whole topology. */
  @Override
  public Optional<OutboundMessage> topologyChanged(
      DeviceIdentity gateway, List<DeviceKey> removed, List<DeviceKey> subDevices) {
    return this.gateway == null ? Optional.empty() : Optional.of(this.gateway.topologyChange(gateway, subDevices));
  }

  /** A.7.3: the device learns what to change on {@code image/update/delta}. */
  @Override
  public List<OutboundMessage> shadowDesiredChanged(DeviceIdentity device, ShadowDocument shadow) {
    if (OneNetGateway.isSubDevice(device)) {
      return List.of(); // A.7.4: sub-devices have no image topics; the desired state stays stored
    }
    OutboundMessage delta = OneNetImage.delta(device, shadow);
    return delta == null ? List.of() : List.of(delta);
  }
}
