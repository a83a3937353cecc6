package io.porta.mqtt.pipeline;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.porta.core.dialect.ConnectAuthenticator;
import io.porta.core.dialect.Dialects;
import io.porta.mqtt.MqttConfig;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.connection.ConnectionTimeouts;
import io.porta.mqtt.connection.SessionRegistry;
import io.porta.mqtt.limit.AuthFailureThrottle;
import io.porta.mqtt.limit.OpenConnections;
import io.porta.mqtt.metrics.MqttMetrics;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.SessionListener;
import io.porta.mqtt.session.PersistentSessions;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The one place the connection pipeline is built (style.md, after HiveMQ), in this fixed order:
 *
 * <pre>
 * [ssl] → framer → decoder → encoder → flush → dispatch → authThrottle → connect
 * </pre>
 *
 * {@code authThrottle} and {@code connect} handle the CONNECT phase and leave the pipeline at the
 * CONNACK; from then on {@code dispatch} ({@link PacketDispatchHandler}) hands every packet to the
 * small class for its type. Handlers from {@code dispatch} on keep no per-connection fields and are
 * shared; per-connection state lives in the channel's {@link Connection}. An idle connected device
 * thus holds five handler contexts (six with TLS) and no timer: the connect timeout and keepalive are
 * swept per event loop ({@link ConnectionTimeouts}). Connection limits apply before all this, on the
 * listeners' server channels ({@link #connectionLimits()}).
 */
public final class MqttPipeline {
  public static final String SSL = "ssl";
  /** {@link PacketFramer}: one whole packet at a time to the decoder. */
  public static final String FRAMER = "framer";
  public static final String DECODER = "decoder";
  public static final String ENCODER = "encoder";
  /** Batches flushes per read cycle (design.md "Transport"); flushes outside a read go out at once. */
  public static final String FLUSH = "flush";
  /** {@link PacketDispatchHandler}: every packet, event and exception of the connection. */
  public static final String DISPATCH = "dispatch";
  public static final String AUTH_THROTTLE = "authThrottle";
  public static final String CONNECT = "connect";

  public static final String LISTENER_TCP = "mqtt";
  public static final String LISTENER_TLS = "mqtts";

  private final MqttConfig config;
  private final PacketDispatchHandler dispatch;
  private final AuthFailureThrottle authFailures;
  private final AuthThrottleHandler authThrottle;
  private final ConnectionLimitHandler connectionLimits;
  private final ConnectHandler connect;
  private final ConnectionTimeouts timeouts;

  public MqttPipeline(
      MqttConfig config,
      Dialects dialects,
      ConnectAuthenticator authenticator,
      Executor authExecutor,
      SessionRegistry sessions,
      RateLimiter limiter,
      MqttMetrics metrics,
      PersistentSessions persistentSessions,
      SessionListener sessionListener) {
    this.config = config;
    this.timeouts = new ConnectionTimeouts(config.connectTimeout());
    this.dispatch =
        new PacketDispatchHandler(
            new TrafficMeters(metrics),
            new DecodeFailures(metrics),
            new SubscribePackets(limiter, config.maxSubscriptionsPerConnection()),
            new PublishPackets(limiter, metrics, config.maxPendingPublishes()),
            new ControlPackets(limiter),
            new Disconnects(sessions, metrics, sessionListener),
            timeouts);
    this.authFailures = new AuthFailureThrottle(config.authFailureLimits());
    this.authThrottle = new AuthThrottleHandler(authFailures, authenticator, metrics);
    this.connectionLimits = new ConnectionLimitHandler(new OpenConnections(config.connectionLimits()), metrics);
    this.connect =
        new ConnectHandler(
            dialects, authenticator, authExecutor, sessions, limiter, metrics,
            config.maxQueuedBeforeConnack(), config.maxClientIdLength(),
            config.maxSubscriptionsPerConnection(), persistentSessions, sessionListener, dispatch);
  }

  /** The handler of the listeners' server channels that refuses connections beyond the limits. */
  public ConnectionLimitHandler connectionLimits() {
    return connectionLimits;
  }

  /** Closes every open connection (server shutdown) and waits up to {@code timeout} until they are. */
  public void closeAll(DisconnectReason reason, Duration timeout) {
    timeouts.closeAll(reason, timeout);
  }

  /** Forgets finished failed-login windows and expired bans; run periodically. */
  public void sweep() {
    authFailures.sweep(System.nanoTime());
  }

  /** A channel initializer for one listener; {@code ssl} is null for plain TCP. */
  public ChannelInitializer<Channel> initializer(String listener, SslContext ssl) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        install(ch, listener, ssl);
      }
    };
  }

  /** Builds the pipeline of a new channel and attaches its {@link Connection}. */
  public void install(Channel ch, String listener, SslContext ssl) {
    ch.attr(Connection.KEY)
        .set(new Connection(ch, listener, ssl != null, config.maxPendingOutboundBytes()));
    ChannelPipeline p = ch.pipeline();
    if (ssl != null) {
      SslHandler sslHandler = ssl.newHandler(ch.alloc());
      sslHandler.setHandshakeTimeoutMillis(config.connectTimeout().toMillis());
      p.addLast(SSL, sslHandler);
    }
    p.addLast(FRAMER, new PacketFramer(config.maxPacketSize()));
    p.addLast(DECODER, new MqttDecoder(config.maxPacketSize(), config.maxClientIdLength()));
    p.addLast(ENCODER, MqttEncoder.INSTANCE);
    p.addLast(FLUSH, new FlushConsolidationHandler(256, false));
    p.addLast(DISPATCH, dispatch);
    p.addLast(AUTH_THROTTLE, authThrottle);
    p.addLast(CONNECT, connect);
  }
}
