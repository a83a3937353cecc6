package io.porta.store.registry;

import static io.porta.store.Fixtures.device;
import static io.porta.store.Fixtures.key;
import static io.porta.store.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.registry.ProductRepository;
import io.porta.core.registry.RegistryCache;
import io.porta.core.registry.RegistryCacheLimits;
import io.porta.store.Database;
import io.porta.store.StoreTestBase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry cache over the real SQLite repositories. A change made behind the cache's back (straight
 * to the store) shows whether a read was served from memory; a change through the cache must be seen by
 * the next read.
 */
class RegistryCacheTest extends StoreTestBase {
  private static final DeviceKey KEY = key("p1", "d1");

  @TempDir Path dir;
  private RegistryCache cache;
  private DeviceRepository devices;
  private ProductRepository products;

  @Override
  protected String newDatabaseUrl() {
    return Database.sqliteUrl(dir);
  }

  @BeforeEach
  void registry() {
    cache = new RegistryCache(db.devices(), db.products(), RegistryCacheLimits.DEFAULTS);
    devices = cache.devices();
    products = cache.products();
    products.create(product("p1"));
    devices.create(device("p1", "d1"));
  }

  @Test
  void aFoundDeviceIsServedFromMemory() {
    assertThat(devices.find(KEY).orElseThrow().enabled()).isTrue();
    db.devices().setEnabled(KEY, false); // behind the cache's back

    assertThat(devices.find(KEY).orElseThrow().enabled()).isTrue();
    assertThat(cache.cachedDevices()).isEqualTo(1);
  }

  @Test
  void aFoundProductIsServedFromMemoryAsOneInstance() {
    Product first = products.find("p1").orElseThrow();
    db.products().updateOptions("p1", new ProductOptions(4, "regnwl", true)); // behind the cache's back

    assertThat(products.find("p1").orElseThrow()).isSameAs(first);
  }

  @Test
  void setEnabledInvalidates() {
    loaded();
    devices.setEnabled(KEY, false);
    assertThat(devices.find(KEY).orElseThrow().enabled()).isFalse();
  }

  @Test
  void deleteInvalidates() {
    loaded();
    devices.delete(KEY);
    assertThat(devices.find(KEY)).isEmpty();
  }

  @Test
  void setSecretInvalidates() {
    loaded();
    devices.setSecret(KEY, "a-new-secret");
    assertThat(devices.find(KEY).orElseThrow().secret()).isEqualTo("a-new-secret");
  }

  @Test
  void setDeviceTokenInvalidates() {
    loaded();
    devices.setDeviceToken(KEY, "a-token");
    assertThat(devices.find(KEY).orElseThrow().deviceToken()).isEqualTo("a-token");
  }

  @Test
  void mergeTagsAndRemoveTagsInvalidate() {
    loaded();
    devices.mergeTags(KEY, Map.of("room", "7", "floor", "2"));
    assertThat(devices.find(KEY).orElseThrow().tags()).isEqualTo(Map.of("room", "7", "floor", "2"));

    devices.removeTags(KEY, List.of("room"));
    assertThat(devices.find(KEY).orElseThrow().tags()).isEqualTo(Map.of("floor", "2"));
  }

  @Test
  void setFirmwareVersionInvalidates() {
    loaded();
    devices.setFirmwareVersion(KEY, "1.2.3");
    assertThat(devices.find(KEY).orElseThrow().firmwareVersion()).isEqualTo("1.2.3");
  }

  @Test
  void markActivatedInvalidates() {
    loaded();
    Instant at = Instant.ofEpochMilli(1_800_000_000_000L);
    devices.markActivated(KEY, at);
    assertThat(devices.find(KEY).orElseThrow().activatedAt()).isEqualTo(at);
  }

  @Test
  void createAfterAnUnknownLookupIsFound() {
    DeviceKey later = key("p1", "later");
    assertThat(devices.find(later)).isEmpty();
    devices.create(device("p1", "later"));
    assertThat(devices.find(later)).isPresent();

    assertThat(products.find("p2")).isEmpty();
    products.create(product("p2"));
    assertThat(products.find("p2")).isPresent();
  }

  @Test
  void updateOptionsInvalidatesTheProduct() {
    products.find("p1").orElseThrow();
    ProductOptions options = new ProductOptions(4, "regnwl", true);
    products.updateOptions("p1", options);
    assertThat(products.find("p1").orElseThrow().options()).isEqualTo(options);
  }

  @Test
  void deletingAProductForgetsItAndItsDevices() {
    products.create(product("p2"));
    devices.create(device("p2", "d1"));
    loaded();
    devices.find(key("p2", "d1")).orElseThrow();
    products.find("p1").orElseThrow();

    products.delete("p1");

    assertThat(products.find("p1")).isEmpty();
    assertThat(devices.find(KEY)).isEmpty();
    assertThat(devices.find(key("p2", "d1"))).isPresent(); // another product's device stays
  }

  @Test
  void unknownDevicesAreNotKept() {
    for (int i = 0; i < 1_000; i++) {
      assertThat(devices.find(key("p1", "nobody-" + i))).isEmpty();
      assertThat(products.find("nothing-" + i)).isEmpty();
    }
    assertThat(cache.cachedDevices()).isZero();
    assertThat(cache.cachedProducts()).isZero();
  }

  @Test
  void holdsAtMostMaxDevices() {
    RegistryCache small = new RegistryCache(db.devices(), db.products(), new RegistryCacheLimits(10, 10, Duration.ZERO));
    for (int i = 0; i < 50; i++) {
      db.devices().create(device("p1", "many-" + i));
      assertThat(small.devices().find(key("p1", "many-" + i))).isPresent();
    }
    assertThat(small.cachedDevices()).isLessThanOrEqualTo(10);
  }

  /**
   * A read that loaded the device before a write was stored must not put the old device back after the
   * write dropped it: the next read sees the write.
   */
  @Test
  void aLoadOverlappingAWriteDoesNotKeepTheOldDevice() throws Exception {
    CountDownLatch loaded = new CountDownLatch(1);
    CountDownLatch writeDone = new CountDownLatch(1);
    RegistryCache racing =
        new RegistryCache(new LoadThenWait(db.devices(), loaded, writeDone), db.products(), RegistryCacheLimits.DEFAULTS);

    CompletableFuture<Optional<Device>> read = CompletableFuture.supplyAsync(() -> racing.devices().find(KEY));
    assertThat(loaded.await(30, TimeUnit.SECONDS)).isTrue(); // the old, enabled device was read
    racing.devices().setEnabled(KEY, false);
    writeDone.countDown();

    assertThat(read.get(30, TimeUnit.SECONDS).orElseThrow().enabled()).isTrue(); // it began before the write
    assertThat(racing.devices().find(KEY).orElseThrow().enabled()).isFalse();
  }

  private void loaded() {
    assertThat(devices.find(KEY)).isPresent();
  }

  /** The real repository whose first find waits, after reading, until a write happened. */
  private static final class LoadThenWait implements DeviceRepository {
    private final DeviceRepository stored;
    private final CountDownLatch loaded;
    private final CountDownLatch proceed;

    LoadThenWait(DeviceRepository stored, CountDownLatch loaded, CountDownLatch proceed) {
      this.stored = stored;
      this.loaded = loaded;
      this.proceed = proceed;
    }

    @Override
    public Optional<Device> find(DeviceKey key) {
      Optional<Device> found = stored.find(key);
      if (loaded.getCount() > 0) {
        loaded.countDown();
        try {
          proceed.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return found;
    }

    @Override
    public void create(Device device) {
      stored.create(device);
    }

    @Override
    public List<Device> list(String productId, int offset, int limit) {
      return stored.list(productId, offset, limit);
    }

    @Override
    public List<String> names(String productId) {
      return stored.names(productId);
    }

    @Override
    public long count(String productId) {
      return stored.count(productId);
    }

    @Override
    public boolean setEnabled(DeviceKey key, boolean enabled) {
      return stored.setEnabled(key, enabled);
    }

    @Override
    public boolean delete(DeviceKey key) {
      return stored.delete(key);
    }

    @Override
    public boolean mergeTags(DeviceKey key, Map<String, String> tags) {
      return stored.mergeTags(key, tags);
    }

    @Override
    public boolean removeTags(DeviceKey key, Collection<String> tagKeys) {
      return stored.removeTags(key, tagKeys);
    }

    @Override
    public boolean setFirmwareVersion(DeviceKey key, String version) {
      return stored.setFirmwareVersion(key, version);
    }

    @Override
    public boolean setSecret(DeviceKey key, String secret) {
      return stored.setSecret(key, secret);
    }

    @Override
    public boolean setDeviceToken(DeviceKey key, String token) {
      return stored.setDeviceToken(key, token);
    }

    @Override
    public boolean markActivated(DeviceKey key, Instant at) {
      return stored.markActivated(key, at);
    }
  }
}
