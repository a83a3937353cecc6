package io.porta.core.dialect;

import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.session.OutboundMessage;
import io.porta.core.shadow.ShadowDocument;
import io.porta.core.shadow.ShadowLimits;
import io.porta.core.thing.ThingDownlink;
import io.porta.core.topic.TopicCategory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A product's device contract (design.md "Data flow"): credential checking, topic grammar, reply
 * formats and error codes, and the behaviour on violations. Everything else is shared.
 *
 * <p>Threading: {@link #claimedProductId} and {@link #checkConnect} run on the connection's event
 * loop and must not block; {@link #authenticate} runs on a worker thread and may block (registry
 * lookups). The rules for an authenticated connection's packets are in {@link ClientRules}.
 */
public interface Dialect extends ClientRules {

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

  /** Shapes the topic and id of a command to a device (OneNET cmd/request, Alibaba RRPC). */
  CommandRoute commandRoute();

  /** How this dialect sends thing-model requests (property set/get, services); empty when it has none. */
  default Optional<ThingDownlink> thingDownlink() {
    return Optional.empty();
  }

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

  /** What this dialect's shadow documents may hold (OneNET image: A.7.3; Alibaba shadow: B.11). */
  ShadowLimits shadowLimits();

  /**
   * An application changed the device's desired state: what to send the device on its dialect's shadow
   * topic (OneNET {@code image/update/delta}; Alibaba {@code control} on {@code /shadow/get/…}).
   */
  List<OutboundMessage> shadowDesiredChanged(DeviceIdentity device, ShadowDocument shadow);

  /**
   * The gateway's topology changed without it asking (REST, or another gateway took a sub-device):
   * what to tell it (Alibaba {@code thing/topo/change}, OneNET {@code thing/sub/topo/change}); empty
   * when the dialect has no gateways.
   *
   * @param removed the sub-devices it lost
   * @param subDevices the gateway's whole topology now
   */
  default Optional<OutboundMessage> topologyChanged(
      DeviceIdentity gateway, List<DeviceKey> removed, List<DeviceKey> subDevices) {
    return Optional.empty();
  }

}
