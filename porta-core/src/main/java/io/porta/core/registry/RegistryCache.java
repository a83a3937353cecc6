package io.porta.core.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Devices and products kept in memory in front of their repositories, so a CONNECT or a REST lookup
 * does not read the database each time. Every write through {@link #devices()} or {@link #products()}
 * drops what it changed after it is stored; a device deleted or disabled is therefore refused at its
 * next CONNECT. Only devices and products that exist are kept: a flood of CONNECTs for made-up names
 * cannot fill the cache. A product is kept once, so the connections of its devices share one instance.
 *
 * <p>A read that loads from the database while a write is under way must not put back what the write
 * replaced: every write bumps {@link #generation} before it drops its entries, and a loaded value is
 * kept only when no write happened since the load began. The database read itself runs outside any
 * lock.
 */
public final class RegistryCache {
  private final Cache<DeviceKey, Device> devices;
  private final Cache<String, Product> products;
  private final AtomicLong generation = new AtomicLong();
  private final CachingDeviceRepository deviceRepository;
  private final CachingProductRepository productRepository;

  public RegistryCache(DeviceRepository devices, ProductRepository products, RegistryCacheLimits limits) {
    this.devices = build(limits.maxDevices(), limits);
    this.products = build(limits.maxProducts(), limits);
    this.deviceRepository = new CachingDeviceRepository(devices, this);
    this.productRepository = new CachingProductRepository(products, this);
  }

  private static <K, V> Cache<K, V> build(long maximumSize, RegistryCacheLimits limits) {
    Caffeine<Object, Object> builder =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            // Evictions run on the calling thread: no hidden work on the common pool.
            .executor(Runnable::run);
    if (!limits.expireAfterWrite().isZero()) {
      builder.expireAfterWrite(limits.expireAfterWrite());
    }
    return builder.build();
  }

  /** The device repository to use everywhere in this process: reads are cached, writes invalidate. */
  public DeviceRepository devices() {
    return deviceRepository;
  }

  /** The product repository to use everywhere in this process: reads are cached, writes invalidate. */
  public ProductRepository products() {
    return productRepository;
  }

  /** Devices held now (after pending evictions ran). */
  public long cachedDevices() {
    devices.cleanUp();
    return devices.estimatedSize();
  }

  /** Products held now (after pending evictions ran). */
  public long cachedProducts() {
    products.cleanUp();
    return products.estimatedSize();
  }

  Optional<Device> device(DeviceKey key, Function<DeviceKey, Optional<Device>> load) {
    return read(devices, key, load);
  }

  Optional<Product> product(String productId, Function<String, Optional<Product>> load) {
    return read(products, productId, load);
  }

  /** After a write of the device (also when it failed: it may have been stored). */
  void forgetDevice(DeviceKey key) {
    generation.incrementAndGet();
    devices.invalidate(key);
  }

  /** After a write of the product's own row. */
  void forgetProduct(String productId) {
    generation.incrementAndGet();
    products.invalidate(productId);
  }

  /** After the product was deleted, and its devices with it. */
  void forgetProductAndDevices(String productId) {
    forgetProduct(productId);
    devices.asMap().keySet().removeIf(key -> key.productId().equals(productId));
  }

  private <K, V> Optional<V> read(Cache<K, V> cache, K key, Function<K, Optional<V>> load) {
    V hit = cache.getIfPresent(key);
    if (hit != null) {
      return Optional.of(hit);
    }
    long seen = generation.get();
    Optional<V> loaded = load.apply(key);
    if (loaded.isEmpty()) {
      return loaded;
    }
    // Kept only if no write happened since `seen`; a write after this compute drops it again.
    V kept = cache.asMap().compute(key, (k, old) -> generation.get() == seen ? loaded.get() : old);
    return kept != null ? Optional.of(kept) : loaded;
  }
}
