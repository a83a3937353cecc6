package io.porta.core.dialect.aliyun;

import io.porta.core.model.DeviceKey;
import io.porta.core.gateway.Gateways;
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
import io.porta.core.message.MessageLogWriter;
import io.porta.core.model.Device;
import io.porta.core.model.Product;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.session.DeviceLink;
import io.porta.core.thing.ThingDownlink;
import io.porta.core.thing.ThingModel;
import io.porta.core.topic.TopicCategories;
import io.porta.core.topic.TopicCategory;
import io.porta.core.topic.TopicFilters;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The Alibaba Cloud IoT device contract ({@code aliyun}): seeds/aliyun-iot-mqtt.md, protocols.md Part
 * B and design.md "Dialect rules … Alibaba". Each concern lives in its own class of this package:
 * CONNECT rules, signature, credential check and dynamic registration, topic categories, uplink
 * handling, RRPC.
 */
public final class AliyunDialect implements Dialect {
  /** The value of a product's {@code dialect}. */
  public static final String NAME = "aliyun";

  /** Method of the credentials this platform hands out (the strongest of B.2.1's three). */
  static final String CREDENTIALS_METHOD = "hmacsha256";

  static final int PRODUCT_SECRET_LENGTH = 16;
  static final int DEVICE_SECRET_LENGTH = 32;
  static final int MAX_SECRET_LENGTH = 64;

  private final AliyunLimits limits;
  private final RateLimits rateLimits;
  private final Clock clock;
  private final AliyunTopics topics;
  private final AliyunAuthenticator authenticator;
  private final AliyunUplink uplink;
  private final CommandRoute commandRoute;
  private final ThingDownlink thingDownlink;

  private final AliyunShadow shadow;
  private final AliyunGateway gateway;
  private final Gateways gateways;

  public AliyunDialect(
      DeviceRepository devices,
      TopicCategories categories,
      MessageLogWriter messages,
      PendingCommands pending,
      ThingModel things,
      Executor blocking,
      AliyunLimits limits,
      RateLimits rateLimits,
      ShadowService shadows,
      Gateways gateways,
      Clock clock) {
    Objects.requireNonNull(devices, "devices");
    this.gateways = Objects.requireNonNull(gateways, "gateways");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.topics = new AliyunTopics(Objects.requireNonNull(categories, "categories"), limits);
    this.authenticator = new AliyunAuthenticator(devices, categories, clock);
    this.shadow = new AliyunShadow(Objects.requireNonNull(shadows, "shadows"), clock);
    this.uplink =
        new AliyunUplink(
            topics,
            new AliyunThing(Objects.requireNonNull(things, "things"), pending, clock),
            devices,
            Objects.requireNonNull(messages, "messages"),
            Objects.requireNonNull(pending, "pending"),
            Objects.requireNonNull(blocking, "blocking"),
            limits,
            clock,
            shadow);
    this.commandRoute = new AliyunCommandRoute(topics);
    this.gateway = new AliyunGateway(devices, gateways, blocking, clock, this);
    this.thingDownlink = new AliyunThingDownlink(commandRoute);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** B.2.1: username {@code deviceName&productKey}; the product key follows the last '&'. */
  @Override
  public Optional<String> claimedProductId(ConnectRequest request) {
    return AliyunUsername.parse(request.username()).map(AliyunUsername::productKey);
  }

  /** B.2.1: the device name precedes the last '&' of the username. */
  @Override
  public Optional<String> claimedDeviceName(ConnectRequest request) {
    return AliyunUsername.parse(request.username()).map(AliyunUsername::deviceName);
  }

  @Override
  public Optional<ConnectRefusal> checkConnect(ConnectRequest request) {
    return AliyunConnectRules.check(request);
  }

  @Override
  public AuthResult authenticate(Product product, ConnectRequest request) {
    return authenticator.authenticate(product, request);
  }

  /** B.5: a filter within one sub-capable category gets min(QoS, 1); anything else 0x80. */
  @Override
  public SubscribeDecision authorizeSubscribe(DeviceLink link, String filter, int requestedQos) {
    // A gateway subscribes for its sub-devices online through it, under their own permissions.
    if (!topics.maySubscribe(speaksFor(link, filter), filter)) {
      return SubscribeDecision.refuse();
    }
    return SubscribeDecision.grant(Math.min(requestedQos, 1));
  }

  @Override
  public int maxFiltersPerSubscribe() {
    return limits.maxFiltersPerSubscribe();
  }

  @Override
  public CompletionStage<PublishResult> onPublish(DeviceLink link, InboundPublish publish) {
    String operation = AliyunGateway.operation(link.identity(), publish.topic());
    if (operation != null) {
      return gateway.onPublish(link, publish.topic(), operation, publish.payload());
    }
    return uplink.onPublish(speaksFor(link, publish.topic()), publish);
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

  /**
   * B.2: ClientId {@code {pk}.{dn}|securemode=2,signmethod=hmacsha256,timestamp=<ms>|}, username
   * {@code dn&pk}. Alibaba passwords do not expire (B.2.1: timestamps are not checked), so {@code ttl}
   * does not change them.
   */
  @Override
  public ConnectionCredentials connectionCredentials(Product product, Device device, Duration ttl) {
    String id = product.id() + "." + device.name();
    String timestamp = Long.toString(clock.millis());
    Map<String, String> params = new LinkedHashMap<>();
    params.put("clientId", id);
    params.put("deviceName", device.name());
    params.put("productKey", product.id());
    params.put("timestamp", timestamp);
    return new ConnectionCredentials(
        id + "|securemode=2,signmethod=" + CREDENTIALS_METHOD + ",timestamp=" + timestamp + "|",
        device.name() + "&" + product.id(),
        AliyunSign.sign(CREDENTIALS_METHOD, device.secret(), params));
  }

  /** Alibaba product keys look like {@code a1X2bEnP82z}: "a1" and nine letters or digits. */
  @Override
  public String newProductId() {
    return "a1" + Secrets.randomAlphanumeric(9);
  }

  @Override
  public String newProductSecret() {
    return Secrets.randomAlphanumeric(PRODUCT_SECRET_LENGTH);
  }

  @Override
  public String newDeviceSecret() {
    return Secrets.randomAlphanumeric(DEVICE_SECRET_LENGTH);
  }

  /** The HMAC key is the secret's UTF-8 bytes: 1–64 printable ASCII characters, no spaces. */
  @Override
  public boolean isValidSecret(String secret) {
    if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET_LENGTH) {
      return false;
    }
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean mayDeliver(DeviceIdentity device, String topic) {
    return topics.mayReceive(device, topic);
  }

  /** B.8: {@code /broadcast/{pk}/…}, given whole or as the part after the product key. */
  @Override
  public String broadcastTopic(Product product, String topic) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("broadcast topic is required");
    }
    String prefix = "/broadcast/" + product.id() + "/";
    String full;
    if (topic.startsWith(prefix)) {
      full = topic;
    } else if (topic.startsWith("/broadcast/")) {
      throw new IllegalArgumentException("broadcast topics of this product start with " + prefix);
    } else {
      full = prefix + (topic.startsWith("/") ? topic.substring(1) : topic);
    }
    String suffix = full.substring(prefix.length());
    if (suffix.isEmpty() || suffix.startsWith("/") || suffix.endsWith("/") || suffix.contains("//")) {
      throw new IllegalArgumentException("broadcast topic " + full + " needs non-empty levels after " + prefix);
    }
    if (!TopicFilters.isValidTopicName(full)) {
      throw new IllegalArgumentException("broadcast topics cannot contain wildcards");
    }
    if (full.length() > limits.maxTopicLength()) {
      throw new IllegalArgumentException("broadcast topic longer than " + limits.maxTopicLength() + " characters");
    }
    return full;
  }

  @Override
  public List<TopicCategory> systemTopicCategories(Product product) {
    return AliyunTopics.systemCategories(product.id());
  }

  @Override
  public String customTopicCategory(Product product, String topic) {
    return topics.customTemplate(product.id(), topic);
  }

  /** B.2.4: cleanSession 0 keeps QoS 1 messages for an offline device. */
  @Override
  public boolean supportsPersistentSessions() {
    return true;
  }

  @Override
  public ShadowLimits shadowLimits() {
    return ShadowLimits.ALIYUN;
  }

  /** B.9: {@code thing/topo/change} naming the sub-devices the gateway lost. */
  @Override
  public Optional<OutboundMessage> topologyChanged(
      DeviceIdentity gateway, List<DeviceKey> removed, List<DeviceKey> subDevices) {
    return removed.isEmpty() ? Optional.empty() : Optional.of(this.gateway.topologyChange(gateway, removed));
  }

  /** B.11: {@code control} with the whole document on {@code /shadow/get/{pk}/{dn}}. */
  @Override
  public List<OutboundMessage> shadowDesiredChanged(DeviceIdentity device, ShadowDocument doc) {
    return List.of(shadow.control(device, doc));
  }

  /**
   * Who a topic is about, for this connection (B.9): the sub-device it names when that sub-device is
   * online through this gateway connection, else the connection's own device (whose permissions then
   * refuse another device's topic as usual).
   */
  private DeviceIdentity speaksFor(DeviceLink link, String topic) {
    // Most devices are no gateway: no topic parsing on their publish path.
    if (!gateways.sessions().hasSubDevicesOnline(link.identity().key())) {
      return link.identity();
    }
    DeviceKey named = AliyunTopics.deviceNamedIn(topic);
    if (named == null || named.equals(link.identity().key())) {
      return link.identity();
    }
    return gateways.sessions().onlineVia(link, named).orElse(link.identity());
  }
}
