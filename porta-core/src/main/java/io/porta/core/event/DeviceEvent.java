package io.porta.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a device, as applications receive it.
 *
 * @param id increasing, unique per server (assigned when the event is stored; 0 before)
 * @param data the event's JSON object, already serialised (its shape depends on {@code type})
 */
public record DeviceEvent(long id, Instant time, String productId, String deviceName, EventType type, String data) {
  public DeviceEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(deviceName, "deviceName");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
  }

  public static DeviceEvent of(Instant time, String productId, String deviceName, EventType type, String data) {
    return new DeviceEvent(0, time, productId, deviceName, type, data);
  }

  public DeviceEvent withId(long newId) {
    return new DeviceEvent(newId, time, productId, deviceName, type, data);
  }
}
