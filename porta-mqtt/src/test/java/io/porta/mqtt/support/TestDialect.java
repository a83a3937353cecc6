package io.porta.mqtt.support;

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
import io.porta.core.dialect.SubscribeDecision;
import io.porta.core.model.Device;
import io.porta.core.model.Product;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DisconnectReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A permissive dialect whose behaviour tests set: username = product id, client id = device name,
 * password = the product secret. Filters starting with {@code refused/} get 0x80, with {@code kick/}
 * close the connection; everything else is granted at min(QoS, 1).
 */
public final class TestDialect implements Dialect {
  public static final String NAME = "test";

  public volatile Function<ConnectRequest, Optional<ConnectRefusal>> checkConnect = r -> Optional.empty();
  /** When set, {@link #authenticate} waits for it (to hold packets while the check runs). */
  public volatile CountDownLatch authGate;

  public volatile BiFunction<DeviceLink, InboundPublish, CompletionStage<PublishResult>> publishHandler =
      (link, p) -> CompletableFuture.completedFuture(PublishResult.ack());

  public volatile int maxFiltersPerSubscribe = 8;
  public volatile RateLimits rateLimits = RateLimits.NONE;
  public final List<InboundPublish> published = new CopyOnWriteArrayList<>();
  public final List<DeviceLink> links = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> claimedProductId(ConnectRequest request) {
    return Optional.ofNullable(request.username());
  }

  @Override
  public Optional<ConnectRefusal> checkConnect(ConnectRequest request) {
    return checkConnect.apply(request);
  }

  @Override
  public AuthResult authenticate(Product product, ConnectRequest request) {
    CountDownLatch gate = authGate;
    if (gate != null) {
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] expected = product.secret().getBytes(StandardCharsets.UTF_8);
    if (request.password() == null || !Arrays.equals(expected, request.password())) {
      return AuthResult.refused(ConnectRefusal.badCredentials("wrong password"));
    }
    return AuthResult.accepted(new DeviceIdentity(product, request.clientId()));
  }

  @Override
  public SubscribeDecision authorizeSubscribe(DeviceLink link, String filter, int requestedQos) {
    if (filter.startsWith("refused/")) {
      return SubscribeDecision.refuse();
    }
    if (filter.startsWith("kick/")) {
      return SubscribeDecision.disconnect(DisconnectReason.PROTOCOL_VIOLATION);
    }
    return SubscribeDecision.grant(Math.min(requestedQos, 1));
  }

  @Override
  public int maxFiltersPerSubscribe() {
    return maxFiltersPerSubscribe;
  }

  @Override
  public CompletionStage<PublishResult> onPublish(DeviceLink link, InboundPublish publish) {
    published.add(publish);
    links.add(link);
    return publishHandler.apply(link, publish);
  }

  @Override
  public RateLimits rateLimits() {
    return rateLimits;
  }

  @Override
  public CommandRoute commandRoute() {
    throw new UnsupportedOperationException();
  }

  @Override
  public ConnectionCredentials connectionCredentials(Product product, Device device, Duration ttl) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String newProductId() {
    throw new UnsupportedOperationException();
  }

  @Override
  public String newProductSecret() {
    throw new UnsupportedOperationException();
  }

  @Override
  public String newDeviceSecret() {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean isValidSecret(String secret) {
    return true;
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
