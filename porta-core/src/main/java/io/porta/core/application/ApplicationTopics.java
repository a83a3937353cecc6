package io.porta.core.application;

import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventType;
import java.util.Optional;

/**
 * The application channel's topic scheme: {@code $app/{productId}/{deviceName}/{kind}} with kind
 * {@code dp}, {@code messages}, {@code status}, {@code commands} or {@code events}. The {@code $} prefix keeps these
 * topics apart from every device topic (MQTT 3.1.1 §4.7.2: {@code #} and {@code +} at the first level
 * never match a {@code $} topic), and no dialect lets a device near them.
 */
public final class ApplicationTopics {
  public static final String PREFIX = "$app";

  private ApplicationTopics() {}

  /** The topic an event is published on. */
  public static String topic(DeviceEvent event) {
    return PREFIX + '/' + event.productId() + '/' + event.deviceName() + '/' + kind(event.type());
  }

  /** The last topic level for an event type ({@code dp} for data points, else the type's label). */
  public static String kind(EventType type) {
    return type == EventType.DATAPOINTS ? "dp" : type.label();
  }

  static boolean isKind(String level) {
    for (EventType t : EventType.values()) {
      if (kind(t).equals(level)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks a subscription filter of an application: {@code $app/}, then a product the application
   * covers (or {@code +}), a device name (or {@code +}), a kind (or {@code +}); {@code #} may end the
   * filter.
   *
   * @return empty when acceptable, else why not
   */
  public static Optional<String> checkFilter(String filter, Application application) {
    String[] levels = filter.split("/", -1);
    if (levels.length < 2 || !PREFIX.equals(levels[0])) {
      return Optional.of("application filters start with " + PREFIX + "/");
    }
    if (levels.length > 4) {
      return Optional.of("too many levels: " + PREFIX + "/{product}/{device}/{kind}");
    }
    for (int i = 1; i < levels.length; i++) {
      String level = levels[i];
      boolean last = i == levels.length - 1;
      if ("#".equals(level)) {
        if (!last) {
          return Optional.of("# may only end the filter");
        }
        return Optional.empty();
      }
      if (level.isEmpty() || (!"+".equals(level) && (level.contains("+") || level.contains("#")))) {
        return Optional.of("invalid level '" + level + "'");
      }
      if (i == 1 && !"+".equals(level) && !application.covers(level)) {
        return Optional.of("product " + level + " is not in the application's scope");
      }
      if (i == 3 && !"+".equals(level) && !isKind(level)) {
        return Optional.of("unknown kind '" + level + "' (dp, messages, status, commands, events)");
      }
    }
    if (levels.length < 4) {
      return Optional.of("a filter names product, device and kind, or ends in #");
    }
    return Optional.empty();
  }
}
