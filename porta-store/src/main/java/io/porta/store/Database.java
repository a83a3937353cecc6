package io.porta.store;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.porta.core.application.ApplicationRepository;
import io.porta.core.shadow.ShadowRepository;
import io.porta.core.gateway.GatewayTopology;
import io.porta.core.event.DeviceEventRepository;
import io.porta.core.message.MessageLogRepository;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.registry.ProductRepository;
import io.porta.core.session.PersistentSessionRepository;
import io.porta.core.telemetry.TelemetryRepository;
import io.porta.core.topic.TopicCategoryRepository;
import io.porta.store.event.BatchingDeviceEventWriter;
import io.porta.store.event.DeviceEventWriterConfig;
import io.porta.store.event.JdbcDeviceEventRepository;
import io.porta.store.message.BatchingMessageLogWriter;
import io.porta.store.message.JdbcMessageLogRepository;
import io.porta.store.message.MessageLogWriterConfig;
import io.porta.store.registry.JdbcDeviceRepository;
import io.porta.store.registry.JdbcProductRepository;
import io.porta.store.session.JdbcPersistentSessionRepository;
import io.porta.store.webhook.BatchingEventWriter;
import io.porta.store.webhook.JdbcEventOutbox;
import io.porta.store.application.JdbcApplicationRepository;
import io.porta.store.shadow.JdbcShadowRepository;
import io.porta.store.gateway.JdbcGatewayTopology;
import io.porta.store.webhook.JdbcWebhookRepository;
import io.porta.store.batch.BatchBounds;
import io.porta.core.event.EventOutbox;
import io.porta.core.webhook.WebhookRepository;
import io.porta.store.telemetry.BatchingTelemetryWriter;
import io.porta.store.telemetry.JdbcTelemetryRepository;
import io.porta.store.telemetry.TelemetryWriterConfig;
import io.porta.store.topic.JdbcTopicCategoryRepository;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.api.output.MigrateResult;
import io.porta.core.thing.DesiredPropertyRepository;
import io.porta.store.thing.JdbcDesiredPropertyRepository;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store: a pooled, migrated database (SQLite by default, PostgreSQL by URL) and the repositories
 * on it. Opening it creates or upgrades the schema. Blocking throughout: use it off the event loops.
 */
public final class Database implements AutoCloseable {
  /** The file name of the embedded database inside the data directory. */
  public static final String SQLITE_FILE_NAME = "porta.db";

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final Engine engine;
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final JdbcProductRepository products;
  private final JdbcDeviceRepository devices;
  private final JdbcTelemetryRepository telemetry;
  private final JdbcTopicCategoryRepository topicCategories;
  private final JdbcMessageLogRepository messageLog;
  private final JdbcDeviceEventRepository deviceEvents;
  private final JdbcPersistentSessionRepository persistentSessions;
  private final JdbcWebhookRepository webhooks;
  private final JdbcEventOutbox eventOutbox;
  private final JdbcApplicationRepository applications;
  private final JdbcShadowRepository shadows;
  private final JdbcGatewayTopology gatewayTopology;
  private final DesiredPropertyRepository desiredProperties;
  /** The writers started here, in start order. */
  private final List<AutoCloseable> writers = new CopyOnWriteArrayList<>();
  private boolean closed;

  private Database(Engine engine, HikariDataSource dataSource) {
    this.engine = engine;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    this.products = new JdbcProductRepository(jdbi, dataSource);
    this.devices = new JdbcDeviceRepository(jdbi, dataSource);
    this.telemetry = new JdbcTelemetryRepository(jdbi);
    this.topicCategories = new JdbcTopicCategoryRepository(jdbi);
    this.messageLog = new JdbcMessageLogRepository(jdbi);
    this.deviceEvents = new JdbcDeviceEventRepository(jdbi);
    this.persistentSessions = new JdbcPersistentSessionRepository(jdbi);
    this.webhooks = new JdbcWebhookRepository(jdbi);
    this.eventOutbox = new JdbcEventOutbox(jdbi);
    this.applications = new JdbcApplicationRepository(jdbi);
    this.shadows = new JdbcShadowRepository(jdbi);
    this.gatewayTopology = new JdbcGatewayTopology(jdbi);
    this.desiredProperties = new JdbcDesiredPropertyRepository(jdbi);
  }

  /** Opens the database at a JDBC URL with default options. */
  public static Database open(String jdbcUrl) {
    return open(DatabaseOptions.of(jdbcUrl));
  }

  /**
   * Opens the database and migrates its schema.
   *
   * @throws IllegalArgumentException for a URL of an unsupported engine
   */
  public static Database open(DatabaseOptions options) {
    Engine engine = Engine.of(options.jdbcUrl());
    HikariDataSource dataSource = DataSources.create(engine, options);
    try {
      MigrateResult result = Migrations.migrate(engine, dataSource);
      log.info(
          "database {} ({}): {} migration(s) applied, schema version {}",
          JdbcUrls.redact(options.jdbcUrl()),
          engine,
          result.migrationsExecuted,
          result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion);
      return new Database(engine, dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /** The URL of the embedded default database in a data directory (created at open if missing). */
  public static String sqliteUrl(Path dataDirectory) {
    return Engine.SQLITE.urlPrefix() + dataDirectory.toAbsolutePath().resolve(SQLITE_FILE_NAME);
  }

  public Engine engine() {
    return engine;
  }

  public ProductRepository products() {
    return products;
  }

  public DeviceRepository devices() {
    return devices;
  }

  public TelemetryRepository telemetry() {
    return telemetry;
  }

  public TopicCategoryRepository topicCategories() {
    return topicCategories;
  }

  public MessageLogRepository messageLog() {
    return messageLog;
  }

  public DeviceEventRepository deviceEvents() {
    return deviceEvents;
  }

  public PersistentSessionRepository persistentSessions() {
    return persistentSessions;
  }

  public GatewayTopology gatewayTopology() {
    return gatewayTopology;
  }

  public ShadowRepository shadows() {
    return shadows;
  }

  public DesiredPropertyRepository desiredProperties() {
    return desiredProperties;
  }

  public ApplicationRepository applications() {
    return applications;
  }

  public WebhookRepository webhooks() {
    return webhooks;
  }

  public EventOutbox eventOutbox() {
    return eventOutbox;
  }

  /**
   * Starts the group-commit writer of the event outbox on this database. {@link #close()} closes it
   * too, first, so that it drains what it accepted while the pool is still open.
   */
  public BatchingEventWriter startEventWriter() {
    BatchingEventWriter writer =
        BatchingEventWriter.start(jdbi, new BatchBounds(4 << 20, 500, 50_000, 64 << 20));
    writers.add(writer);
    return writer;
  }

  /**
   * Starts a group-commit writer of the message log on this database. {@link #close()} closes it too,
   * first, so that it drains what it accepted while the pool is still open.
   */
  public BatchingMessageLogWriter startMessageLogWriter(MessageLogWriterConfig config) {
    BatchingMessageLogWriter writer = BatchingMessageLogWriter.start(jdbi, config);
    writers.add(writer);
    return writer;
  }

  /** As {@link #startMessageLogWriter(MessageLogWriterConfig)}, its meters registered in {@code registry}. */
  public BatchingMessageLogWriter startMessageLogWriter(MessageLogWriterConfig config, MeterRegistry registry) {
    return startMessageLogWriter(config).bindTo(registry);
  }

  /**
   * Starts a group-commit writer of the device event history on this database. {@link #close()} closes
   * it too, first, so that it drains what it accepted while the pool is still open.
   */
  public BatchingDeviceEventWriter startDeviceEventWriter(DeviceEventWriterConfig config) {
    BatchingDeviceEventWriter writer = BatchingDeviceEventWriter.start(deviceEvents, config);
    writers.add(writer);
    return writer;
  }

  /**
   * Starts a group-commit writer on this database. {@link #close()} closes it too, first, so that it
   * drains what it accepted while the pool is still open.
   */
  public BatchingTelemetryWriter startTelemetryWriter(TelemetryWriterConfig config) {
    BatchingTelemetryWriter writer = BatchingTelemetryWriter.start(jdbi, config);
    writers.add(writer);
    return writer;
  }

  /**
   * As {@link #startTelemetryWriter(TelemetryWriterConfig)}, its meters (batch size, commit latency,
   * queue depth) registered in {@code registry}.
   */
  public BatchingTelemetryWriter startTelemetryWriter(TelemetryWriterConfig config, MeterRegistry registry) {
    return startTelemetryWriter(config).bindTo(registry);
  }

  /** Whether the database answers a trivial query now (for {@code /readyz}). */
  public boolean isReachable() {
    try {
      return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    } catch (RuntimeException e) {
      log.warn("database unreachable: {}", e.toString());
      return false;
    }
  }

  /** For the store's own tests and future stores of this module. */
  Jdbi jdbi() {
    return jdbi;
  }

  /** Drains and stops the writers started here, then closes the pool. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (AutoCloseable writer : writers) {
      try {
        writer.close();
      } catch (Exception e) {
        log.error("closing a writer failed", e);
      }
    }
    dataSource.close();
  }
}
