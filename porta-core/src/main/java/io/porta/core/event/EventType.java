package io.porta.core.event;

import java.util.Locale;
import java.util.Optional;

/** The kinds of device events applications can receive (api.md "Push to applications"). */
public enum EventType {
  /** Data points stored: OneNET uploads, Alibaba properties. */
  DATAPOINTS,
  /** Uplink kept in the message log: Alibaba {@code /update} and custom topics. */
  MESSAGES,
  /** Online and offline, with the reason. */
  STATUS,
  /** A command sent to a device, and its outcome. */
  COMMANDS,
  /** A thing-model event the device reported (Alink {@code thing/event/{id}/post}, OneJSON {@code thing/event/post}). */
  EVENTS;

  // Computed once: label() is called for every event on the fan-out path.
  private final String label = name().toLowerCase(Locale.ROOT);

  /** The name in JSON, REST filters and topics. */
  public String label() {
    return label;
  }

  public static Optional<EventType> fromLabel(String label) {
    for (EventType t : values()) {
      if (t.label().equals(label)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
