package io.porta.core.thing;

import java.util.Objects;

/**
 * What a dialect's thing-model uplink needs beyond the transport: where posted properties and events
 * go, and the desired property values devices read and delete.
 */
public record ThingModel(ThingRecorder recorder, DesiredProperties desired) {
  public ThingModel {
    Objects.requireNonNull(recorder, "recorder");
    Objects.requireNonNull(desired, "desired");
  }
}
