package io.porta.server;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.porta.api.ApiServices;
import io.porta.api.RestApi;
import io.porta.core.command.CommandService;
import io.porta.core.command.MessageIds;
import io.porta.core.command.PendingCommands;
import io.porta.core.dialect.ConnectAuthenticator;
import io.porta.core.dialect.Dialects;
import io.porta.core.dialect.aliyun.AliyunDialect;
import io.porta.core.dialect.aliyun.AliyunLimits;
import io.porta.core.dialect.onenet.OneNetDialect;
import io.porta.core.message.DownlinkService;
import io.porta.api.push.PushServices;
import io.porta.api.push.WebhookDeliveryConfig;
import io.porta.api.push.WebhookDispatcher;
import io.porta.api.push.WebhookEventSink;
import io.porta.mqtt.application.ApplicationFanout;
import io.porta.api.push.Webhooks;
import io.porta.core.event.EventPublishingMessageLogWriter;
import io.porta.core.event.EventPublishingTelemetryWriter;
import io.porta.core.application.ApplicationRules;
import io.porta.core.application.Applications;
import io.porta.core.event.EventSink;
import io.porta.core.shadow.ShadowService;
import io.porta.core.telemetry.TelemetryWriter;
import io.porta.core.thing.DesiredProperties;
import io.porta.core.thing.ThingModel;
import io.porta.core.thing.ThingRecorder;
import io.porta.core.event.StatusEvents;
import io.porta.core.gateway.GatewayLimits;
import io.porta.core.gateway.Gateways;
import io.porta.core.gateway.SubDeviceSessions;
import io.micrometer.core.instrument.Counter;
import io.porta.core.topic.TopicCategories;
import io.porta.store.event.BatchingDeviceEventWriter;
import io.porta.store.event.DeviceEventWriterConfig;
import io.porta.store.message.BatchingMessageLogWriter;
import io.porta.store.message.MessageLogWriterConfig;
import io.porta.core.dialect.onenet.OneNetLimits;
import io.porta.mqtt.MqttConfig;
import io.porta.mqtt.limit.AuthFailureLimits;
import io.porta.mqtt.limit.ConnectionLimits;
import io.porta.mqtt.MqttServer;
import io.porta.server.config.PortaConfig;
import io.porta.server.tls.TlsFiles;
import io.porta.store.telemetry.BatchingTelemetryWriter;
import io.porta.store.telemetry.TelemetryWriterConfig;
import io.porta.store.Database;
import io.porta.core.registry.RegistryCache;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Porta process: store, dialects, MQTT listeners and REST API, wired by hand in one place
 * (style.md: constructor wiring, no framework). {@link #start} returns once every listener is up.
 */
public final class PortaServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PortaServer.class);

  private final PortaConfig config;
  private final DataDirectory dataDir;
  private final String apiToken;
  private Database database;
  private BatchingTelemetryWriter writer;
  private ThreadPoolExecutor authExecutor;
  private ThreadPoolExecutor registryWrites;
  private ThreadPoolExecutor shadowWork;
  private ScheduledExecutorService scheduler;
  private MqttServer mqtt;
  private WebhookDispatcher webhookDispatcher;
  private RestApi api;
  private volatile boolean ready;
  private int httpPort;

  private PortaServer(PortaConfig config, DataDirectory dataDir, String apiToken) {
    this.config = config;
    this.dataDir = dataDir;
    this.apiToken = apiToken;
  }

  /**
   * Starts everything.
   *
   * @param console where the generated API token is printed once (never into the log)
   */
  public static PortaServer start(PortaConfig config, PrintStream console) throws IOException {
    DataDirectory dataDir = new DataDirectory(config.dataDir());
    String token = config.apiToken();
    if (token.isBlank()) {
      token = dataDir.readApiToken();
      if (token == null) {
        token = dataDir.generateApiToken();
        log.info("Generated the REST API token into {}", dataDir.apiTokenFile().toAbsolutePath().normalize());
        console.println("Porta REST API token (also in " + dataDir.apiTokenFile() + "): " + token);
      }
    }
    PortaServer server = new PortaServer(config, dataDir, token);
    try {
      server.startComponents();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void startComponents() throws IOException {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ClassLoaderMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);

    String dbUrl = config.dbUrl().isBlank() ? Database.sqliteUrl(dataDir.path()) : config.dbUrl();
    database = Database.open(dbUrl);
    // Every reader and writer of devices and products in this process goes through it, so its
    // invalidations see every change.
    RegistryCache registry = new RegistryCache(database.devices(), database.products(), config.registryCache());
    PortaConfig.Store st = config.store();
    writer =
        database.startTelemetryWriter(
            new TelemetryWriterConfig(
                st.batchMaxPoints(), st.batchMaxMessages(), st.queueMaxMessages(), st.queueMaxPoints()),
            metrics);

    scheduler = Executors.newSingleThreadScheduledExecutor(daemon("porta-scheduler"));
    PendingCommands pending = new PendingCommands(scheduler, config.commandsRememberExpired());
    Clock clock = Clock.systemUTC();
    // Device events for applications: stored in the outbox when a webhook wants them, then delivered.
    PortaConfig.Webhooks wh = config.webhooks();
    Webhooks webhooks = new Webhooks(database.webhooks());
    webhookDispatcher =
        new WebhookDispatcher(
            webhooks,
            database.eventOutbox(),
            new WebhookDeliveryConfig(
                wh.batchSize(), wh.requestTimeout(), wh.minBackoff(), wh.maxBackoff(), wh.retention(), wh.maxQueuedEvents()),
            metrics,
            clock);
    // ... and to applications on the application channel (MQTT under $app/).
    Applications applications = new Applications(database.applications(), clock);
    ApplicationFanout applicationFanout = new ApplicationFanout(applications);
    applications.onRevoked(applicationFanout::revoke);
    EventSink events =
        EventSink.both(
            new WebhookEventSink(webhooks, database.startEventWriter().bindTo(metrics), webhookDispatcher::wake),
            applicationFanout);
    TelemetryWriter telemetryAndEvents = new EventPublishingTelemetryWriter(writer, events, clock);
    // Device shadows: changes from devices run here, never on an event loop.
    shadowWork =
        new ThreadPoolExecutor(
            2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), daemon("porta-shadows"));
    ShadowService shadows = new ShadowService(database.shadows(), clock, shadowWork);
    // The device event history (online/offline, thing-model events). Closed by database.close(), after
    // the listeners: the offlines of a shutdown are kept.
    BatchingDeviceEventWriter deviceEventWriter = database.startDeviceEventWriter(DeviceEventWriterConfig.DEFAULTS).bindTo(metrics);
    // Repository calls a dialect makes while handling a PUBLISH (device tags, firmware version, desired
    // properties).
    registryWrites =
        new ThreadPoolExecutor(
            2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), daemon("porta-registry-writes"));
    ThingModel things =
        new ThingModel(
            new ThingRecorder(telemetryAndEvents, deviceEventWriter, events),
            new DesiredProperties(database.desiredProperties(), registryWrites));
    // Sub-devices online through their gateways: found by services like any device, and taken
    // offline with their gateway's connection.
    Counter.builder("porta_gateway_limit_hits").description("Gateway requests refused at a limit")
        .tag("limit", GatewayLimits.SUB_DEVICES_PER_GATEWAY).register(metrics); // visible before the first hit
    SubDeviceSessions subDevices =
        new SubDeviceSessions(
            new StatusEvents(deviceEventWriter, events, clock), config.maxSubDevicesPerGateway(), limit ->
                Counter.builder("porta_gateway_limit_hits").tag("limit", limit).register(metrics).increment());
    Gateways gateways = new Gateways(registry.products(), database.gatewayTopology(), subDevices, config.gatewayLimits());

    PortaConfig.OneNet on = config.onenet();
    OneNetDialect onenet =
        new OneNetDialect(
            registry.devices(),
            telemetryAndEvents,
            pending,
            things,
            new OneNetLimits(
                on.maxPayloadBytes(),
                on.maxTopicLevels(),
                on.maxFilterLength(),
                on.maxFiltersPerSubscribe(),
                config.mqtt().maxSubscriptionsPerConnection()),
            on.rateLimits(),
            shadows,
            gateways,
            registryWrites,
            clock);
    // Closed by database.close(), like every writer started on it.
    BatchingMessageLogWriter messageLogWriter = database.startMessageLogWriter(MessageLogWriterConfig.DEFAULTS, metrics);
    TopicCategories categories = new TopicCategories(database.topicCategories());
    AliyunDialect aliyun =
        new AliyunDialect(
            registry.devices(),
            categories,
            new EventPublishingMessageLogWriter(messageLogWriter, events),
            pending,
            things,
            registryWrites,
            AliyunLimits.DEFAULTS,
            config.aliyunRateLimits(),
            shadows,
            gateways,
            clock);
    Dialects dialects = new Dialects(List.of(onenet, aliyun));
    scheduler.scheduleWithFixedDelay(this::purgeMessageLog, 1, 10, TimeUnit.MINUTES);
    scheduler.scheduleWithFixedDelay(this::purgeDeviceEvents, 1, 10, TimeUnit.MINUTES);

    // Credential checks read the registry: they run here, never on a Netty event loop.
    authExecutor =
        new ThreadPoolExecutor(
            config.authThreads(),
            config.authThreads(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(config.authQueueCapacity()),
            daemon("porta-auth"));

    TlsFiles.Pair tls = null;
    if (config.mqtts().port() >= 0) {
      tls = TlsFiles.resolve(config.mqtts().certFile(), config.mqtts().keyFile(), dataDir.path());
    }
    PortaConfig.Mqtt m = config.mqtt();
    MqttConfig d = MqttConfig.defaults();
    MqttConfig mqttConfig =
        new MqttConfig(
            config.bind(),
            m.port(),
            config.mqtts().port(),
            tls == null ? null : tls.certFile(),
            tls == null ? null : tls.keyFile(),
            config.mqtts().protocols(),
            config.mqtts().ciphers(),
            m.maxPacketSize(),
            m.maxClientIdLength(),
            m.connectTimeout(),
            m.maxSubscriptionsPerConnection(),
            d.maxQueuedBeforeConnack(),
            d.maxPendingPublishes(),
            m.writeBufferLowWaterMark(),
            m.writeBufferHighWaterMark(),
            m.maxPendingOutboundBytes(),
            m.workerThreads(),
            new ConnectionLimits(m.maxConnections(), m.maxConnectionsPerAddress()),
            new AuthFailureLimits(
                m.authFailures().window(),
                m.authFailures().maxPerAddress(),
                m.authFailures().maxPerDevice(),
                m.authFailures().ban()));
    mqtt =
        new MqttServer(
            mqttConfig,
            dialects,
            new ConnectAuthenticator(dialects, registry.products(), new ApplicationRules(applications)),
            authExecutor,
            metrics,
            database.persistentSessions(),
            config.sessions().maxQueuedPerDevice(),
            subDevices);
    subDevices.attach(mqtt.sessions());
    applicationFanout.attach(mqtt.sessions(), mqtt.persistentSessions()).join();
    mqtt.start();
    scheduler.scheduleWithFixedDelay(this::purgeSessions, 1, 10, TimeUnit.MINUTES);
    long reload = config.mqtts().reloadInterval().toMillis();
    if (mqtt.tls() != null && reload > 0) { // a renewed certificate without a restart
      scheduler.scheduleWithFixedDelay(mqtt.tls()::reloadIfChanged, reload, reload, TimeUnit.MILLISECONDS);
    }

    CommandService commands = new CommandService(subDevices, dialects, pending, events, clock);
    api =
        new RestApi(
            new ApiServices(
                registry.products(),
                registry.devices(),
                database.telemetry(),
                subDevices,
                commands,
                dialects,
                categories,
                database.messageLog(),
                database.deviceEvents(),
                new DownlinkService(subDevices, mqtt.sessionQueue(), dialects, new MessageIds()),
                metrics,
                // Not ready while a listener is not bound or the store does not answer (/readyz 503).
                () -> ready && mqtt.isListening() && database.isReachable(),
                apiToken,
                mqtt.tcpPort(),
                mqtt.tlsPort(),
                clock,
                new PushServices(webhooks, webhookDispatcher, database.eventOutbox(), applications),
                shadows,
                database.desiredProperties(),
                database.gatewayTopology()));
    httpPort = api.start(config.bind(), config.httpPort());
    webhookDispatcher.start();

    dataDir.writePorts(mqtt.tcpPort(), config.mqtts().port() < 0 ? null : mqtt.tlsPort(), httpPort);
    ready = true;
    log.info(
        "Porta ready: mqtt={} mqtts={} http={} data={}",
        mqtt.tcpPort(),
        config.mqtts().port() < 0 ? "off" : mqtt.tlsPort(),
        httpPort,
        dataDir.path().toAbsolutePath().normalize());
  }

  /** Bounded retention of the message log (time and count per device). */
  private void purgeMessageLog() {
    try {
      long cutoff = System.currentTimeMillis() - config.messagesRetention().toMillis();
      int deleted = database.messageLog().purge(cutoff, config.messagesMaxPerDevice());
      if (deleted > 0) {
        log.info("Message log retention: deleted {} message(s)", deleted);
      }
    } catch (RuntimeException e) {
      log.warn("Message log retention failed: {}", e.toString());
    }
  }

  /** Bounded retention of the device event history (time and count per device). */
  private void purgeDeviceEvents() {
    try {
      PortaConfig.Events history = config.events();
      long cutoff = System.currentTimeMillis() - history.retention().toMillis();
      int deleted = database.deviceEvents().purge(cutoff, history.maxPerDevice());
      if (deleted > 0) {
        log.info("Device event retention: deleted {} event(s)", deleted);
      }
    } catch (RuntimeException e) {
      log.warn("Device event retention failed: {}", e.toString());
    }
  }

  /** Retention of persistent sessions and their queues (design.md "Sessions"). */
  private void purgeSessions() {
    PortaConfig.Sessions s = config.sessions();
    mqtt.persistentSessions()
        .purge(s.queueRetention(), s.expiry())
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                log.warn("Session retention failed: {}", error.toString());
              }
            });
  }

  public int mqttPort() {
    return mqtt.tcpPort();
  }

  public int mqttsPort() {
    return mqtt.tlsPort();
  }

  public int httpPort() {
    return httpPort;
  }

  public String apiToken() {
    return apiToken;
  }

  public DataDirectory dataDirectory() {
    return dataDir;
  }

  /** The MQTT transport, for operations and integration tests (stopping it makes {@code /readyz} 503). */
  public MqttServer mqttServer() {
    return mqtt;
  }

  /** The store, for operations and integration tests (closing it makes {@code /readyz} 503). */
  public Database database() {
    return database;
  }

  /** Stops in reverse order: no new requests, then connections, then drain the writer, then the store. */
  @Override
  public void close() {
    ready = false;
    if (api != null) {
      api.stop();
    }
    if (mqtt != null) {
      mqtt.stop();
    }
    if (webhookDispatcher != null) {
      webhookDispatcher.close(); // undelivered events stay in the outbox for the next start
    }
    if (authExecutor != null) {
      authExecutor.shutdownNow();
    }
    if (registryWrites != null) {
      registryWrites.shutdown();
    }
    if (shadowWork != null) {
      shadowWork.shutdown(); // changes already taken finish; the store closes after the listeners
    }
    if (writer != null) {
      writer.close();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (database != null) {
      database.close();
    }
    log.info("Porta stopped");
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
