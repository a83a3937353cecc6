package io.porta.core.topic;

import java.util.Objects;

/**
 * A topic category of a product (Alibaba "topic class"): a template such as
 * {@code /${productKey}/${deviceName}/user/get} in which {@code ${deviceName}} always stands for the
 * connected device itself.
 *
 * @param system a default or system category that cannot be deleted
 */
public record TopicCategory(String id, String productId, String topic, TopicAccess access, boolean system) {
  public TopicCategory {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(access, "access");
  }
}
