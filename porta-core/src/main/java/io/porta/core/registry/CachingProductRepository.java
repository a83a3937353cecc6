package io.porta.core.registry;

import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import java.util.List;
import java.util.Optional;

/** {@link ProductRepository} through the {@link RegistryCache}: finds are cached, every write invalidates. */
final class CachingProductRepository implements ProductRepository {
  private final ProductRepository stored;
  private final RegistryCache cache;

  CachingProductRepository(ProductRepository stored, RegistryCache cache) {
    this.stored = stored;
    this.cache = cache;
  }

  @Override
  public Optional<Product> find(String productId) {
    return cache.product(productId, stored::find);
  }

  @Override
  public void create(Product product) {
    try {
      stored.create(product);
    } finally {
      cache.forgetProduct(product.id());
    }
  }

  @Override
  public List<Product> list() {
    return stored.list();
  }

  @Override
  public boolean updateOptions(String productId, ProductOptions options) {
    try {
      return stored.updateOptions(productId, options);
    } finally {
      cache.forgetProduct(productId);
    }
  }

  /** The product's devices go with it (the store deletes them in the same transaction). */
  @Override
  public boolean delete(String productId) {
    try {
      return stored.delete(productId);
    } finally {
      cache.forgetProductAndDevices(productId);
    }
  }
}
