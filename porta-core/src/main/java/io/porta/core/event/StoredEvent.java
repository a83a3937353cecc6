package io.porta.core.event;

import io.porta.core.model.DeviceKey;
import java.util.Objects;

/**
 * One entry of a device's event history ({@code GET …/devices/{name}/events}).
 *
 * @param type the kind of event: {@code "status"} for online/offline; thing-model events add others
 * @param identifier what happened within the type ({@code "online"} or {@code "offline"} for status)
 * @param data the event's JSON object, already serialised
 */
public record StoredEvent(DeviceKey device, String type, long timeMs, String identifier, String data) {
  public StoredEvent {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(data, "data");
  }
}
