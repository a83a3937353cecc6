package io.porta.mqtt.limit;

import java.time.Duration;
import java.util.Objects;

/**
 * When failed logins (CONNACK 4: bad credentials, unknown device, expired token) are throttled: more
 * than {@code maxPerAddress} from one IP address, or {@code maxPerDevice} for one claimed device,
 * within {@code window} bans that address or device for {@code ban}; meanwhile its CONNECTs get
 * CONNACK 5 without a credential check (password guessing gains nothing, and costs the registry
 * nothing).
 *
 * @param maxPerAddress 0 = not counted per address
 * @param maxPerDevice 0 = not counted per device
 */
public record AuthFailureLimits(Duration window, int maxPerAddress, int maxPerDevice, Duration ban) {
  public static final AuthFailureLimits DEFAULTS =
      new AuthFailureLimits(Duration.ofMinutes(1), 100, 10, Duration.ofMinutes(5));

  public AuthFailureLimits {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(ban, "ban");
    if (window.isNegative() || window.isZero() || ban.isNegative()) {
      throw new IllegalArgumentException("window must be positive and ban not negative");
    }
    if (maxPerAddress < 0 || maxPerDevice < 0) {
      throw new IllegalArgumentException("auth failure limits must be >= 0 (0 = none)");
    }
  }
}
