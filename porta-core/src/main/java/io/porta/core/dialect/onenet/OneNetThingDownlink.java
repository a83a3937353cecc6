package io.porta.core.dialect.onenet;

import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.thing.ThingCall;
import io.porta.core.thing.ThingDownlink;
import io.porta.core.thing.ThingRequests;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * OneJSON requests to a device (protocols.md A.7.5): {@code thing/property/set}, {@code thing/property/get}
 * (params = the identifiers) and {@code thing/service/{id}/invoke}; the device answers on the
 * matching {@code …_reply} topic with the request's id.
 */
final class OneNetThingDownlink implements ThingDownlink {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ThingRequests ids = new ThingRequests();

  @Override
  public ThingCall propertySet(DeviceIdentity device, JsonNode params) {
    return call(device, "thing/property/set", params);
  }

  @Override
  public ThingCall propertyGet(DeviceIdentity device, List<String> identifiers) {
    ArrayNode params = JSON.createArrayNode();
    identifiers.forEach(params::add);
    return call(device, "thing/property/get", params);
  }

  /** A.7.5: one topic whether the caller waits (sync) or not. */
  @Override
  public ThingCall service(DeviceIdentity device, String identifier, JsonNode params, boolean sync) {
    return call(device, "thing/service/" + identifier + "/invoke", params);
  }

  private ThingCall call(DeviceIdentity device, String path, JsonNode params) {
    String id = ids.nextId();
    String topic = OneNetTopics.prefix(device.productId(), device.deviceName()) + path;
    return new ThingCall(id, id, topic, ThingRequests.encode(id, params, null));
  }
}
