package io.porta.api;

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
import io.porta.core.model.Device;
import io.porta.core.model.Product;
import io.porta.core.session.DeviceLink;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * A stand-in for the OneNET dialect with just what the API uses: keys, credentials, commands. Like
 * OneNET it has no broadcast, no topic categories and no persistent sessions.
 */
class TestDialect implements Dialect {
  private final String name;

  TestDialect(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CommandRoute commandRoute() {
    return new CommandRoute() {
      @Override
      public String newCommandId() {
        return UUID.randomUUID().toString();
      }

      @Override
      public String requestTopic(DeviceIdentity device, String commandId) {
        return "$sys/" + device.productId() + "/" + device.deviceName() + "/cmd/request/" + commandId;
      }

      @Override
      public Duration minTimeout() {
        return Duration.ofSeconds(1);
      }

      @Override
      public Duration maxTimeout() {
        return Duration.ofSeconds(30);
      }

      @Override
      public Duration defaultTimeout() {
        return Duration.ofSeconds(5);
      }
    };
  }

  @Override
  public ConnectionCredentials connectionCredentials(Product product, Device device, Duration ttl) {
    return new ConnectionCredentials(device.name(), product.id(), "token-ttl-" + ttl.toSeconds());
  }

  @Override
  public String newProductId() {
    return "P" + Secrets.randomAlphanumeric(9);
  }

  @Override
  public String newProductSecret() {
    return Secrets.randomBase64(32);
  }

  @Override
  public String newDeviceSecret() {
    return Secrets.randomBase64(32);
  }

  /** Base64 of 32 bytes, like OneNET keys. */
  @Override
  public boolean isValidSecret(String secret) {
    try {
      return Base64.getDecoder().decode(secret).length == 32;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public Optional<String> claimedProductId(ConnectRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<ConnectRefusal> checkConnect(ConnectRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public AuthResult authenticate(Product product, ConnectRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SubscribeDecision authorizeSubscribe(DeviceLink link, String filter, int requestedQos) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int maxFiltersPerSubscribe() {
    return 0;
  }

  @Override
  public CompletionStage<PublishResult> onPublish(DeviceLink link, InboundPublish publish) {
    throw new UnsupportedOperationException();
  }

  @Override
  public RateLimits rateLimits() {
    return RateLimits.NONE;
  }

  @Override
  public boolean mayDeliver(DeviceIdentity device, String topic) {
    return false;
  }

  @Override
  public String broadcastTopic(Product product, String topic) {
    throw new IllegalArgumentException("no broadcast in the test dialect");
  }

  @Override
  public java.util.List<io.porta.core.topic.TopicCategory> systemTopicCategories(Product product) {
    return java.util.List.of();
  }

  @Override
  public String customTopicCategory(Product product, String topic) {
    throw new IllegalArgumentException("no custom topics in the test dialect");
  }

  @Override
  public boolean supportsPersistentSessions() {
    return false;
  }

  @Override
  public io.porta.core.shadow.ShadowLimits shadowLimits() {
    return io.porta.core.shadow.ShadowLimits.ONENET;
  }

  /** The whole document on {@code shadow/{device}}. */
  @Override
  public java.util.List<io.porta.core.session.OutboundMessage> shadowDesiredChanged(
      io.porta.core.dialect.DeviceIdentity device, io.porta.core.shadow.ShadowDocument shadow) {
    return java.util.List.of(
        new io.porta.core.session.OutboundMessage(
            "shadow/" + device.deviceName(),
            shadow.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            0,
            false));
  }
}
