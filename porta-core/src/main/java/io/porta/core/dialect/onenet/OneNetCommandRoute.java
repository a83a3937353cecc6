package io.porta.core.dialect.onenet;

import io.porta.core.command.RandomUuids;
import io.porta.core.dialect.CommandRoute;
import io.porta.core.dialect.DeviceIdentity;
import java.time.Duration;

/**
 * OneNET commands (protocols.md A.7.2): a UUID {@code cmdid} published to
 * {@code $sys/{pid}/{dn}/cmd/request/{cmdid}}. Timeouts 1–30 s, default 5 s (the northbound sync-command
 * API waits up to 30 s; OneNET Studio's synchronous calls time out after 5 s).
 */
final class OneNetCommandRoute implements CommandRoute {
  private static final Duration MIN = Duration.ofSeconds(1);
  private static final Duration MAX = Duration.ofSeconds(30);
  private static final Duration DEFAULT = Duration.ofSeconds(5);

  @Override
  public String newCommandId() {
    return RandomUuids.next().toString();
  }

  @Override
  public String requestTopic(DeviceIdentity device, String commandId) {
    return OneNetTopics.commandRequest(device.productId(), device.deviceName(), commandId);
  }

  /** A sub-device online through a gateway has no cmd topics the gateway could carry (A.7.5). */
  @Override
  public String requestTopic(DeviceIdentity device, String commandId, String customTopic) {
    if (OneNetGateway.isSubDevice(device)) {
      throw new IllegalArgumentException(
          "a OneNET sub-device takes property and service calls through its gateway, not commands");
    }
    return CommandRoute.super.requestTopic(device, commandId, customTopic);
  }

  @Override
  public Duration minTimeout() {
    return MIN;
  }

  @Override
  public Duration maxTimeout() {
    return MAX;
  }

  @Override
  public Duration defaultTimeout() {
    return DEFAULT;
  }
}
