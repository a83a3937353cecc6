package io.porta.core.fuzz;

import io.porta.core.event.EventSink;
import io.porta.core.gateway.Gateways;
import io.porta.core.gateway.SubDeviceSessions;
import io.porta.core.session.SessionListener;
import io.porta.core.telemetry.TelemetryWriter;
import io.porta.core.testing.InMemoryDesiredProperties;
import io.porta.core.testing.InMemoryGatewayTopology;
import io.porta.core.testing.InMemoryProducts;
import io.porta.core.testing.InMemoryShadows;
import io.porta.core.testing.RecordingHistory;
import io.porta.core.thing.DesiredProperties;
import io.porta.core.thing.ThingModel;
import io.porta.core.thing.ThingRecorder;

import io.porta.core.command.PendingCommands;
import io.porta.core.dialect.ConnectRequest;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.RateLimits;
import io.porta.core.dialect.aliyun.AliyunDialect;
import io.porta.core.dialect.aliyun.AliyunLimits;
import io.porta.core.dialect.onenet.OneNetDialect;
import io.porta.core.dialect.onenet.OneNetLimits;
import io.porta.core.model.Device;
import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import io.porta.core.testing.FakeDeviceLink;
import io.porta.core.testing.InMemoryCategories;
import io.porta.core.testing.InMemoryDevices;
import io.porta.core.topic.TopicAccess;
import io.porta.core.topic.TopicCategories;
import io.porta.core.topic.TopicCategory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Both real dialects over in-memory registries, new for every fuzz input (a registration or a tag
 * update must not carry over into the next input): OneNET product {@link #PID} and Alibaba product
 * {@link #PK}, each with devices {@link #DN} and {@link #OTHER_DN}; storage commits at once and
 * repository writes run inline.
 */
final class BothDialects {
  static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
  static final String PID = "238322";
  static final String PK = "a1X2bEnP82z";
  static final String DN = "dev-1";
  static final String OTHER_DN = "dev-2";
  /** OneNET keys are base64; Alibaba secrets are plain text. */
  static final String ONENET_PRODUCT_KEY = "KuF3NT/jUBJ62LNBB/A8XZA9CqS3Cu79B/ABmfA1UCw=";
  static final String ONENET_DEVICE_KEY = "EnW4T71eIE55xOIQMN6pFMKuqel5T5HTzsGJRPiDhlM=";
  static final String ONENET_OTHER_KEY = "c2VjcmV0LW9mLWFub3RoZXItZGV2aWNlLTMyLWJ5dGVz";
  static final String ALIYUN_PRODUCT_SECRET = "7jluWm1zql7bt8qK";
  static final String ALIYUN_DEVICE_SECRET = "ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe";
  static final String ALIYUN_OTHER_SECRET = "otherSecret0123456789abcdefABCDE";

  /** Command timeouts never fire during an input; one daemon thread for all inputs. */
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fuzz-commands");
            t.setDaemon(true);
            return t;
          });

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final InMemoryDevices devices = new InMemoryDevices();
  final TopicCategories categories = new TopicCategories(new InMemoryCategories());
  final PendingCommands pending = new PendingCommands(SCHEDULER, 16);
  final Product oneNetProduct =
      new Product(PID, "meters", OneNetDialect.NAME, ONENET_PRODUCT_KEY, ProductOptions.DEFAULTS, NOW);
  /** Dynamic registration without a pre-created list, so both registration kinds are reachable. */
  final Product aliyunProduct =
      new Product(PK, "lamps", AliyunDialect.NAME, ALIYUN_PRODUCT_SECRET, new ProductOptions(5, "regnwl", false), NOW);
  final TelemetryWriter telemetry = (device, points) -> CompletableFuture.completedFuture(null);
  final ThingModel things =
      new ThingModel(
          new ThingRecorder(telemetry, new RecordingHistory(), EventSink.NONE),
          new DesiredProperties(new InMemoryDesiredProperties(), Runnable::run));
  final OneNetDialect oneNet =
      new OneNetDialect(
          devices,
          telemetry,
          pending,
          things,
          OneNetLimits.DEFAULTS,
          RateLimits.ONENET_DEFAULTS,
          InMemoryShadows.service(clock),
          clock);
  final AliyunDialect aliyun =
      new AliyunDialect(
          devices,
          categories,
          (device, message) -> CompletableFuture.completedFuture(null),
          pending,
          things,
          Runnable::run,
          AliyunLimits.DEFAULTS,
          RateLimits.NONE,
          InMemoryShadows.service(clock),
          new Gateways(
              new InMemoryProducts(aliyunProduct),
              new InMemoryGatewayTopology(),
              new SubDeviceSessions(SessionListener.NONE, 1500, limit -> {})),
          clock);

  BothDialects() {
    devices.create(new Device(PID, DN, ONENET_DEVICE_KEY, true, NOW));
    devices.create(new Device(PID, OTHER_DN, ONENET_OTHER_KEY, true, NOW));
    devices.create(new Device(PK, DN, ALIYUN_DEVICE_SECRET, true, NOW));
    devices.create(new Device(PK, OTHER_DN, ALIYUN_OTHER_SECRET, true, NOW));
    // One custom category of each access, so custom topics are reachable too.
    categories.create(new TopicCategory("c1", PK, "/${productKey}/${deviceName}/user/+/data", TopicAccess.PUB, false));
    categories.create(new TopicCategory("c2", PK, "/${productKey}/${deviceName}/user/cmd/#", TopicAccess.SUB, false));
    categories.load(PK);
  }

  FakeDeviceLink oneNetLink() {
    return new FakeDeviceLink(new DeviceIdentity(oneNetProduct, DN));
  }

  FakeDeviceLink aliyunLink() {
    return new FakeDeviceLink(new DeviceIdentity(aliyunProduct, DN));
  }

  static ConnectRequest connect(
      int level,
      String clientId,
      String username,
      byte[] password,
      boolean cleanSession,
      int keepAlive,
      boolean will,
      int willQos,
      boolean willRetain,
      boolean tls) {
    return new ConnectRequest(
        level, clientId, username, password, cleanSession, keepAlive, will, willQos, willRetain, tls, "127.0.0.1:50000");
  }
}
