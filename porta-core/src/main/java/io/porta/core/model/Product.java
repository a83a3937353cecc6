package io.porta.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A product: a family of devices that share one dialect and one product-level key.
 *
 * @param secret the product-level key (OneNET: base64 of 32 random bytes; Alibaba: productSecret)
 */
public record Product(
    String id, String name, String dialect, String secret, ProductOptions options, Instant createdAt) {
  public Product {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public Product withOptions(ProductOptions newOptions) {
    return new Product(id, name, dialect, secret, newOptions, createdAt);
  }

  /** Never print the secret. */
  @Override
  public String toString() {
    return "Product[" + id + ", " + dialect + "]";
  }
}
