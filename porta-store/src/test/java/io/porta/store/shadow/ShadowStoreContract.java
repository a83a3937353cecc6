package io.porta.store.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.model.DeviceKey;
import io.porta.core.shadow.ShadowRepository;
import io.porta.store.Fixtures;
import io.porta.store.StoreTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Device shadows, on every engine: compare-and-set saves, deletion with the device and the product. */
abstract class ShadowStoreContract extends StoreTestBase {
  static final DeviceKey DEV = new DeviceKey("p1", "dev-1");
  ShadowRepository shadows;

  @BeforeEach
  void repository() {
    db.products().create(Fixtures.product("p1"));
    db.devices().create(Fixtures.device("p1", "dev-1"));
    db.devices().create(Fixtures.device("p1", "dev-2"));
    shadows = db.shadows();
  }

  @Test
  void savesAreCompareAndSetOnTheVersion() {
    assertThat(shadows.find(DEV)).isEmpty();
    assertThat(shadows.save(DEV, "{\"v\":1}", 1, 0, 10)).isTrue();
    assertThat(shadows.save(DEV, "{\"v\":\"other\"}", 1, 0, 11)).as("a second first write loses").isFalse();
    assertThat(shadows.save(DEV, "{\"v\":2}", 2, 0, 12)).isFalse();
    assertThat(shadows.save(DEV, "{\"v\":2}", 2, 1, 12)).isTrue();
    assertThat(shadows.save(DEV, "{\"v\":3}", 3, 1, 13)).as("stale previous version").isFalse();
    assertThat(shadows.find(DEV)).contains("{\"v\":2}");
  }

  @Test
  void deletingTheDeviceOrProductDeletesItsShadow() {
    DeviceKey other = new DeviceKey("p1", "dev-2");
    shadows.save(DEV, "{}", 1, 0, 10);
    shadows.save(other, "{}", 1, 0, 10);
    db.devices().delete(DEV);
    assertThat(shadows.find(DEV)).isEmpty();
    assertThat(shadows.find(other)).isPresent();
    db.products().delete("p1");
    assertThat(shadows.find(other)).isEmpty();
  }
}
