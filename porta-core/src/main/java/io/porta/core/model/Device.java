package io.porta.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A registered device. The secret (device-level key) and the device token are never logged.
 *
 * @param tags device tags a device reports (Alibaba {@code thing/deviceinfo/update}); never null
 * @param firmwareVersion the version a device last reported (Alibaba {@code /ota/device/inform}), or null
 * @param deviceToken the token of an Alibaba device registered without pre-registration (regnwl),
 *     used as its password (authType=connwl); null otherwise
 * @param activatedAt the first successful login, or null while the device has never logged in
 */
public record Device(
    String productId,
    String name,
    String secret,
    boolean enabled,
    Instant createdAt,
    Map<String, String> tags,
    String firmwareVersion,
    String deviceToken,
    Instant activatedAt) {
  public Device {
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(createdAt, "createdAt");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** A new device: no tags, no firmware version, no token, never logged in. */
  public Device(String productId, String name, String secret, boolean enabled, Instant createdAt) {
    this(productId, name, secret, enabled, createdAt, Map.of(), null, null, null);
  }

  public DeviceKey key() {
    return new DeviceKey(productId, name);
  }

  public Device withEnabled(boolean value) {
    return new Device(productId, name, secret, value, createdAt, tags, firmwareVersion, deviceToken, activatedAt);
  }

  public Device withTags(Map<String, String> value) {
    return new Device(productId, name, secret, enabled, createdAt, value, firmwareVersion, deviceToken, activatedAt);
  }

  public Device withFirmwareVersion(String value) {
    return new Device(productId, name, secret, enabled, createdAt, tags, value, deviceToken, activatedAt);
  }

  public Device withSecret(String value) {
    return new Device(productId, name, value, enabled, createdAt, tags, firmwareVersion, deviceToken, activatedAt);
  }

  public Device withDeviceToken(String value) {
    return new Device(productId, name, secret, enabled, createdAt, tags, firmwareVersion, value, activatedAt);
  }

  public Device withActivatedAt(Instant value) {
    return new Device(productId, name, secret, enabled, createdAt, tags, firmwareVersion, deviceToken, value);
  }

  @Override
  public String toString() {
    return "Device[" + productId + "/" + name + (enabled ? "" : ", disabled") + "]";
  }
}
