package io.porta.api;

import io.porta.core.registry.ConflictException;
import io.porta.core.topic.TopicCategory;
import io.porta.core.topic.TopicCategoryRepository;
import java.util.ArrayList;
import java.util.List;

/** Custom topic categories in a list, unique per product and topic as in the store. */
final class InMemoryTopicCategories implements TopicCategoryRepository {
  private final List<TopicCategory> categories = new ArrayList<>();

  @Override
  public synchronized List<TopicCategory> list(String productId) {
    return categories.stream().filter(c -> c.productId().equals(productId)).toList();
  }

  @Override
  public synchronized void create(TopicCategory category) {
    if (categories.stream()
        .anyMatch(c -> c.productId().equals(category.productId()) && c.topic().equals(category.topic()))) {
      throw new ConflictException("product " + category.productId() + " already has " + category.topic());
    }
    categories.add(category);
  }

  @Override
  public synchronized boolean delete(String productId, String id) {
    return categories.removeIf(c -> c.productId().equals(productId) && c.id().equals(id));
  }
}
