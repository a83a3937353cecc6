package io.porta.core.thing;

import io.porta.core.dialect.DeviceIdentity;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * How a dialect shapes requests of the thing model to a device (B.6.2 for Alink, A.7.5 for
 * OneJSON). The replies are matched by the dialect's uplink, through the pending commands.
 */
public interface ThingDownlink {
  /** {@code thing/service/property/set} or {@code $sys/…/thing/property/set}; params an object. */
  ThingCall propertySet(DeviceIdentity device, JsonNode params);

  /** {@code thing/service/property/get} or {@code $sys/…/thing/property/get}; params the identifiers. */
  ThingCall propertyGet(DeviceIdentity device, List<String> identifiers);

  /**
   * A service call.
   *
   * @param sync Alibaba: over RRPC ({@code /ext/rrpc/{msgId}/sys/…/thing/service/{id}}) rather than
   *     {@code thing/service/{id}}; OneNET has one route for both
   */
  ThingCall service(DeviceIdentity device, String identifier, JsonNode params, boolean sync);
}
