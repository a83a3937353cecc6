package io.porta.core.model;

import java.util.regex.Pattern;

/** The device-name rule of api.md "Devices": 4–64 characters of letters, digits and {@code _-.@:}. */
public final class DeviceNames {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_\\-.@:]{4,64}");

  private DeviceNames() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }
}
