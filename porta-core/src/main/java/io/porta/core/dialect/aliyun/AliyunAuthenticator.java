package io.porta.core.dialect.aliyun;

import io.porta.core.dialect.AuthResult;
import io.porta.core.dialect.ConnectRefusal;
import io.porta.core.dialect.ConnectRequest;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.Secrets;
import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.DeviceNames;
import io.porta.core.model.Product;
import io.porta.core.registry.ConflictException;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.session.OutboundMessage;
import io.porta.core.topic.TopicCategories;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credential check of an Alibaba CONNECT (protocols.md B.2.2, B.3, B.4; design.md "Dialect rules …
 * Alibaba"): the signed triple login, dynamic registration ({@code authType=register} / {@code regnwl})
 * and the device-token login ({@code authType=connwl}). Blocking (registry lookups).
 */
final class AliyunAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(AliyunAuthenticator.class);

  static final String REGISTER = "register";
  static final String REGNWL = "regnwl";
  static final String CONNWL = "connwl";

  static final String REGISTER_TOPIC = "/ext/register";
  static final String REGNWL_TOPIC = "/ext/regnwl";

  static final int DEVICE_SECRET_LENGTH = 32;
  static final int DEVICE_TOKEN_LENGTH = 32;

  private final DeviceRepository devices;
  private final TopicCategories categories;
  private final Clock clock;

  AliyunAuthenticator(DeviceRepository devices, TopicCategories categories, Clock clock) {
    this.devices = devices;
    this.categories = categories;
    this.clock = clock;
  }

  /** Whether the ClientId asks for dynamic registration (exempt from the keepalive rule, B.2.4). */
  static boolean isRegistration(AliyunClientId clientId) {
    String authType = clientId.extension("authType");
    return REGISTER.equals(authType) || REGNWL.equals(authType);
  }

  AuthResult authenticate(Product product, ConnectRequest request) {
    Optional<AliyunUsername> username = AliyunUsername.parse(request.username());
    if (username.isEmpty() || !username.get().productKey().equals(product.id())) {
      return refuse(ConnectRefusal.badCredentials("username is not deviceName&productKey"));
    }
    if (request.password() == null) {
      return refuse(ConnectRefusal.badCredentials("no password"));
    }
    String deviceName = username.get().deviceName();
    String password = new String(request.password(), StandardCharsets.UTF_8);
    AliyunClientId clientId = AliyunClientId.parse(request.clientId());
    String authType = clientId.extension("authType");
    if (REGISTER.equals(authType) || REGNWL.equals(authType)) {
      return register(product, deviceName, clientId, authType, password, request.tls());
    }
    if (CONNWL.equals(authType)) {
      return tokenLogin(product, deviceName, clientId, password);
    }
    return signedLogin(product, deviceName, clientId, password);
  }

  /** B.2.2: sign {clientId (if non-empty), deviceName, productKey, timestamp (if given)}. */
  private AuthResult signedLogin(Product product, String deviceName, AliyunClientId clientId, String password) {
    String method = clientId.extension("signmethod");
    if (!AliyunSign.isKnownMethod(method)) {
      return refuse(ConnectRefusal.badCredentials("unknown signmethod " + method));
    }
    DeviceKey key = new DeviceKey(product.id(), deviceName);
    Optional<Device> found = devices.find(key);
    if (found.isEmpty()) {
      return refuse(ConnectRefusal.unknownDevice("unknown device " + key));
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (!clientId.id().isEmpty()) {
      params.put("clientId", clientId.id());
    }
    params.put("deviceName", deviceName);
    params.put("productKey", product.id());
    String timestamp = clientId.extension("timestamp");
    if (timestamp != null) {
      params.put("timestamp", timestamp);
    }
    if (!AliyunSign.verify(method, found.get().secret(), params, password)) {
      return refuse(ConnectRefusal.badCredentials("signature mismatch for " + key));
    }
    return admit(product, found.get(), clientId);
  }

  /** B.3: a {@code regnwl} device's later logins: the password is its device token. */
  private AuthResult tokenLogin(Product product, String deviceName, AliyunClientId clientId, String password) {
    DeviceKey key = new DeviceKey(product.id(), deviceName);
    Optional<Device> found = devices.find(key);
    if (found.isEmpty() || found.get().deviceToken() == null) {
      return refuse(ConnectRefusal.badCredentials("no device token for " + key));
    }
    if (!Secrets.constantTimeEquals(
        found.get().deviceToken().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))) {
      return refuse(ConnectRefusal.badCredentials("device token mismatch for " + key));
    }
    return admit(product, found.get(), clientId);
  }

  private AuthResult admit(Product product, Device device, AliyunClientId clientId) {
    if (!device.enabled()) {
      return refuse(ConnectRefusal.disabled("device " + device.key() + " is disabled"));
    }
    if (device.activatedAt() == null) {
      devices.markActivated(device.key(), clock.instant());
    }
    categories.load(product.id()); // so permission checks on the event loop never block
    return AuthResult.accepted(new DeviceIdentity(product, device.name(), clientId.extensions()));
  }

  /** B.3: one type, one secret. Password = HMAC(productSecret, deviceName…productKey…random…). */
  private AuthResult register(
      Product product,
      String deviceName,
      AliyunClientId clientId,
      String authType,
      String password,
      boolean tls) {
    String option = product.options().dynamicRegistration();
    boolean enabled = REGNWL.equals(option) || (REGISTER.equals(option) && REGISTER.equals(authType));
    if (!enabled) {
      return refuse(ConnectRefusal.notAuthorized(
          "dynamic registration (" + authType + ") is not enabled for product " + product.id()));
    }
    if (!tls) {
      return refuse(ConnectRefusal.notAuthorized("dynamic registration requires TLS"));
    }
    String method = clientId.extension("signmethod");
    String random = clientId.extension("random");
    if (!AliyunSign.isKnownMethod(method)) {
      return refuse(ConnectRefusal.badCredentials("unknown signmethod " + method));
    }
    if (random == null) {
      return refuse(ConnectRefusal.badCredentials("registration without random"));
    }
    Map<String, String> params =
        Map.of("deviceName", deviceName, "productKey", product.id(), "random", random);
    if (!AliyunSign.verify(method, product.secret(), params, password)) {
      return refuse(ConnectRefusal.badCredentials("registration signature mismatch for " + deviceName));
    }
    DeviceKey key = new DeviceKey(product.id(), deviceName);
    return REGISTER.equals(authType) ? registerKnown(product, key) : registerWithoutList(product, key);
  }

  /** {@code authType=register}: a pre-created, never activated device gets a fresh secret. */
  private AuthResult registerKnown(Product product, DeviceKey key) {
    Optional<Device> found = devices.find(key);
    if (found.isEmpty()) {
      return refuse(ConnectRefusal.unknownDevice("unknown device " + key));
    }
    if (found.get().activatedAt() != null) {
      return refuse(ConnectRefusal.notAuthorized("device " + key + " is already activated"));
    }
    if (!found.get().enabled()) {
      return refuse(ConnectRefusal.disabled("device " + key + " is disabled"));
    }
    String secret = Secrets.randomAlphanumeric(DEVICE_SECRET_LENGTH);
    devices.setSecret(key, secret);
    log.info("device {} registered dynamically (register), new secret issued", key);
    String payload =
        "{\"productKey\":" + json(key.productId()) + ",\"deviceName\":" + json(key.deviceName())
            + ",\"deviceSecret\":" + json(secret) + "}";
    return AuthResult.provisioning(
        new DeviceIdentity(product, key.deviceName()),
        List.of(new OutboundMessage(REGISTER_TOPIC, utf8(payload), 0, false)));
  }

  /** {@code authType=regnwl}: created when absent, then a fresh device token. */
  private AuthResult registerWithoutList(Product product, DeviceKey key) {
    Optional<Device> found = devices.find(key);
    String token = Secrets.randomAlphanumeric(DEVICE_TOKEN_LENGTH);
    if (found.isEmpty()) {
      if (!DeviceNames.isValid(key.deviceName())) {
        return refuse(ConnectRefusal.badCredentials("invalid device name for registration"));
      }
      Instant now = clock.instant();
      try {
        devices.create(
            new Device(
                key.productId(), key.deviceName(), Secrets.randomAlphanumeric(DEVICE_SECRET_LENGTH), true,
                now, Map.of(), null, token, null));
      } catch (ConflictException raced) {
        devices.setDeviceToken(key, token);
      }
    } else {
      if (!found.get().enabled()) {
        return refuse(ConnectRefusal.disabled("device " + key + " is disabled"));
      }
      devices.setDeviceToken(key, token);
    }
    log.info("device {} registered dynamically (regnwl), new device token issued", key);
    String payload =
        "{\"clientId\":" + json(key.productId() + "." + key.deviceName()) + ",\"productKey\":"
            + json(key.productId()) + ",\"deviceName\":" + json(key.deviceName()) + ",\"deviceToken\":"
            + json(token) + "}";
    return AuthResult.provisioning(
        new DeviceIdentity(product, key.deviceName()),
        List.of(new OutboundMessage(REGNWL_TOPIC, utf8(payload), 0, false)));
  }

  private static AuthResult refuse(ConnectRefusal refusal) {
    return AuthResult.refused(refusal);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A JSON string literal. */
  static String json(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
