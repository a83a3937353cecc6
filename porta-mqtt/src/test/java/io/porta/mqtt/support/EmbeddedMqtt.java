package io.porta.mqtt.support;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.porta.core.dialect.ConnectAuthenticator;
import io.porta.core.dialect.Dialects;
import io.porta.core.session.SessionListener;
import io.porta.core.model.DeviceKey;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.MqttConfig;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.connection.SessionRegistry;
import io.porta.mqtt.limit.Bans;
import io.porta.mqtt.limit.ConnectRateLimiter;
import io.porta.mqtt.metrics.MqttMetrics;
import io.porta.mqtt.pipeline.MqttPipeline;
import io.porta.mqtt.pipeline.RateLimiter;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The real pipeline on an {@link EmbeddedChannel}: literal bytes in, literal bytes out. Credential
 * checks run when {@link #runAuth()} is called (or inline, by default), then their result hops to the
 * channel's loop like on a real server.
 */
public final class EmbeddedMqtt implements AutoCloseable {
  public final TestDialect dialect;
  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  public final SessionRegistry sessions;
  private final MqttPipeline pipeline;
  private final ArrayDeque<Runnable> authTasks = new ArrayDeque<>();
  private final List<EmbeddedChannel> channels = new java.util.ArrayList<>();
  private boolean deferAuth;
  private EmbeddedChannel channel;

  public EmbeddedMqtt() {
    this(new TestDialect(), config());
  }

  public EmbeddedMqtt(TestDialect dialect, MqttConfig config) {
    this(dialect, config, new SessionRegistry(), new Bans<>(), new ConnectRateLimiter<>());
  }

  private EmbeddedMqtt(
      TestDialect dialect, MqttConfig config, SessionRegistry sessions, Bans<DeviceKey> bans, ConnectRateLimiter<DeviceKey> connects) {
    this.dialect = dialect;
    this.sessions = sessions;
    MqttMetrics metrics = new MqttMetrics(meters);
    Executor auth = task -> {
      if (deferAuth) {
        authTasks.add(task);
      } else {
        task.run();
      }
    };
    this.pipeline =
        new MqttPipeline(
            config,
            new Dialects(List.of(dialect)),
            new ConnectAuthenticator(new Dialects(List.of(dialect)), new InMemoryProducts()),
            auth,
            sessions,
            new RateLimiter(bans, connects, metrics),
            metrics,
            null,
            SessionListener.NONE);
    this.channel = newChannel();
  }

  /** Defaults with a small subscription limit (3) and packet size (1 KB) to test the limits. */
  public static MqttConfig config() {
    return MqttConfig.defaults()
        .withPorts(0, -1)
        .withLimits(1024, 32, java.time.Duration.ofSeconds(10), 3);
  }

  /** A new connection on the same server (same sessions, bans and metrics). */
  public EmbeddedChannel newChannel() {
    EmbeddedChannel ch = new EmbeddedChannel(pipeline.initializer(MqttPipeline.LISTENER_TCP, null));
    channels.add(ch);
    return ch;
  }

  /**
   * Closes a channel of {@link #newChannel()} and forgets it (a fuzz test opens millions).
   *
   * @return whether anything was left in its inbound or outbound queue (released now)
   */
  public boolean closeChannel(EmbeddedChannel ch) {
    channels.remove(ch);
    return ch.finishAndReleaseAll();
  }

  public EmbeddedChannel channel() {
    return channel;
  }

  public void useChannel(EmbeddedChannel ch) {
    this.channel = ch;
  }

  /** Queue credential checks until {@link #runAuth()}. */
  public void deferAuth() {
    deferAuth = true;
  }

  public void runAuth() {
    for (Runnable r = authTasks.poll(); r != null; r = authTasks.poll()) {
      r.run();
    }
    channel.runPendingTasks();
  }

  /** Writes bytes in and runs what that scheduled on the loop. */
  public EmbeddedMqtt send(byte[]... packets) {
    return send(channel, packets);
  }

  public EmbeddedMqtt send(EmbeddedChannel ch, byte[]... packets) {
    if (ch.isOpen()) {
      ch.writeInbound(Unpooled.wrappedBuffer(Packets.concat(packets)));
    }
    ch.runPendingTasks();
    return this;
  }

  /** Connects device {@code name} and consumes the CONNACK 0. */
  public EmbeddedMqtt connect(String name) {
    send(Packets.connect(name));
    byte[] connack = read();
    if (!java.util.Arrays.equals(connack, Packets.CONNACK_ACCEPTED)) {
      throw new AssertionError("expected CONNACK 0, got " + java.util.HexFormat.of().formatHex(connack));
    }
    return this;
  }

  /** All bytes written to the client since the last call. */
  public byte[] read() {
    return read(channel);
  }

  public byte[] read(EmbeddedChannel ch) {
    ch.runPendingTasks();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
      ByteBuf b = (ByteBuf) o;
      try {
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        out.writeBytes(bytes);
      } finally {
        b.release();
      }
    }
    return out.toByteArray();
  }

  public boolean isOpen() {
    channel.runPendingTasks();
    return channel.isOpen();
  }

  public DisconnectReason closeReason() {
    return Connection.of(channel).closeReason();
  }

  public Connection connection() {
    return Connection.of(channel);
  }

  public double counter(String name, String tag, String value) {
    return meters.counter(name, tag, value).count();
  }

  public double disconnects(DisconnectReason reason) {
    return counter("porta.disconnects", "reason", reason.label());
  }

  public static DeviceKey device(String name) {
    return new DeviceKey(InMemoryProducts.PRODUCT, name);
  }

  @Override
  public void close() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll); // every test is also a leak test
  }
}
