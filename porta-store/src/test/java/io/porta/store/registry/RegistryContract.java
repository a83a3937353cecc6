package io.porta.store.registry;

import static io.porta.store.Fixtures.CREATED;
import static io.porta.store.Fixtures.device;
import static io.porta.store.Fixtures.key;
import static io.porta.store.Fixtures.point;
import static io.porta.store.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import io.porta.core.registry.ConflictException;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.registry.ProductRepository;
import io.porta.core.telemetry.TelemetryQuery;
import io.porta.store.StoreTestBase;
import io.porta.store.telemetry.BatchingTelemetryWriter;
import io.porta.store.telemetry.TelemetryWriterConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Products and devices (api.md "Products", "Devices"), on every engine. */
public abstract class RegistryContract extends StoreTestBase {
  private ProductRepository products;
  private DeviceRepository devices;

  @BeforeEach
  void repositories() {
    products = products();
    devices = devices();
  }

  /** The product repository under test: the store's, or something in front of it. */
  protected ProductRepository products() {
    return db.products();
  }

  /** The device repository under test: the store's, or something in front of it. */
  protected DeviceRepository devices() {
    return db.devices();
  }

  @Test
  void productRoundTripsEveryField() {
    Product p =
        new Product("p-1", "Meters", "aliyun", "s3cret", new ProductOptions(4, "regnwl", true), CREATED);
    products.create(p);

    assertThat(products.find("p-1")).contains(p);
  }

  @Test
  void productNameIsOptional() {
    Product p = new Product("p-1", null, "onenet", "s", ProductOptions.DEFAULTS, CREATED);
    products.create(p);

    assertThat(products.find("p-1")).contains(p);
  }

  @Test
  void duplicateProductIdIsAConflictAndKeepsTheFirst() {
    products.create(product("p1"));
    Product other = new Product("p1", "Other", "aliyun", "x", ProductOptions.DEFAULTS, CREATED);

    assertThatThrownBy(() -> products.create(other)).isInstanceOf(ConflictException.class);
    assertThat(products.find("p1")).contains(product("p1"));
  }

  @Test
  void unknownProductIsEmpty() {
    assertThat(products.find("nope")).isEmpty();
  }

  @Test
  void productsAreListedByIdInCodePointOrder() {
    for (String id : List.of("b", "a", "C", "_")) {
      products.create(product(id));
    }

    assertThat(products.list()).extracting(Product::id).containsExactly("C", "_", "a", "b");
  }

  @Test
  void updateOptionsChangesOnlyTheOptions() {
    products.create(product("p1"));
    ProductOptions options = new ProductOptions(4, "register", true);

    assertThat(products.updateOptions("p1", options)).isTrue();
    assertThat(products.find("p1")).contains(product("p1").withOptions(options));
  }

  @Test
  void updateOptionsOfAnUnknownProductIsFalse() {
    assertThat(products.updateOptions("nope", ProductOptions.DEFAULTS)).isFalse();
  }

  @Test
  void deleteOfAnUnknownProductIsFalse() {
    assertThat(products.delete("nope")).isFalse();
  }

  @Test
  void deletingAProductRemovesItsDevicesAndTheirPointsAndNothingElse() {
    products.create(product("p1"));
    products.create(product("p2"));
    devices.create(device("p1", "dev-a"));
    devices.create(device("p1", "dev-b"));
    devices.create(device("p2", "dev-a"));
    store(key("p1", "dev-a"), key("p1", "dev-b"), key("p2", "dev-a"));

    assertThat(products.delete("p1")).isTrue();

    assertThat(products.find("p1")).isEmpty();
    assertThat(devices.count("p1")).isZero();
    assertThat(pointsOf(key("p1", "dev-a"))).isZero();
    assertThat(pointsOf(key("p1", "dev-b"))).isZero();
    assertThat(devices.find(key("p2", "dev-a"))).isPresent();
    assertThat(pointsOf(key("p2", "dev-a"))).isEqualTo(2);
  }

  @Test
  void deviceRoundTripsEveryField() {
    products.create(product("p1"));
    Device d = new Device("p1", "dev-1@site:a.b_c", "dsecret", false, CREATED);
    devices.create(d);

    assertThat(devices.find(d.key())).contains(d);
  }

  @Test
  void duplicateDeviceNameIsAConflictWithinTheProductOnly() {
    products.create(product("p1"));
    products.create(product("p2"));
    devices.create(device("p1", "dev-1"));

    assertThatThrownBy(() -> devices.create(device("p1", "dev-1"))).isInstanceOf(ConflictException.class);
    devices.create(device("p2", "dev-1"));
    assertThat(devices.count("p1")).isEqualTo(1);
    assertThat(devices.count("p2")).isEqualTo(1);
  }

  @Test
  void deviceOfAnUnknownProductIsAConflict() {
    assertThatThrownBy(() -> devices.create(device("nope", "dev-1")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void unknownDeviceIsEmpty() {
    products.create(product("p1"));

    assertThat(devices.find(key("p1", "nope"))).isEmpty();
    assertThat(devices.find(key("p2", "nope"))).isEmpty();
  }

  @Test
  void setEnabledDisablesAndEnables() {
    products.create(product("p1"));
    devices.create(device("p1", "dev-1"));

    assertThat(devices.setEnabled(key("p1", "dev-1"), false)).isTrue();
    assertThat(devices.find(key("p1", "dev-1"))).get().extracting(Device::enabled).isEqualTo(false);
    assertThat(devices.setEnabled(key("p1", "dev-1"), true)).isTrue();
    assertThat(devices.find(key("p1", "dev-1"))).get().extracting(Device::enabled).isEqualTo(true);
  }

  @Test
  void setEnabledOfAnUnknownDeviceIsFalse() {
    assertThat(devices.setEnabled(key("p1", "nope"), false)).isFalse();
  }

  @Test
  void devicesArePagedByNameInCodePointOrderAndCounted() {
    products.create(product("p1"));
    products.create(product("p2"));
    for (String name : List.of("dev-d", "dev-b", "DEV-Z", "dev-a", "dev-c")) {
      devices.create(device("p1", name));
    }
    devices.create(device("p2", "dev-0"));

    assertThat(devices.names("p1")).containsExactly("DEV-Z", "dev-a", "dev-b", "dev-c", "dev-d");
    assertThat(devices.list("p1", 0, 2)).extracting(Device::name).containsExactly("DEV-Z", "dev-a");
    assertThat(devices.list("p1", 2, 2)).extracting(Device::name).containsExactly("dev-b", "dev-c");
    assertThat(devices.list("p1", 4, 2)).extracting(Device::name).containsExactly("dev-d");
    assertThat(devices.list("p1", 5, 2)).isEmpty();
    assertThat(devices.count("p1")).isEqualTo(5);
    assertThat(devices.count("nope")).isZero();
    assertThat(devices.names("nope")).isEmpty();
  }

  @Test
  void deletingADeviceRemovesItsPointsOnly() {
    products.create(product("p1"));
    devices.create(device("p1", "dev-a"));
    devices.create(device("p1", "dev-b"));
    store(key("p1", "dev-a"), key("p1", "dev-b"));

    assertThat(devices.delete(key("p1", "dev-a"))).isTrue();

    assertThat(devices.find(key("p1", "dev-a"))).isEmpty();
    assertThat(pointsOf(key("p1", "dev-a"))).isZero();
    assertThat(pointsOf(key("p1", "dev-b"))).isEqualTo(2);
    assertThat(devices.delete(key("p1", "dev-a"))).isFalse();
  }

  @Test
  void deviceRoundTripsEveryLaterField() {
    products.create(product("p1"));
    Device d =
        new Device(
            "p1",
            "dev-1",
            "dsecret",
            true,
            CREATED,
            Map.of("room", "Küche 2", "quote", "say \"hi\"", "empty", ""),
            "1.4.0-rc.2",
            "tok-123",
            Instant.ofEpochMilli(1_700_000_555_321L));
    devices.create(d);

    assertThat(devices.find(d.key())).contains(d);
    assertThat(devices.list("p1", 0, 10)).containsExactly(d);
  }

  @Test
  void aNewDeviceHasNoTagsNoFirmwareNoTokenAndWasNeverActivated() {
    products.create(product("p1"));
    devices.create(device("p1", "dev-1"));

    Device d = devices.find(key("p1", "dev-1")).orElseThrow();
    assertThat(d.tags()).isEmpty();
    assertThat(d.firmwareVersion()).isNull();
    assertThat(d.deviceToken()).isNull();
    assertThat(d.activatedAt()).isNull();
  }

  @Test
  void mergeTagsAddsAndReplacesKeysOfThatDeviceOnly() {
    products.create(product("p1"));
    devices.create(device("p1", "dev-1").withTags(Map.of("a", "1", "b", "2")));
    devices.create(device("p1", "dev-2").withTags(Map.of("a", "1")));

    assertThat(devices.mergeTags(key("p1", "dev-1"), Map.of("b", "20", "c", "3"))).isTrue();
    assertThat(devices.mergeTags(key("p1", "dev-1"), Map.of())).isTrue();

    assertThat(devices.find(key("p1", "dev-1"))).contains(
        device("p1", "dev-1").withTags(Map.of("a", "1", "b", "20", "c", "3")));
    assertThat(devices.find(key("p1", "dev-2"))).contains(device("p1", "dev-2").withTags(Map.of("a", "1")));
  }

  @Test
  void removeTagsDeletesTheGivenKeysAndIgnoresAbsentOnes() {
    products.create(product("p1"));
    devices.create(device("p1", "dev-1").withTags(Map.of("a", "1", "b", "2", "c", "3")));

    assertThat(devices.removeTags(key("p1", "dev-1"), List.of("a", "c", "missing"))).isTrue();
    assertThat(devices.find(key("p1", "dev-1"))).get().extracting(Device::tags).isEqualTo(Map.of("b", "2"));

    assertThat(devices.removeTags(key("p1", "dev-1"), List.of("b"))).isTrue();
    assertThat(devices.removeTags(key("p1", "dev-1"), List.of("b"))).isTrue();
    assertThat(devices.find(key("p1", "dev-1"))).contains(device("p1", "dev-1"));
  }

  /** Read-modify-write in one transaction: concurrent merges on one device lose no tag. */
  @Test
  void concurrentTagMergesOnOneDeviceLoseNothing() {
    products.create(product("p1"));
    devices.create(device("p1", "dev-1"));
    int threads = 4;
    int mergesEach = 15;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < mergesEach; i++) {
                    assertThat(devices.mergeTags(key("p1", "dev-1"), Map.of(thread + "-" + i, "v"))).isTrue();
                  }
                },
                pool));
      }
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }

    assertThat(devices.find(key("p1", "dev-1")).orElseThrow().tags())
        .hasSize(threads * mergesEach)
        .containsKeys(IntStream.range(0, threads).mapToObj(t -> t + "-" + (mergesEach - 1)).toArray(String[]::new));
  }

  @Test
  void settersChangeOnlyTheirField() {
    products.create(product("p1"));
    Device d = device("p1", "dev-1").withTags(Map.of("a", "1"));
    devices.create(d);
    devices.create(device("p1", "dev-2"));

    assertThat(devices.setFirmwareVersion(d.key(), "2.0.1")).isTrue();
    d = d.withFirmwareVersion("2.0.1");
    assertThat(devices.find(d.key())).contains(d);

    assertThat(devices.setSecret(d.key(), "new-secret")).isTrue();
    d = d.withSecret("new-secret");
    assertThat(devices.find(d.key())).contains(d);

    assertThat(devices.setDeviceToken(d.key(), "token-1")).isTrue();
    d = d.withDeviceToken("token-1");
    assertThat(devices.find(d.key())).contains(d);

    assertThat(devices.setFirmwareVersion(d.key(), "2.1.0")).isTrue();
    assertThat(devices.setDeviceToken(d.key(), "token-2")).isTrue();
    d = d.withFirmwareVersion("2.1.0").withDeviceToken("token-2");
    assertThat(devices.find(d.key())).contains(d);
    assertThat(devices.find(key("p1", "dev-2"))).contains(device("p1", "dev-2"));
  }

  @Test
  void markActivatedKeepsTheFirstInstant() {
    products.create(product("p1"));
    devices.create(device("p1", "dev-1"));
    Instant first = Instant.ofEpochMilli(1_700_000_900_001L);

    assertThat(devices.markActivated(key("p1", "dev-1"), first)).isTrue();
    assertThat(devices.markActivated(key("p1", "dev-1"), first.plusSeconds(60))).isTrue();
    assertThat(devices.markActivated(key("p1", "dev-1"), first.minusSeconds(60))).isTrue();

    assertThat(devices.find(key("p1", "dev-1"))).contains(device("p1", "dev-1").withActivatedAt(first));
  }

  @Test
  void markActivatedKeepsAnInstantTheDeviceWasCreatedWith() {
    products.create(product("p1"));
    Instant created = Instant.ofEpochMilli(1_700_000_000_999L);
    devices.create(device("p1", "dev-1").withActivatedAt(created));

    assertThat(devices.markActivated(key("p1", "dev-1"), created.plusSeconds(1))).isTrue();

    assertThat(devices.find(key("p1", "dev-1"))).get().extracting(Device::activatedAt).isEqualTo(created);
  }

  @Test
  void changesOfAnUnknownDeviceAreFalseAndCreateNothing() {
    products.create(product("p1"));
    devices.create(device("p1", "dev-1"));
    for (DeviceKey unknown : List.of(key("p1", "nope"), key("p2", "dev-1"))) {
      assertThat(devices.mergeTags(unknown, Map.of("a", "1"))).isFalse();
      assertThat(devices.removeTags(unknown, List.of("a"))).isFalse();
      assertThat(devices.setFirmwareVersion(unknown, "1.0")).isFalse();
      assertThat(devices.setSecret(unknown, "s")).isFalse();
      assertThat(devices.setDeviceToken(unknown, "t")).isFalse();
      assertThat(devices.markActivated(unknown, CREATED)).isFalse();
    }

    assertThat(devices.names("p1")).containsExactly("dev-1");
    assertThat(devices.count("p2")).isZero();
    assertThat(devices.find(key("p1", "dev-1"))).contains(device("p1", "dev-1"));
  }

  /** Two points per device, committed. */
  private void store(DeviceKey... keys) {
    BatchingTelemetryWriter writer = db.startTelemetryWriter(TelemetryWriterConfig.DEFAULTS);
    for (DeviceKey k : keys) {
      writer.append(k, List.of(point("temp", 1000, "20"), point("hum", 1000, "50"))).join();
    }
  }

  private int pointsOf(DeviceKey k) {
    return db.telemetry().query(new TelemetryQuery(k, null, null, null, 100, true)).size();
  }
}
