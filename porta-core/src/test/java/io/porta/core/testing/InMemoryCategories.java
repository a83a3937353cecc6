package io.porta.core.testing;

import io.porta.core.registry.ConflictException;
import io.porta.core.topic.TopicCategory;
import io.porta.core.topic.TopicCategoryRepository;
import java.util.ArrayList;
import java.util.List;

/** Custom topic categories in a list; counts reads so tests can see the cache at work. */
public final class InMemoryCategories implements TopicCategoryRepository {
  private final List<TopicCategory> categories = new ArrayList<>();
  public int reads;

  @Override
  public synchronized List<TopicCategory> list(String productId) {
    reads++;
    return categories.stream().filter(c -> c.productId().equals(productId)).toList();
  }

  @Override
  public synchronized void create(TopicCategory category) {
    if (categories.stream()
        .anyMatch(c -> c.productId().equals(category.productId()) && c.topic().equals(category.topic()))) {
      throw new ConflictException("topic exists");
    }
    categories.add(category);
  }

  @Override
  public synchronized boolean delete(String productId, String id) {
    return categories.removeIf(c -> c.productId().equals(productId) && c.id().equals(id));
  }
}
