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
import io.porta.mqtt.connection.SessionRegistry;
import io.porta.mqtt.limit.AuthFailureThrottle;
import io.porta.mqtt.limit.OpenConnections;
import io.porta.mqtt.metrics.MqttMetrics;
import io.porta.core.session.SessionListener;
import io.porta.mqtt.session.PersistentSessions;
import java.util.concurrent.Executor;

/**
 * The one place the connection pipeline is built (style.md, after HiveMQ), in this fixed order:
 *
 * <pre>
 * [ssl] → framer → decoder → decoded → encoder → flush → idle (connect timeout, then keepalive) →
 * backpressure → traffic → decodeFailure → authThrottle → connect → subscribe → publish → control →
 * disconnect → exception
 * </pre>
 *
 * Handlers after {@code idle} keep no per-connection fields and are shared; per-connection state
 * lives in the channel's {@link Connection}. Connection limits apply before all this, on the
 * listeners' server channels ({@link #connectionLimits()}).
 */
public final class MqttPipeline {
  public static final String SSL = "ssl";
  /** {@link PacketFramer}: one whole packet at a time to the decoder. */
  public static final String FRAMER = "framer";
  public static final String DECODER = "decoder";
  /** Counts what the decoder made of each packet, for the {@link PacketFramer}. */
  public static final String DECODED = "decoded";
  public static final String ENCODER = "encoder";
  /** Batches flushes per read cycle (design.md "Transport"); flushes outside a read go out at once. */
  public static final String FLUSH = "flush";
  /** {@link ConnectTimeoutHandler} until CONNACK, then {@link KeepAliveHandler} (or none). */
  public static final String IDLE = "idle";
  public static final String BACKPRESSURE = "backpressure";
  public static final String TRAFFIC = "traffic";
  public static final String DECODE_FAILURE = "decodeFailure";
  public static final String AUTH_THROTTLE = "authThrottle";
  public static final String CONNECT = "connect";
  public static final String SUBSCRIBE = "subscribe";
  public static final String PUBLISH = "publish";
  public static final String CONTROL = "control";
  public static final String DISCONNECT = "disconnect";
  public static final String EXCEPTION = "exception";

  public static final String LISTENER_TCP = "mqtt";
  public static final String LISTENER_TLS = "mqtts";

  private final MqttConfig config;
  private final BackpressureHandler backpressure = new BackpressureHandler();
  private final TrafficHandler traffic;
  private final DecodeFailureHandler decodeFailure;
  private final AuthFailureThrottle authFailures;
  private final AuthThrottleHandler authThrottle;
  private final ConnectionLimitHandler connectionLimits;
  private final ConnectHandler connect;
  private final SubscribeHandler subscribe;
  private final PublishHandler publish;
  private final ControlPacketHandler control;
  private final DisconnectHandler disconnect;
  private final ExceptionHandler exception = new ExceptionHandler();

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
    this.traffic = new TrafficHandler(metrics);
    this.decodeFailure = new DecodeFailureHandler(metrics);
    this.authFailures = new AuthFailureThrottle(config.authFailureLimits());
    this.authThrottle = new AuthThrottleHandler(authFailures, authenticator, metrics);
    this.connectionLimits = new ConnectionLimitHandler(new OpenConnections(config.connectionLimits()), metrics);
    this.connect =
        new ConnectHandler(
            dialects, authenticator, authExecutor, sessions, limiter, metrics,
            config.maxQueuedBeforeConnack(), config.maxClientIdLength(),
            config.maxSubscriptionsPerConnection(), persistentSessions, sessionListener);
    this.subscribe = new SubscribeHandler(limiter, config.maxSubscriptionsPerConnection());
    this.publish = new PublishHandler(limiter, metrics, config.maxPendingPublishes());
    this.control = new ControlPacketHandler(limiter);
    this.disconnect = new DisconnectHandler(sessions, metrics, sessionListener);
  }

  /** The handler of the listeners' server channels that refuses connections beyond the limits. */
  public ConnectionLimitHandler connectionLimits() {
    return connectionLimits;
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
    PacketFramer framer = new PacketFramer(config.maxPacketSize());
    p.addLast(FRAMER, framer);
    p.addLast(DECODER, new MqttDecoder(config.maxPacketSize(), config.maxClientIdLength()));
    p.addLast(DECODED, framer.decodedCounter());
    p.addLast(ENCODER, MqttEncoder.INSTANCE);
    p.addLast(FLUSH, new FlushConsolidationHandler(256, false));
    p.addLast(IDLE, new ConnectTimeoutHandler(config.connectTimeout()));
    p.addLast(BACKPRESSURE, backpressure);
    p.addLast(TRAFFIC, traffic);
    p.addLast(DECODE_FAILURE, decodeFailure);
    p.addLast(AUTH_THROTTLE, authThrottle);
    p.addLast(CONNECT, connect);
    p.addLast(SUBSCRIBE, subscribe);
    p.addLast(PUBLISH, publish);
    p.addLast(CONTROL, control);
    p.addLast(DISCONNECT, disconnect);
    p.addLast(EXCEPTION, exception);
  }
}
