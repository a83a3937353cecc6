package io.porta.core.dialect.aliyun;

import io.porta.core.dialect.Secrets;
import io.porta.core.gateway.GatewayLimits;
import io.porta.core.gateway.Gateways;
import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.DeviceNames;
import io.porta.core.model.Product;
import io.porta.core.registry.ConflictException;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.session.DeviceLink;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Dynamic registration of sub-devices by their gateway (protocols.md B.9 {@code thing/sub/register},
 * params {@code [{"productKey","deviceName"}]}, reply data {@code [{"productKey","deviceName","deviceSecret"}]}):
 * the gateway is already authenticated, so only the sub-device's product decides, with the same switch
 * as B.3's CONNECT registration ({@code dynamicRegistration}): {@code off} refuses; {@code register}
 * issues a secret to a pre-created device that was never activated; {@code regnwl} also creates an absent
 * one. A secret is issued once: the device counts as activated from then on, so no other gateway can
 * take it over by registering it again. All or nothing; secrets are never logged. Blocking.
 */
final class AliyunSubRegistration {
  private static final Logger log = LoggerFactory.getLogger(AliyunSubRegistration.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The sub-device's product does not allow dynamic registration (64xx: Alibaba's gateway range). */
  static final int REGISTRATION_DISABLED = 6404;
  /** The sub-device already has its secret (activated). */
  static final int ALREADY_ACTIVATED = 6405;

  private final DeviceRepository devices;
  private final Gateways gateways;
  private final Clock clock;

  AliyunSubRegistration(DeviceRepository devices, Gateways gateways, Clock clock) {
    this.devices = devices;
    this.gateways = gateways;
    this.clock = clock;
  }

  AliyunGateway.Result register(DeviceLink gateway, JsonNode params) {
    if (params == null || !params.isArray() || params.isEmpty()) {
      return AliyunGateway.Result.error(AliyunGateway.PARAM_ERROR, "request parameter error: params must be a non-empty array");
    }
    int max = gateways.limits().maxRegisterBatch();
    if (!gateways.fits(gateway.identity().key(), GatewayLimits.REGISTER_BATCH, params.size(), max)) {
      return AliyunGateway.Result.error(AliyunGateway.PARAM_ERROR, "request parameter error: at most " + max + " sub-devices");
    }
    List<DeviceKey> subs = new ArrayList<>();
    List<Optional<Device>> existing = new ArrayList<>();
    for (JsonNode item : params) {
      DeviceKey sub = AliyunGateway.key(item);
      if (sub == null || !DeviceNames.isValid(sub.deviceName())) {
        return AliyunGateway.Result.error(AliyunGateway.PARAM_ERROR, "request parameter error: productKey and a valid deviceName");
      }
      Optional<Product> product = gateways.products().find(sub.productId());
      if (product.isEmpty() || !AliyunDialect.NAME.equals(product.get().dialect())) {
        return AliyunGateway.Result.error(AliyunGateway.DEVICE_NOT_FOUND, "product not found: " + sub.productId());
      }
      String option = product.get().options().dynamicRegistration();
      Optional<Device> device = devices.find(sub);
      if (option.equals("off")) {
        return AliyunGateway.Result.error(REGISTRATION_DISABLED, "dynamic registration is not enabled for product " + sub.productId());
      }
      if (device.isEmpty() && !option.equals(AliyunAuthenticator.REGNWL)) {
        return AliyunGateway.Result.error(AliyunGateway.DEVICE_NOT_FOUND, "device not found: " + sub);
      }
      if (device.isPresent() && device.get().activatedAt() != null) {
        return AliyunGateway.Result.error(ALREADY_ACTIVATED, "device already activated: " + sub);
      }
      if (device.isPresent() && !device.get().enabled()) {
        return AliyunGateway.Result.error(6204, "device disabled: " + sub);
      }
      subs.add(sub);
      existing.add(device);
    }
    ArrayNode data = JSON.createArrayNode();
    Instant now = clock.instant();
    for (int i = 0; i < subs.size(); i++) {
      DeviceKey sub = subs.get(i);
      String secret = Secrets.randomAlphanumeric(AliyunDialect.DEVICE_SECRET_LENGTH);
      if (existing.get(i).isEmpty()) {
        try {
          devices.create(new Device(sub.productId(), sub.deviceName(), secret, true, now, Map.of(), null, null, null));
        } catch (ConflictException raced) {
          devices.setSecret(sub, secret);
        }
      } else {
        devices.setSecret(sub, secret);
      }
      devices.markActivated(sub, now);
      log.info("sub-device {} registered dynamically by gateway {}, new secret issued", sub, gateway.identity());
      data.addObject().put("productKey", sub.productId()).put("deviceName", sub.deviceName()).put("deviceSecret", secret);
    }
    return AliyunGateway.Result.ok(data);
  }
}
