package io.porta.core.dialect.aliyun;

import io.porta.core.command.MessageIds;
import io.porta.core.dialect.CommandRoute;
import io.porta.core.dialect.DeviceIdentity;
import java.time.Duration;

/**
 * Alibaba RRPC (protocols.md B.7): numeric message ids, requests on
 * {@code /sys/{pk}/{dn}/rrpc/request/{id}} or, for a device that logged in with {@code ext=1}, on
 * {@code /ext/rrpc/{id}{topic}} for one of its own topics. Timeouts 1–8 s, default 5 s.
 */
final class AliyunCommandRoute implements CommandRoute {
  private static final Duration MIN = Duration.ofSeconds(1);
  private static final Duration MAX = Duration.ofSeconds(8);
  private static final Duration DEFAULT = Duration.ofSeconds(5);

  private final MessageIds ids = new MessageIds();
  private final AliyunTopics topics;

  AliyunCommandRoute(AliyunTopics topics) {
    this.topics = topics;
  }

  @Override
  public String newCommandId() {
    return ids.next();
  }

  @Override
  public String requestTopic(DeviceIdentity device, String commandId) {
    return "/sys/" + device.productId() + "/" + device.deviceName() + "/rrpc/request/" + commandId;
  }

  @Override
  public String requestTopic(DeviceIdentity device, String commandId, String customTopic) {
    if (customTopic == null) {
      return requestTopic(device, commandId);
    }
    if (!"1".equals(device.attribute("ext"))) {
      throw new IllegalArgumentException(
          "the device did not log in with ext=1, so it cannot receive RRPC on a custom topic");
    }
    if (!customTopic.startsWith("/") || !topics.isOwnTopic(device, customTopic)) {
      throw new IllegalArgumentException("topic " + customTopic + " is not one of the device's topics");
    }
    return AliyunTopics.RRPC_PREFIX + commandId + customTopic;
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
