package io.porta.core.application;

import io.porta.core.dialect.AuthResult;
import io.porta.core.dialect.ClientRules;
import io.porta.core.dialect.ConnectRefusal;
import io.porta.core.dialect.ConnectRequest;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.InboundPublish;
import io.porta.core.dialect.PublishResult;
import io.porta.core.dialect.RateLimits;
import io.porta.core.dialect.SubscribeDecision;
import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DisconnectReason;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The application channel's side of the MQTT contract: an application logs in with username
 * {@code app:{id}} and its token as password, may subscribe at QoS 0 or 1 to {@code $app/} topics of
 * the products its token covers, and may not publish (it speaks for no device).
 */
public final class ApplicationRules implements ClientRules {
  public static final String NAME = "app";

  /** Session keys of applications live under this reserved "product" ({@code $} is not in product ids). */
  private static final String SCOPE = ApplicationTopics.PREFIX;

  private static final String ATTRIBUTE_APPLICATION = "application";

  private final Applications applications;

  public ApplicationRules(Applications applications) {
    this.applications = applications;
  }

  /** Checks an application's CONNECT. Blocking is not needed (in-memory), but it runs on the auth pool. */
  public AuthResult authenticate(ConnectRequest request) {
    String id = request.username().substring(Applications.USERNAME_PREFIX.length());
    Optional<Application> app = applications.authenticate(id, request.password());
    if (app.isEmpty()) {
      return AuthResult.refused(ConnectRefusal.badCredentials("unknown application or wrong token"));
    }
    if (request.willFlag()) {
      return AuthResult.refused(ConnectRefusal.notAuthorized("an application may not set a will"));
    }
    String clientId = request.clientId();
    if (clientId.isEmpty()) {
      if (!request.cleanSession()) {
        // MQTT 3.1.1 §3.1.3.1: a zero-length client id needs cleanSession = 1.
        return AuthResult.refused(
            new ConnectRefusal(ConnectRefusal.IDENTIFIER_REJECTED, DisconnectReason.CONNECT_REFUSED,
                "empty client id with cleanSession = 0"));
      }
      clientId = "auto-" + UUID.randomUUID();
    }
    return AuthResult.accepted(identity(app.get(), clientId), this);
  }

  /**
   * An application connection's identity: session key {@code ($app, {applicationId}/{clientId})}, so
   * each client id of an application has its own session and a second connection with the same
   * client id takes the first one over.
   */
  static DeviceIdentity identity(Application app, String clientId) {
    Product scope = new Product(SCOPE, app.name(), NAME, "", ProductOptions.DEFAULTS, app.createdAt());
    return new DeviceIdentity(scope, app.id() + "/" + clientId, Map.of(ATTRIBUTE_APPLICATION, app.id()));
  }

  /** The application a connection's identity belongs to. */
  public static String applicationId(DeviceIdentity identity) {
    return identity.attribute(ATTRIBUTE_APPLICATION);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SubscribeDecision authorizeSubscribe(DeviceLink link, String filter, int requestedQos) {
    Optional<Application> app = applications.find(applicationId(link.identity()));
    if (app.isEmpty() || ApplicationTopics.checkFilter(filter, app.get()).isPresent()) {
      return SubscribeDecision.refuse();
    }
    return SubscribeDecision.grant(Math.min(requestedQos, 1));
  }

  @Override
  public int maxFiltersPerSubscribe() {
    return 0;
  }

  /** Applications only listen: a PUBLISH would speak for a device, so it closes the connection. */
  @Override
  public CompletionStage<PublishResult> onPublish(DeviceLink link, InboundPublish publish) {
    return CompletableFuture.completedFuture(PublishResult.disconnect(DisconnectReason.NOT_AUTHORIZED));
  }

  @Override
  public RateLimits rateLimits() {
    return RateLimits.NONE;
  }

  @Override
  public boolean supportsPersistentSessions() {
    return true;
  }
}
