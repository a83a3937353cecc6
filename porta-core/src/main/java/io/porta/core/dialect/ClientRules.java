package io.porta.core.dialect;

import io.porta.core.session.DeviceLink;
import java.util.concurrent.CompletionStage;

/**
 * What the transport asks about an authenticated connection's packets: which subscriptions it may
 * make and what its PUBLISHes do. Devices get these rules from their product's {@link Dialect};
 * applications on the application channel from their own rules.
 *
 * <p>Threading: {@link #authorizeSubscribe} and {@link #onPublish} run on the connection's event loop
 * and must not block.
 */
public interface ClientRules {
  /**
   * "onenet" or "aliyun" (a product's {@code dialect}), "app" for the application channel: the
   * {@code dialect} label of connection metrics.
   */
  String name();

  /** Decides one filter of a SUBSCRIBE packet. */
  SubscribeDecision authorizeSubscribe(DeviceLink link, String filter, int requestedQos);

  /**
   * The most filters one SUBSCRIBE may carry (protocols.md A.6: 8 for OneNET); more closes the
   * connection. 0 means no limit.
   */
  int maxFiltersPerSubscribe();

  /**
   * Handles a PUBLISH from the client. The returned stage completes once what the message carried is
   * durable (QoS 1 is acknowledged only then); it may complete on any thread.
   */
  CompletionStage<PublishResult> onPublish(DeviceLink link, InboundPublish publish);

  /** Per-client rate limits. */
  RateLimits rateLimits();

  /**
   * Whether these clients may keep sessions across connections (cleanSession = 0). When
   * false the transport never touches the session store for them.
   */
  boolean supportsPersistentSessions();
}
