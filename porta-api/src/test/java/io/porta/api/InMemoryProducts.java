package io.porta.api;

import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import io.porta.core.registry.ConflictException;
import io.porta.core.registry.ProductRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** A ProductRepository in a map; deleting a product deletes its devices, as the store does. */
final class InMemoryProducts implements ProductRepository {
  private final Map<String, Product> products = new ConcurrentSkipListMap<>();
  private final InMemoryDevices devices;

  InMemoryProducts(InMemoryDevices devices) {
    this.devices = devices;
  }

  @Override
  public void create(Product product) {
    if (products.putIfAbsent(product.id(), product) != null) {
      throw new ConflictException("product " + product.id() + " exists");
    }
  }

  @Override
  public Optional<Product> find(String productId) {
    return Optional.ofNullable(products.get(productId));
  }

  @Override
  public List<Product> list() {
    return new ArrayList<>(products.values());
  }

  @Override
  public boolean updateOptions(String productId, ProductOptions options) {
    return products.computeIfPresent(productId, (k, p) -> p.withOptions(options)) != null;
  }

  @Override
  public boolean delete(String productId) {
    if (products.remove(productId) == null) {
      return false;
    }
    devices.deleteAll(productId);
    return true;
  }
}
