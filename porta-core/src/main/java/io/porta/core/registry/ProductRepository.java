package io.porta.core.registry;

import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import java.util.List;
import java.util.Optional;

/** Products. Blocking: call it off the event loops. */
public interface ProductRepository {
  /** @throws ConflictException when the id is taken */
  void create(Product product);

  Optional<Product> find(String productId);

  List<Product> list();

  /** @return false when there is no such product */
  boolean updateOptions(String productId, ProductOptions options);

  /** Deletes the product and, with it, its devices and their data. @return false when absent */
  boolean delete(String productId);
}
