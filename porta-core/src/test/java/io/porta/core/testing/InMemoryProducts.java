package io.porta.core.testing;

import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import io.porta.core.registry.ProductRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Products in memory. */
public final class InMemoryProducts implements ProductRepository {
  private final Map<String, Product> byId = new ConcurrentHashMap<>();

  public InMemoryProducts(Product... products) {
    for (Product p : products) {
      create(p);
    }
  }

  @Override
  public void create(Product product) {
    if (byId.putIfAbsent(product.id(), product) != null) {
      throw new IllegalStateException("duplicate product " + product.id());
    }
  }

  @Override
  public Optional<Product> find(String productId) {
    return Optional.ofNullable(byId.get(productId));
  }

  @Override
  public List<Product> list() {
    return new ArrayList<>(byId.values());
  }

  @Override
  public boolean updateOptions(String productId, ProductOptions options) {
    return byId.computeIfPresent(productId, (k, p) -> p.withOptions(options)) != null;
  }

  @Override
  public boolean delete(String productId) {
    return byId.remove(productId) != null;
  }
}
