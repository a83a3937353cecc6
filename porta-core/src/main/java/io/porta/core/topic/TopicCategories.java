package io.porta.core.topic;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The custom topic categories, cached per product so that permission checks on the event loop never
 * touch the database: {@link #load} (blocking) runs when a device of the product logs in, and every
 * change made through this class updates the cache (write-through).
 */
public final class TopicCategories {
  private final TopicCategoryRepository repository;
  private final Map<String, List<TopicCategory>> cache = new ConcurrentHashMap<>();

  public TopicCategories(TopicCategoryRepository repository) {
    this.repository = repository;
  }

  /** The product's custom categories, read from the database the first time. Blocking. */
  public List<TopicCategory> load(String productId) {
    return cache.computeIfAbsent(productId, id -> List.copyOf(repository.list(id)));
  }

  /** The cached categories; empty when the product was never loaded. Never blocks. */
  public List<TopicCategory> cached(String productId) {
    return cache.getOrDefault(productId, List.of());
  }

  /** Stores a new custom category. Blocking. */
  public synchronized void create(TopicCategory category) {
    repository.create(category);
    cache.put(category.productId(), List.copyOf(repository.list(category.productId())));
  }

  /** Deletes a custom category. Blocking. @return false when absent */
  public synchronized boolean delete(String productId, String id) {
    boolean deleted = repository.delete(productId, id);
    cache.put(productId, List.copyOf(repository.list(productId)));
    return deleted;
  }

  /** Drops a deleted product's entry. */
  public void forget(String productId) {
    cache.remove(productId);
  }
}
