package io.porta.mqtt.support;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.porta.core.dialect.ConnectAuthenticator;
import io.porta.core.dialect.Dialects;
import io.porta.core.model.DeviceKey;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.MqttConfig;
import io.porta.mqtt.MqttServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real {@link MqttServer} on free ports with the {@link TestDialect}. */
public final class TestServer implements AutoCloseable {
  public final TestDialect dialect = new TestDialect();
  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  public final MqttServer server;
  private final ExecutorService authExecutor = Executors.newFixedThreadPool(2);

  public TestServer() {
    this(config());
  }

  public TestServer(MqttConfig config) {
    Dialects dialects = new Dialects(List.of(dialect));
    server =
        new MqttServer(
            config,
            dialects,
            new ConnectAuthenticator(dialects, new InMemoryProducts()),
            authExecutor,
            meters);
    server.start();
  }

  /** Plain TCP on a free port, TLS off, 2 worker threads. */
  public static MqttConfig config() {
    MqttConfig d = MqttConfig.defaults();
    return new MqttConfig(
        "127.0.0.1", 0, -1, null, null, d.tlsProtocols(), d.tlsCiphers(), d.maxPacketSize(), d.maxClientIdLength(),
        Duration.ofSeconds(5), d.maxSubscriptionsPerConnection(), d.maxQueuedBeforeConnack(),
        d.maxPendingPublishes(), d.writeBufferLowWaterMark(), d.writeBufferHighWaterMark(),
        d.maxPendingOutboundBytes(), 2, d.connectionLimits(), d.authFailureLimits());
  }

  public int port() {
    return server.tcpPort();
  }

  public double disconnects(DisconnectReason reason) {
    return meters.counter("porta.disconnects", "reason", reason.label()).count();
  }

  public double connections(String listener) {
    return meters.get("porta.connections").tag("listener", listener).gauge().value();
  }

  public DeviceLink link(String device) {
    return server.sessions().find(new DeviceKey(InMemoryProducts.PRODUCT, device)).orElseThrow();
  }

  @Override
  public void close() {
    server.stop();
    authExecutor.shutdownNow();
  }
}
