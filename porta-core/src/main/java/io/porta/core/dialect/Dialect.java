package io.porta.core.dialect;

import io.porta.core.model.Device;
import io.porta.core.model.Product;
import io.porta.core.session.DeviceLink;
import io.porta.core.topic.TopicCategory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A product's device contract (design.md "Data flow"): credential checking, topic grammar, reply
 * formats and error codes, and the behaviour on violations. Everything else is shared.
 *
 * <p>Threading: {@link #claimedProductId}, {@link #checkConnect}, {@link #authorizeSubscribe} and
 * {@link #onPublish} run on the connection's event loop and must not block; {@link #authenticate}
 * runs on a worker thread and may block (registry lookups).
 */
public interface Dialect {
  /** "onenet" or "aliyun": the value of a product's {@code dialect}. */
  String name();

  /** The product id a CONNECT names if it has this dialect's form; empty otherwise. */
  Optional<String> claimedProductId(ConnectRequest request);

  /**
   * The device name a CONNECT of this dialect's form names, read from its fields without any lookup
   * (the transport throttles repeated failed logins per device before checking credentials); empty
   * when it names none.
   */
  default Optional<String> claimedDeviceName(ConnectRequest request) {
    return Optional.empty();
  }

  /** CONNECT rules that need no lookup (flags, keepalive range). Empty when acceptable. */
  Optional<ConnectRefusal> checkConnect(ConnectRequest request);

  /** Checks the credentials of a CONNECT for a product of this dialect. May block. */
  AuthResult authenticate(Product product, ConnectRequest request);

  /** Decides one filter of a SUBSCRIBE packet. */
  SubscribeDecision authorizeSubscribe(DeviceLink link, String filter, int requestedQos);

  /**
   * The most filters one SUBSCRIBE may carry (protocols.md A.6: 8 for OneNET); more closes the
   * connection. 0 means no limit.
   */
  int maxFiltersPerSubscribe();

  /**
   * Handles a PUBLISH from the device. The returned stage completes once what the message carried is
   * durable (QoS 1 is acknowledged only then); it may complete on any thread.
   */
  CompletionStage<PublishResult> onPublish(DeviceLink link, InboundPublish publish);

  /** Per-device rate limits for this dialect's devices. */
  RateLimits rateLimits();

  /** Shapes the topic and id of a command to a device (OneNET cmd/request, Alibaba RRPC). */
  CommandRoute commandRoute();

  /** Ready-to-use MQTT credentials for a device (api.md "connection"), valid for {@code ttl}. */
  ConnectionCredentials connectionCredentials(Product product, Device device, Duration ttl);

  /** A new product id in this dialect's usual form. */
  String newProductId();

  /** A new product-level key (OneNET: base64 of 32 random bytes; Alibaba: productSecret). */
  String newProductSecret();

  /** A new device-level key. */
  String newDeviceSecret();

  /** Whether a product or device secret supplied by a user has this dialect's form. */
  boolean isValidSecret(String secret);

  /**
   * Whether an application may send this topic to the device (REST {@code messages}): only topics the
   * device may subscribe to. Never blocks (uses cached categories).
   */
  boolean mayDeliver(DeviceIdentity device, String topic);

  /**
   * The broadcast topic for the product (Alibaba {@code /broadcast/{pk}/…}).
   *
   * @throws IllegalArgumentException when the topic is not a broadcast topic of this product, or the
   *     dialect has no broadcast
   */
  String broadcastTopic(Product product, String topic);

  /**
   * Whether the product's topic categories are managed over REST (Alibaba) and what they are: the
   * default and system categories of this dialect, with {@code system = true}.
   */
  List<TopicCategory> systemTopicCategories(Product product);

  /**
   * Checks a custom topic category a user wants to add and returns the template to store (Alibaba:
   * {@code /${productKey}/${deviceName}/user/…}, the product key may be given literally).
   *
   * @throws IllegalArgumentException with a message naming the problem
   */
  String customTopicCategory(Product product, String topic);

  /**
   * Whether devices of this dialect may keep sessions across connections (cleanSession = 0). When
   * false the transport never touches the session store for them.
   */
  boolean supportsPersistentSessions();
}
