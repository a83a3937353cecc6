package io.porta.core.dialect.onenet;

import io.porta.core.testing.FakeDeviceLink;
import io.porta.core.testing.InMemoryDevices;
import io.porta.core.testing.RecordingWriter;
import io.porta.core.testing.RecordingHistory;
import io.porta.core.event.EventSink;
import io.porta.core.thing.ThingRecorder;
import io.porta.core.thing.ThingModel;
import io.porta.core.thing.DesiredProperties;
import io.porta.core.testing.InMemoryDesiredProperties;
import io.porta.core.command.PendingCommands;
import io.porta.core.dialect.ConnectRequest;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.RateLimits;
import io.porta.core.model.Device;
import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A OneNET dialect over in-memory doubles, with a frozen clock and one product with two devices. */
final class DialectFixture implements AutoCloseable {
  static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
  static final String PID = "238322";
  static final String DN = "dev-1";
  static final String OTHER_DN = "dev-2";
  static final String PRODUCT_KEY = "KuF3NT/jUBJ62LNBB/A8XZA9CqS3Cu79B/ABmfA1UCw=";
  static final String DEVICE_KEY = "EnW4T71eIE55xOIQMN6pFMKuqel5T5HTzsGJRPiDhlM=";
  static final String OTHER_KEY = "c2VjcmV0LW9mLWFub3RoZXItZGV2aWNlLTMyLWJ5dGVz";

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final InMemoryDevices devices = new InMemoryDevices();
  final RecordingWriter writer = new RecordingWriter();
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final PendingCommands pending = new PendingCommands(scheduler, 100);
  final Product product = product(ProductOptions.DEFAULTS);
  final RecordingHistory history = new RecordingHistory();
  final InMemoryDesiredProperties desired = new InMemoryDesiredProperties();
  final ThingModel things =
      new ThingModel(new ThingRecorder(writer, history, EventSink.NONE), new DesiredProperties(desired, Runnable::run));
  final OneNetDialect dialect =
      new OneNetDialect(devices, writer, pending, things, OneNetLimits.DEFAULTS, RateLimits.ONENET_DEFAULTS,
          io.porta.core.testing.InMemoryShadows.service(clock), clock);

  DialectFixture() {
    devices.create(new Device(PID, DN, DEVICE_KEY, true, NOW));
    devices.create(new Device(PID, OTHER_DN, OTHER_KEY, true, NOW));
  }

  static Product product(ProductOptions options) {
    return new Product(PID, "meters", OneNetDialect.NAME, PRODUCT_KEY, options, NOW);
  }

  FakeDeviceLink link() {
    return new FakeDeviceLink(new DeviceIdentity(product, DN));
  }

  long inOneHour() {
    return NOW.getEpochSecond() + 3600;
  }

  static String deviceRes(String dn) {
    return "products/" + PID + "/devices/" + dn;
  }

  /** A CONNECT as OneNET prescribes it (flags 0xC2, keepalive 60). */
  static ConnectRequest connect(String clientId, String username, String password) {
    return new ConnectRequest(
        4,
        clientId,
        username,
        password == null ? null : password.getBytes(StandardCharsets.UTF_8),
        true,
        60,
        false,
        0,
        false,
        false,
        "127.0.0.1:50000");
  }

  static ConnectRequest withFlags(
      int level, boolean cleanSession, int keepAlive, boolean will, int willQos, boolean willRetain) {
    return new ConnectRequest(
        level, DN, PID, "token".getBytes(StandardCharsets.UTF_8), cleanSession, keepAlive, will, willQos,
        willRetain, false, "127.0.0.1:50000");
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
