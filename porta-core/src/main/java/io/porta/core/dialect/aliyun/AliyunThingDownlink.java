package io.porta.core.dialect.aliyun;

import io.porta.core.dialect.CommandRoute;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.thing.ThingCall;
import io.porta.core.thing.ThingDownlink;
import io.porta.core.thing.ThingRequests;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Alink requests to a device (protocols.md B.6.2): property set/get on {@code thing/service/property/…},
 * services on {@code thing/service/{id}} (async) or over RRPC {@code /ext/rrpc/{msgId}/sys/…} (sync),
 * each with {@code method} in the body.
 */
final class AliyunThingDownlink implements ThingDownlink {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ThingRequests ids = new ThingRequests();
  private final CommandRoute rrpc;

  /** @param rrpc the RRPC message ids (shared with commands, so the two never collide) */
  AliyunThingDownlink(CommandRoute rrpc) {
    this.rrpc = rrpc;
  }

  @Override
  public ThingCall propertySet(DeviceIdentity device, JsonNode params) {
    return direct(device, "thing/service/property/set", "thing.service.property.set", params);
  }

  @Override
  public ThingCall propertyGet(DeviceIdentity device, List<String> identifiers) {
    ArrayNode params = JSON.createArrayNode();
    identifiers.forEach(params::add);
    return direct(device, "thing/service/property/get", "thing.service.property.get", params);
  }

  @Override
  public ThingCall service(DeviceIdentity device, String identifier, JsonNode params, boolean sync) {
    String path = "thing/service/" + identifier;
    String method = "thing.service." + identifier;
    if (!sync) {
      return direct(device, path, method, params);
    }
    // B.6.2: a sync call travels as RRPC; the device answers on the very same topic.
    String id = ids.nextId();
    String messageId = rrpc.newCommandId();
    String topic = AliyunTopics.RRPC_PREFIX + messageId + sys(device) + path;
    return new ThingCall(id, messageId, topic, ThingRequests.encode(id, params, method));
  }

  private ThingCall direct(DeviceIdentity device, String path, String method, JsonNode params) {
    String id = ids.nextId();
    return new ThingCall(id, id, sys(device) + path, ThingRequests.encode(id, params, method));
  }

  private static String sys(DeviceIdentity device) {
    return "/sys/" + device.productId() + "/" + device.deviceName() + "/";
  }
}
