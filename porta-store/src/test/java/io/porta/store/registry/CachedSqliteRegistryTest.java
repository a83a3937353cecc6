package io.porta.store.registry;

import io.porta.core.registry.DeviceRepository;
import io.porta.core.registry.ProductRepository;
import io.porta.core.registry.RegistryCache;
import io.porta.core.registry.RegistryCacheLimits;
import io.porta.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The whole registry contract again, read and written through the registry cache. */
class CachedSqliteRegistryTest extends RegistryContract {
  @TempDir Path dir;
  private RegistryCache cache;

  @Override
  protected String newDatabaseUrl() {
    return Database.sqliteUrl(dir);
  }

  /** Made on first use: the contract asks for its repositories in a {@code @BeforeEach} of its own. */
  private RegistryCache cache() {
    if (cache == null) {
      cache = new RegistryCache(db.devices(), db.products(), RegistryCacheLimits.DEFAULTS);
    }
    return cache;
  }

  @Override
  protected ProductRepository products() {
    return cache().products();
  }

  @Override
  protected DeviceRepository devices() {
    return cache().devices();
  }
}
