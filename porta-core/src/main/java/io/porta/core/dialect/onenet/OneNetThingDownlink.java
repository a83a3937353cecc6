package io.porta.core.dialect.onenet;

import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.thing.ThingCall;
import io.porta.core.thing.ThingDownlink;
import io.porta.core.thing.ThingRequests;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OneJSON requests to a device (protocols.md A.7.5): {@code thing/property/set}, {@code thing/property/get}
 * (params = the identifiers) and {@code thing/service/{id}/invoke}; the device answers on the
 * matching {@code …_reply} topic with the request's id. A sub-device online through a gateway gets
 * them on the gateway's topics, naming itself ({@code thing/sub/property/set|get},
 * {@code thing/sub/service/invoke}); the gateway answers on their {@code _reply}.
 */
final class OneNetThingDownlink implements ThingDownlink {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ThingRequests ids = new ThingRequests();

  @Override
  public ThingCall propertySet(DeviceIdentity device, JsonNode params) {
    return OneNetGateway.isSubDevice(device)
        ? viaGateway(device, "thing/sub/property/set", sub(device).set("params", params))
        : call(device, "thing/property/set", params);
  }

  @Override
  public ThingCall propertyGet(DeviceIdentity device, List<String> identifiers) {
    ArrayNode params = JSON.createArrayNode();
    identifiers.forEach(params::add);
    return OneNetGateway.isSubDevice(device)
        ? viaGateway(device, "thing/sub/property/get", sub(device).set("params", params))
        : call(device, "thing/property/get", params);
  }

  /** A.7.5: one topic whether the caller waits (sync) or not. */
  @Override
  public ThingCall service(DeviceIdentity device, String identifier, JsonNode params, boolean sync) {
    if (OneNetGateway.isSubDevice(device)) {
      ObjectNode p = sub(device).put("identifier", identifier);
      p.set("input", params);
      return viaGateway(device, "thing/sub/service/invoke", p);
    }
    return call(device, "thing/service/" + identifier + "/invoke", params);
  }

  private ThingCall call(DeviceIdentity device, String path, JsonNode params) {
    return call(OneNetTopics.prefix(device.productId(), device.deviceName()) + path, params);
  }

  private ThingCall viaGateway(DeviceIdentity sub, String path, JsonNode params) {
    String gwProduct = sub.attribute(OneNetGateway.GATEWAY_PRODUCT);
    String gwDevice = sub.attribute(OneNetGateway.GATEWAY_DEVICE);
    return call(OneNetTopics.prefix(gwProduct, gwDevice) + path, params);
  }

  private ThingCall call(String topic, JsonNode params) {
    String id = ids.nextId();
    return new ThingCall(id, id, topic, ThingRequests.encode(id, params, null));
  }

  /** {@code {"productID","deviceName"}} of the sub-device, which the request's params start with. */
  private static ObjectNode sub(DeviceIdentity device) {
    return JSON.createObjectNode().put("productID", device.productId()).put("deviceName", device.deviceName());
  }
}
