package io.porta.mqtt.support;

import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import io.porta.core.registry.ConflictException;
import io.porta.core.registry.ProductRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Products in a map, with the two the tests use: {@code p1} and the TLS-only {@code tlsonly}. */
public final class InMemoryProducts implements ProductRepository {
  public static final String PRODUCT = "p1";
  public static final String TLS_ONLY = "tlsonly";
  public static final String SECRET = "s3cret";

  private final ConcurrentHashMap<String, Product> products = new ConcurrentHashMap<>();

  public InMemoryProducts() {
    create(new Product(PRODUCT, "test", TestDialect.NAME, SECRET, ProductOptions.DEFAULTS, Instant.EPOCH));
    create(
        new Product(
            TLS_ONLY, "tls", TestDialect.NAME, SECRET, new ProductOptions(5, "off", true), Instant.EPOCH));
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
    return List.copyOf(products.values());
  }

  @Override
  public boolean updateOptions(String productId, ProductOptions options) {
    return products.computeIfPresent(productId, (k, p) -> p.withOptions(options)) != null;
  }

  @Override
  public boolean delete(String productId) {
    return products.remove(productId) != null;
  }
}
