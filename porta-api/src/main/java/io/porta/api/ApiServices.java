package io.porta.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.porta.api.push.PushServices;
import io.porta.core.command.CommandService;
import io.porta.core.dialect.Dialects;
import io.porta.core.event.DeviceEventRepository;
import io.porta.core.message.DownlinkService;
import io.porta.core.message.MessageLogRepository;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.registry.ProductRepository;
import io.porta.core.session.DeviceSessions;
import io.porta.core.telemetry.TelemetryRepository;
import io.porta.core.thing.DesiredPropertyRepository;
import io.porta.core.topic.TopicCategories;
import io.porta.core.shadow.ShadowService;
import io.porta.core.gateway.GatewayTopology;
import java.time.Clock;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Everything the REST API calls into, wired by the server.
 *
 * @param topics the custom topic categories, through the cache the Alibaba dialect reads
 * @param messageLog the per-device log of uplink messages ({@code …/messages})
 * @param deviceEvents the per-device event history, online/offline included ({@code …/events})
 * @param downlink messages and broadcasts from applications to devices
 * @param ready whether every listener and the store are up ({@code /readyz})
 * @param apiToken the bearer token every {@code /api/v1} call must carry
 * @param mqttPort the plain MQTT port devices are told to use ({@code …/connection})
 * @param mqttsPort the MQTT over TLS port, or 0 when TLS is disabled
 * @param clock the source of {@code createdAt} times
 * @param push webhooks: their definitions, delivery and outbox
 * @param shadows device shadows (OneNET image, Alibaba shadow)
 * @param gateways which sub-devices each gateway speaks for
 * @param desiredProperties the thing model's desired property values ({@code …/properties/desired})
 */
public record ApiServices(
    ProductRepository products,
    DeviceRepository devices,
    TelemetryRepository telemetry,
    DeviceSessions sessions,
    CommandService commands,
    Dialects dialects,
    TopicCategories topics,
    MessageLogRepository messageLog,
    DeviceEventRepository deviceEvents,
    DownlinkService downlink,
    PrometheusMeterRegistry metrics,
    BooleanSupplier ready,
    String apiToken,
    int mqttPort,
    int mqttsPort,
    Clock clock,
    PushServices push,
    ShadowService shadows,
    DesiredPropertyRepository desiredProperties,
    GatewayTopology gateways) {

  public ApiServices {
    Objects.requireNonNull(products, "products");
    Objects.requireNonNull(devices, "devices");
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(commands, "commands");
    Objects.requireNonNull(dialects, "dialects");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(messageLog, "messageLog");
    Objects.requireNonNull(deviceEvents, "deviceEvents");
    Objects.requireNonNull(downlink, "downlink");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(ready, "ready");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(push, "push");
    Objects.requireNonNull(shadows, "shadows");
    Objects.requireNonNull(desiredProperties, "desiredProperties");
    Objects.requireNonNull(gateways, "gateways");
    if (apiToken == null || apiToken.isBlank()) {
      throw new IllegalArgumentException("apiToken must not be blank");
    }
  }

  /** Never print the token. */
  @Override
  public String toString() {
    return "ApiServices[mqttPort=" + mqttPort + ", mqttsPort=" + mqttsPort + "]";
  }
}
