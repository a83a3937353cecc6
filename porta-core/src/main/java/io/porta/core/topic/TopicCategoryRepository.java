package io.porta.core.topic;

import java.util.List;

/** The custom topic categories of products. Blocking: call it off the event loops. */
public interface TopicCategoryRepository {
  /** Custom categories of a product, oldest first. */
  List<TopicCategory> list(String productId);

  /** @throws io.porta.core.registry.ConflictException when the product already has this topic */
  void create(TopicCategory category);

  /** @return false when there is no such category */
  boolean delete(String productId, String id);
}
