package io.porta.core.dialect.onenet;

import io.porta.core.dialect.AuthResult;
import io.porta.core.dialect.ConnectRefusal;
import io.porta.core.dialect.ConnectRequest;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.session.DisconnectReason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a OneNET device's credentials (protocols.md A.2, A.3; design.md "Dialect rules … OneNET"):
 * ClientId = device name, Username = product id, Password = a token signed with the device-level key
 * over {@code res=products/{pid}/devices/{dn}}, or with the product-level key over
 * {@code products/{pid}} or {@code products/{pid}/devices/{dn}}. Blocking (registry lookup).
 *
 * <p>Refusals are logged at INFO with the device identity and the reason, never the password.
 */
final class OneNetAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(OneNetAuthenticator.class);

  private final DeviceRepository devices;
  private final Clock clock;

  OneNetAuthenticator(DeviceRepository devices, Clock clock) {
    this.devices = devices;
    this.clock = clock;
  }

  AuthResult authenticate(Product product, ConnectRequest request) {
    String productId = product.id();
    String deviceName = request.clientId();
    if (deviceName == null || deviceName.isEmpty()) {
      return refuse(
          request,
          new ConnectRefusal(
              ConnectRefusal.IDENTIFIER_REJECTED, DisconnectReason.CONNECT_REFUSED, "empty clientId"));
    }
    if (!productId.equals(request.username())) {
      return refuse(request, ConnectRefusal.badCredentials("username is not the product id"));
    }
    if (request.password() == null) {
      return refuse(request, ConnectRefusal.badCredentials("no password"));
    }
    Optional<Device> found;
    try {
      found = devices.find(new DeviceKey(productId, deviceName));
    } catch (RuntimeException e) {
      // A.4 [I]: code 3 when a backend is down.
      log.warn("OneNET CONNECT of {}/{}: device lookup failed", productId, deviceName, e);
      return AuthResult.refused(
          new ConnectRefusal(
              ConnectRefusal.SERVER_UNAVAILABLE, DisconnectReason.INTERNAL_ERROR, "registry unavailable"));
    }
    if (found.isEmpty()) {
      return refuse(request, ConnectRefusal.unknownDevice("unknown device"));
    }
    Device device = found.get();

    OneNetToken token;
    try {
      token = OneNetToken.parse(new String(request.password(), StandardCharsets.UTF_8));
    } catch (OneNetToken.MalformedTokenException e) {
      return refuse(request, ConnectRefusal.badCredentials("malformed token: " + e.getMessage()));
    }
    // A.3 [I]: the pid in res must be the username, a device segment must be the ClientId.
    String[] res = token.res().split("/", -1);
    boolean productRes = res.length == 2 && res[0].equals("products");
    boolean deviceRes = res.length == 4 && res[0].equals("products") && res[2].equals("devices");
    if (!productRes && !deviceRes) {
      return refuse(request, ConnectRefusal.badCredentials("res is not products/{pid}[/devices/{dn}]"));
    }
    if (!res[1].equals(productId)) {
      return refuse(request, ConnectRefusal.badCredentials("res names another product"));
    }
    if (deviceRes && !res[3].equals(deviceName)) {
      return refuse(request, ConnectRefusal.badCredentials("res names another device"));
    }
    // design.md: the device-level key signs the device res; the product-level key signs either.
    boolean signed = (deviceRes && token.verify(device.secret())) || token.verify(product.secret());
    if (!signed) {
      return refuse(request, ConnectRefusal.badCredentials("bad signature"));
    }
    if (token.isExpired(clock)) {
      return refuse(request, ConnectRefusal.expired("token expired"));
    }
    // Only a device that proved its identity learns that it is disabled (A.4 [I]: code 5).
    if (!device.enabled()) {
      return refuse(request, ConnectRefusal.disabled("device disabled"));
    }
    return AuthResult.accepted(new DeviceIdentity(product, deviceName));
  }

  private static AuthResult refuse(ConnectRequest request, ConnectRefusal refusal) {
    log.info(
        "OneNET CONNECT refused: device={}/{} from={} code={} reason={}",
        request.username(),
        request.clientId(),
        request.remoteAddress(),
        refusal.connackCode(),
        refusal.detail());
    return AuthResult.refused(refusal);
  }
}
