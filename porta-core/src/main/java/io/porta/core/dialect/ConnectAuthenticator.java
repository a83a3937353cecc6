package io.porta.core.dialect;

import io.porta.core.application.ApplicationRules;
import io.porta.core.application.Applications;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.registry.ProductRepository;
import java.util.Optional;

/**
 * Finds the dialect a CONNECT speaks and lets it check the credentials (design.md "Data flow":
 * dialect.authenticate → registry lookup + signature check). Blocking: runs off the event loops.
 */
public final class ConnectAuthenticator {
  private final Dialects dialects;
  private final ProductRepository products;
  private final ApplicationRules applications;

  public ConnectAuthenticator(Dialects dialects, ProductRepository products) {
    this(dialects, products, null);
  }

  /** @param applications the application channel's rules; null when the server has none */
  public ConnectAuthenticator(Dialects dialects, ProductRepository products, ApplicationRules applications) {
    this.dialects = dialects;
    this.products = products;
    this.applications = applications;
  }

  public AuthResult authenticate(ConnectRequest request) {
    if (Applications.isApplicationUsername(request.username())) {
      // Never a device: product ids cannot contain ':'.
      return applications == null
          ? AuthResult.refused(ConnectRefusal.badCredentials("no application channel"))
          : applications.authenticate(request);
    }
    for (Dialect dialect : dialects.all()) {
      Optional<String> productId = dialect.claimedProductId(request);
      if (productId.isEmpty()) {
        continue;
      }
      Optional<Product> product = products.find(productId.get());
      if (product.isEmpty() || !product.get().dialect().equals(dialect.name())) {
        continue;
      }
      Optional<ConnectRefusal> shape = dialect.checkConnect(request);
      if (shape.isPresent()) {
        return AuthResult.refused(shape.get());
      }
      return dialect.authenticate(product.get(), request);
    }
    return AuthResult.refused(ConnectRefusal.badCredentials("no product matches the username"));
  }

  /**
   * The device a CONNECT claims to be, from its fields alone (no lookup, so it may not exist): for
   * throttling failed logins before their credentials are checked. Non-blocking.
   */
  public Optional<DeviceKey> claimedDevice(ConnectRequest request) {
    for (Dialect dialect : dialects.all()) {
      Optional<String> productId = dialect.claimedProductId(request);
      Optional<String> deviceName = dialect.claimedDeviceName(request);
      if (productId.isPresent() && deviceName.isPresent()) {
        return Optional.of(new DeviceKey(productId.get(), deviceName.get()));
      }
    }
    return Optional.empty();
  }
}
