package io.porta.server.config;

import com.typesafe.config.Config;
import io.porta.core.dialect.RateLimits;
import io.porta.core.gateway.GatewayLimits;
import io.porta.core.registry.RegistryCacheLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The server's configuration, typed and validated once at start-up. */
public record PortaConfig(
    Path dataDir,
    String bind,
    String apiToken,
    Mqtt mqtt,
    Mqtts mqtts,
    int httpPort,
    String dbUrl,
    Store store,
    int authThreads,
    int authQueueCapacity,
    int commandsRememberExpired,
    Duration messagesRetention,
    int messagesMaxPerDevice,
    Events events,
    Webhooks webhooks,
    Sessions sessions,
    RateLimits aliyunRateLimits,
    OneNet onenet,
    int maxSubDevicesPerGateway,
    GatewayLimits gatewayLimits,
    RegistryCacheLimits registryCache) {

  /**
   * @param maxConnections / maxConnectionsPerAddress 0 = unlimited
   * @param writeBufferLowWaterMark / writeBufferHighWaterMark reading from a device pauses while more
   *     than the high mark of its output waits, and resumes below the low mark
   * @param maxPendingOutboundBytes output waiting for a device beyond which it is disconnected
   *     (slow_consumer)
   */
  public record Mqtt(
      int port,
      int maxPacketSize,
      int maxClientIdLength,
      Duration connectTimeout,
      int maxSubscriptionsPerConnection,
      int workerThreads,
      int maxConnections,
      int maxConnectionsPerAddress,
      int writeBufferLowWaterMark,
      int writeBufferHighWaterMark,
      long maxPendingOutboundBytes,
      AuthFailures authFailures) {}

  /** Failed logins per address / per device within {@code window} beyond which it is banned for {@code ban}. */
  public record AuthFailures(Duration window, int maxPerAddress, int maxPerDevice, Duration ban) {}

  /**
   * Persistent sessions (cleanSession = 0): how long queued messages are kept, how many per device
   * (the oldest are dropped beyond), and after how long a session nobody resumed is forgotten.
   */
  public record Sessions(Duration queueRetention, int maxQueuedPerDevice, Duration expiry) {}

  /** The device event history: how long entries are kept, and how many per device at most. */
  public record Events(Duration retention, int maxPerDevice) {}

  /** Webhook delivery (README "Webhooks"). */
  public record Webhooks(
      int batchSize,
      Duration requestTimeout,
      Duration minBackoff,
      Duration maxBackoff,
      Duration retention,
      long maxQueuedEvents) {}

  public record Store(int batchMaxMessages, int batchMaxPoints, int queueMaxMessages, int queueMaxPoints) {}

  /**
   * The TLS listener: its PEM files, protocols and cipher suites, and how often the files are checked
   * for a new certificate (zero: never).
   */
  public record Mqtts(
      int port, String certFile, String keyFile, List<String> protocols, List<String> ciphers, Duration reloadInterval) {}

  public record OneNet(
      int maxPayloadBytes,
      int maxTopicLevels,
      int maxFilterLength,
      int maxFiltersPerSubscribe,
      RateLimits rateLimits) {}

  static PortaConfig from(Config c) {
    return new PortaConfig(
        Path.of(c.getString("data-dir")),
        c.getString("bind"),
        c.getString("api-token"),
        new Mqtt(
            port(c, "mqtt.port", false),
            positive(c, "mqtt.max-packet-size"),
            positive(c, "mqtt.max-client-id-length"),
            c.getDuration("mqtt.connect-timeout"),
            positive(c, "mqtt.max-subscriptions-per-connection"),
            c.getInt("mqtt.worker-threads"),
            notNegative(c, "mqtt.max-connections"),
            notNegative(c, "mqtt.max-connections-per-address"),
            bytes(c, "mqtt.write-buffer-low-water-mark"),
            bytes(c, "mqtt.write-buffer-high-water-mark"),
            bytes(c, "mqtt.max-pending-outbound-bytes"),
            new AuthFailures(
                c.getDuration("mqtt.auth-failures.window"),
                notNegative(c, "mqtt.auth-failures.max-per-address"),
                notNegative(c, "mqtt.auth-failures.max-per-device"),
                c.getDuration("mqtt.auth-failures.ban"))),
        new Mqtts(
            port(c, "mqtts.port", true),
            c.getString("mqtts.cert-file"),
            c.getString("mqtts.key-file"),
            c.getStringList("mqtts.protocols"),
            c.getStringList("mqtts.ciphers"),
            notNegativeDuration(c, "mqtts.reload-interval")),
        port(c, "http.port", false),
        c.getString("db.url"),
        new Store(
            positive(c, "store.batch-max-messages"),
            positive(c, "store.batch-max-points"),
            positive(c, "store.queue-max-messages"),
            positive(c, "store.queue-max-points")),
        positive(c, "auth.threads"),
        positive(c, "auth.queue-capacity"),
        positive(c, "commands.remember-expired"),
        c.getDuration("messages.retention"),
        positive(c, "messages.max-per-device"),
        new Events(c.getDuration("events.retention"), positive(c, "events.max-per-device")),
        new Webhooks(
            positive(c, "webhooks.batch-size"),
            c.getDuration("webhooks.request-timeout"),
            c.getDuration("webhooks.min-backoff"),
            c.getDuration("webhooks.max-backoff"),
            c.getDuration("webhooks.retention"),
            c.getLong("webhooks.max-queued-events")),
        new Sessions(
            c.getDuration("sessions.queue-retention"),
            positive(c, "sessions.max-queued-per-device"),
            c.getDuration("sessions.expiry")),
        rateLimits(c.getConfig("aliyun.rate-limits")),
        new OneNet(
            positive(c, "onenet.max-payload-bytes"),
            positive(c, "onenet.max-topic-levels"),
            positive(c, "onenet.max-filter-length"),
            positive(c, "onenet.max-filters-per-subscribe"),
            rateLimits(c.getConfig("onenet.rate-limits"))),
        positive(c, "gateways.max-sub-devices"),
        new GatewayLimits(
            positive(c, "gateways.max-login-batch"),
            positive(c, "gateways.max-topology-batch"),
            positive(c, "gateways.max-pack-entries"),
            positive(c, "gateways.max-register-batch")),
        new RegistryCacheLimits(
            c.getLong("registry.cache.max-devices"), // checked by RegistryCacheLimits: 0 or more
            c.getLong("registry.cache.max-products"),
            notNegativeDuration(c, "registry.cache.expire-after-write")));
  }

  private static RateLimits rateLimits(Config rl) {
    return new RateLimits(
        rl.getDuration("window"),
        rl.getInt("connect"),
        rl.getInt("publish-qos0"),
        rl.getInt("publish-qos1"),
        rl.getInt("subscribe-topics"),
        rl.getInt("unsubscribe"),
        rl.getInt("pingreq"),
        rl.getDuration("ban"));
  }

  private static int port(Config c, String path, boolean mayDisable) {
    int p = c.getInt(path);
    if (p > 65535 || p < (mayDisable ? -1 : 0)) {
      throw new IllegalArgumentException(
          "porta." + path + " must be 0–65535" + (mayDisable ? " or -1 (disabled)" : "") + ", not " + p);
    }
    return p;
  }

  private static Duration notNegativeDuration(Config c, String path) {
    Duration d = c.getDuration(path);
    if (d.isNegative()) {
      throw new IllegalArgumentException("porta." + path + " must not be negative, not " + d);
    }
    return d;
  }

  private static int positive(Config c, String path) {
    int v = c.getInt(path);
    if (v <= 0) {
      throw new IllegalArgumentException("porta." + path + " must be positive, not " + v);
    }
    return v;
  }

  private static int notNegative(Config c, String path) {
    int v = c.getInt(path);
    if (v < 0) {
      throw new IllegalArgumentException("porta." + path + " must be 0 (unlimited) or more, not " + v);
    }
    return v;
  }

  /** A size in bytes ("65536", "64K", "1M"), positive and below 2 GiB. */
  private static int bytes(Config c, String path) {
    long v = c.getBytes(path);
    if (v <= 0 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("porta." + path + " must be 1 byte to 2 GiB, not " + v);
    }
    return (int) v;
  }

  /** Never print the API token. */
  @Override
  public String toString() {
    return "PortaConfig[dataDir=" + dataDir + ", mqtt=" + mqtt.port + ", mqtts=" + mqtts.port + ", http=" + httpPort + "]";
  }
}
