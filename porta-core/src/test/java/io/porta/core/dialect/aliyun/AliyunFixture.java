package io.porta.core.dialect.aliyun;

import io.porta.core.testing.FakeDeviceLink;
import io.porta.core.testing.InMemoryCategories;
import io.porta.core.testing.InMemoryDevices;
import io.porta.core.testing.RecordingHistory;
import io.porta.core.testing.RecordingWriter;
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
import io.porta.core.topic.TopicAccess;
import io.porta.core.topic.TopicCategories;
import io.porta.core.topic.TopicCategory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An Alibaba dialect over in-memory doubles, with a frozen clock: product {@code a1X2bEnP82z} (the C
 * SDK example, protocols.md C.2 A7/A8/D1) with devices {@code example1} and {@code other1}.
 */
final class AliyunFixture implements AutoCloseable {
  static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
  static final String PK = "a1X2bEnP82z";
  static final String DN = "example1";
  static final String OTHER_DN = "other1";
  static final String DEVICE_SECRET = "ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe";
  static final String OTHER_SECRET = "otherSecret0123456789abcdefABCDE";
  static final String PRODUCT_SECRET = "7jluWm1zql7bt8qK";

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final InMemoryDevices devices = new InMemoryDevices();
  final InMemoryCategories categoryRepository = new InMemoryCategories();
  final TopicCategories categories = new TopicCategories(categoryRepository);
  final RecordingMessages messages = new RecordingMessages();
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final PendingCommands pending = new PendingCommands(scheduler, 100);
  /** Runs repository writes when the test says so, to observe "ack only after it is stored". */
  final List<Runnable> blockingTasks = new ArrayList<>();
  final Executor blocking = blockingTasks::add;
  Product product = product(ProductOptions.DEFAULTS);
  final RecordingWriter telemetry = new RecordingWriter();
  final RecordingHistory history = new RecordingHistory();
  final InMemoryDesiredProperties desired = new InMemoryDesiredProperties();
  final AliyunDialect dialect =
      new AliyunDialect(
          devices,
          categories,
          messages,
          pending,
          new ThingModel(new ThingRecorder(telemetry, history, EventSink.NONE), new DesiredProperties(desired, Runnable::run)),
          blocking,
          AliyunLimits.DEFAULTS,
          RateLimits.NONE,
          io.porta.core.testing.InMemoryShadows.service(clock),
          new io.porta.core.gateway.Gateways(
              new io.porta.core.testing.InMemoryProducts(product),
              new io.porta.core.testing.InMemoryGatewayTopology(),
              new io.porta.core.gateway.SubDeviceSessions(io.porta.core.session.SessionListener.NONE, 1500, limit -> {})),
          clock);

  AliyunFixture() {
    devices.create(new Device(PK, DN, DEVICE_SECRET, true, NOW));
    devices.create(new Device(PK, OTHER_DN, OTHER_SECRET, true, NOW));
  }

  static Product product(ProductOptions options) {
    return new Product(PK, "lamps", AliyunDialect.NAME, PRODUCT_SECRET, options, NOW);
  }

  static Product productWithRegistration(String mode) {
    return product(new ProductOptions(5, mode, false));
  }

  void runBlocking() {
    List<Runnable> tasks = new ArrayList<>(blockingTasks);
    blockingTasks.clear();
    tasks.forEach(Runnable::run);
  }

  /** Adds a custom category and loads the product's categories into the cache, as a login does. */
  void customCategory(String id, String template, TopicAccess access) {
    categories.create(new TopicCategory(id, PK, template, access, false));
  }

  FakeDeviceLink link() {
    return link(Map.of());
  }

  FakeDeviceLink link(Map<String, String> attributes) {
    categories.load(PK);
    return new FakeDeviceLink(new DeviceIdentity(product, DN, attributes));
  }

  static ConnectRequest connect(String clientId, String username, String password) {
    return connect(clientId, username, password, 60, true);
  }

  static ConnectRequest connect(String clientId, String username, String password, int keepAlive, boolean tls) {
    return new ConnectRequest(
        4,
        clientId,
        username,
        password == null ? null : password.getBytes(StandardCharsets.UTF_8),
        true,
        keepAlive,
        false,
        0,
        false,
        tls,
        "127.0.0.1:50000");
  }

  static ConnectRequest withWill(boolean will, int willQos, boolean willRetain) {
    return new ConnectRequest(
        4, PK + "." + DN + "|securemode=3|", DN + "&" + PK, "x".getBytes(StandardCharsets.UTF_8), true, 60,
        will, willQos, willRetain, false, "127.0.0.1:50000");
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
