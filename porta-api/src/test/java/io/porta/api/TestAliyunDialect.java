package io.porta.api;

import io.porta.core.dialect.CommandRoute;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.model.Product;
import io.porta.core.topic.TopicAccess;
import io.porta.core.topic.TopicCategory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A stand-in for the Alibaba dialect with what the API uses on top of {@link TestDialect}: RRPC on
 * custom topics, broadcast under {@code /broadcast/{pk}/}, system and custom topic categories under
 * {@code /${productKey}/${deviceName}/user/}, persistent sessions. A device may receive its own
 * {@code /user/} topics.
 */
final class TestAliyunDialect extends TestDialect {
  static final String USER = "/${productKey}/${deviceName}/user/";

  TestAliyunDialect() {
    super("aliyun");
  }

  @Override
  public CommandRoute commandRoute() {
    return new CommandRoute() {
      @Override
      public String newCommandId() {
        return UUID.randomUUID().toString();
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
        if (!customTopic.startsWith(userPrefix(device))) {
          throw new IllegalArgumentException("topic " + customTopic + " is not one of the device's topics");
        }
        return FakeSessions.RRPC_PREFIX + commandId + customTopic;
      }

      @Override
      public Duration minTimeout() {
        return Duration.ofSeconds(1);
      }

      @Override
      public Duration maxTimeout() {
        return Duration.ofSeconds(8);
      }

      @Override
      public Duration defaultTimeout() {
        return Duration.ofSeconds(5);
      }
    };
  }

  @Override
  public boolean mayDeliver(DeviceIdentity device, String topic) {
    return topic.startsWith(userPrefix(device));
  }

  @Override
  public String broadcastTopic(Product product, String topic) {
    String prefix = "/broadcast/" + product.id() + "/";
    if (topic.startsWith(prefix)) {
      return topic;
    }
    if (topic.startsWith("/broadcast/")) {
      throw new IllegalArgumentException("broadcast topics of this product start with " + prefix);
    }
    return prefix + topic;
  }

  @Override
  public List<TopicCategory> systemTopicCategories(Product product) {
    return List.of(
        new TopicCategory("sys-1", product.id(), "/sys/" + product.id() + "/${deviceName}/thing/event/property/post", TopicAccess.PUB, true),
        new TopicCategory("sys-2", product.id(), "/" + product.id() + "/${deviceName}/user/get", TopicAccess.SUB, true));
  }

  /** The canonical template; the product key may be given literally. */
  @Override
  public String customTopicCategory(Product product, String topic) {
    String literal = "/" + product.id() + "/${deviceName}/user/";
    if (topic.startsWith(literal)) {
      return USER + topic.substring(literal.length());
    }
    if (topic.startsWith(USER) && topic.length() > USER.length()) {
      return topic;
    }
    throw new IllegalArgumentException("a custom topic must start with " + USER);
  }

  @Override
  public boolean supportsPersistentSessions() {
    return true;
  }

  private static String userPrefix(DeviceIdentity device) {
    return "/" + device.productId() + "/" + device.deviceName() + "/user/";
  }
}
