package io.porta.mqtt.pipeline;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.util.ReferenceCountUtil;
import io.porta.core.dialect.AuthResult;
import io.porta.core.dialect.ConnectAuthenticator;
import io.porta.core.dialect.ConnectRefusal;
import io.porta.core.dialect.ConnectRequest;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.ClientRules;
import io.porta.core.dialect.Dialects;
import io.porta.core.dialect.RateLimits;
import io.porta.core.dialect.SubscribeDecision;
import io.porta.core.session.OutboundMessage;
import io.porta.core.session.SessionListener;
import io.porta.core.session.StoredSubscription;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.connection.ConnectionState;
import io.porta.mqtt.connection.SessionRegistry;
import io.porta.mqtt.metrics.MqttMetrics;
import io.porta.mqtt.metrics.MqttMetrics.ConnectResult;
import io.porta.mqtt.session.PersistentSession;
import io.porta.mqtt.session.PersistentSessions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CONNECT phase (MQTT 3.1.1 §3.1, protocols.md A.2/A.4): the first packet must be CONNECT;
 * credentials are checked on the auth executor, never on the loop, while later packets are held
 * (reading paused, what was already decoded queued) and replayed after the CONNACK; a second CONNECT
 * closes. Sits behind the {@link PacketDispatchHandler}, which passes it what arrives before the
 * CONNACK; once connected, this handler and the {@link AuthThrottleHandler} leave the pipeline and the
 * dispatcher takes every packet, the held ones first.
 */
@Sharable
public final class ConnectHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);

  /** How long a registration connection may stay open after its answer was sent. */
  private static final long REGISTRATION_GRACE_SECONDS = 30;

  /** QoS 1 events an application's clean session may have waiting for a packet id, in count and bytes. */
  private static final int APPLICATION_WAITING_MESSAGES = 10_000;

  private static final long APPLICATION_WAITING_BYTES = 16L * 1024 * 1024;

  private final Dialects dialects;
  private final ConnectAuthenticator authenticator;
  private final Executor authExecutor;
  private final SessionRegistry sessions;
  private final RateLimiter limiter;
  private final MqttMetrics metrics;
  private final int maxQueuedBeforeConnack;
  private final int maxClientIdLength;
  private final int maxSubscriptions;
  private final PersistentSessions persistentSessions;
  private final SessionListener sessionListener;
  private final PacketDispatchHandler dispatcher;

  public ConnectHandler(
      Dialects dialects,
      ConnectAuthenticator authenticator,
      Executor authExecutor,
      SessionRegistry sessions,
      RateLimiter limiter,
      MqttMetrics metrics,
      int maxQueuedBeforeConnack,
      int maxClientIdLength,
      int maxSubscriptions,
      PersistentSessions persistentSessions,
      SessionListener sessionListener,
      PacketDispatchHandler dispatcher) {
    this.dialects = dialects;
    this.authenticator = authenticator;
    this.authExecutor = authExecutor;
    this.sessions = sessions;
    this.limiter = limiter;
    this.metrics = metrics;
    this.maxQueuedBeforeConnack = maxQueuedBeforeConnack;
    this.maxClientIdLength = maxClientIdLength;
    this.maxSubscriptions = maxSubscriptions;
    this.persistentSessions = persistentSessions;
    this.sessionListener = sessionListener;
    this.dispatcher = dispatcher;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Connection connection = Connection.of(ctx.channel());
    switch (connection.state()) {
      case AWAITING_CONNECT -> {
        if (msg instanceof MqttConnectMessage connect) {
          onConnect(ctx, connection, connect);
        } else {
          ReferenceCountUtil.release(msg);
          connection.closeOnLoop(DisconnectReason.PROTOCOL_VIOLATION, "first packet is not CONNECT");
        }
      }
      case AUTHENTICATING -> {
        if (PacketDispatchHandler.isConnect(msg)) {
          ReferenceCountUtil.release(msg);
          connection.closeOnLoop(DisconnectReason.DUPLICATE_CONNECT, "second CONNECT");
        } else if (!connection.hold(msg, maxQueuedBeforeConnack)) {
          ReferenceCountUtil.release(msg);
          connection.closeOnLoop(DisconnectReason.PROTOCOL_VIOLATION, "too many packets before CONNACK");
        }
      }
      case CONNECTED, CLOSING -> ReferenceCountUtil.release(msg); // the dispatcher's, never passed here
    }
  }

  /** The CONNECT phase's exceptions (the dispatcher is in front of this handler, not behind it). */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    dispatcher.exceptionCaught(ctx, cause);
  }

  private void onConnect(ChannelHandlerContext ctx, Connection connection, MqttConnectMessage msg) {
    connection.connectReceived(System.nanoTime()); // porta.connect.latency runs to the CONNACK
    MqttConnectVariableHeader header = msg.variableHeader();
    MqttConnectPayload payload = msg.payload();
    // design.md "Versions": MQTT 3.1 (MQIsdp/3) and 3.1.1 (MQTT/4); others get CONNACK 1.
    if (!isSupported(header.name(), header.version())) {
      metrics.connect(ConnectResult.UNSUPPORTED_PROTOCOL);
      ConnAcks.write(ctx, metrics, ConnectRefusal.UNACCEPTABLE_PROTOCOL_VERSION);
      connection.closeOnLoop(
          DisconnectReason.CONNECT_REFUSED, "protocol " + header.name() + "/" + header.version());
      return;
    }
    // §3.1.3.1: Netty checks the length only for 3.1 (MqttIdentifierRejectedException), so 3.1.1 here.
    if (payload.clientIdentifier().length() > maxClientIdLength) {
      metrics.connect(ConnectResult.IDENTIFIER_REJECTED);
      ConnAcks.write(ctx, metrics, ConnectRefusal.IDENTIFIER_REJECTED);
      connection.closeOnLoop(DisconnectReason.CONNECT_REFUSED, "client id longer than " + maxClientIdLength);
      return;
    }
    ConnectRequest request = requestOf(ctx, connection, msg);
    connection.authenticating();
    connection.pauseReading(Connection.PAUSE_AUTH);
    try {
      authExecutor.execute(() -> authenticate(ctx, connection, request));
    } catch (RejectedExecutionException e) {
      metrics.connect(ConnectResult.ERROR);
      ConnAcks.write(ctx, metrics, ConnectRefusal.SERVER_UNAVAILABLE);
      connection.closeOnLoop(DisconnectReason.INTERNAL_ERROR, "credential check rejected");
    }
  }

  /** What the {@link AuthThrottleHandler} read from this CONNECT when it did, else read now. */
  private static ConnectRequest requestOf(ChannelHandlerContext ctx, Connection connection, MqttConnectMessage msg) {
    ConnectRequest checked = AuthThrottleHandler.checkedRequest(ctx.channel());
    return checked != null ? checked : ConnectRequests.of(msg, connection);
  }

  /** On the auth executor: may block (registry lookups, hashing). */
  private void authenticate(ChannelHandlerContext ctx, Connection connection, ConnectRequest request) {
    AuthResult result;
    try {
      result = authenticator.authenticate(request);
    } catch (RuntimeException e) {
      LOG.warn("credential check failed for {}", request, e);
      result = null;
    }
    AuthResult outcome = result;
    try {
      ctx.executor().execute(() -> onAuthResult(ctx, connection, request, outcome));
    } catch (RejectedExecutionException e) {
      // The loop is shutting down; the connection closes with it.
    }
  }

  /** Back on the channel's event loop. */
  private void onAuthResult(
      ChannelHandlerContext ctx, Connection connection, ConnectRequest request, AuthResult result) {
    if (connection.state() != ConnectionState.AUTHENTICATING) {
      return; // closed while the check ran; held packets were released on close
    }
    if (result == null) {
      refuse(ctx, connection, ConnectResult.ERROR, ConnectRefusal.SERVER_UNAVAILABLE,
          DisconnectReason.INTERNAL_ERROR, "credential check failed");
      return;
    }
    if (result instanceof AuthResult.Refused refused) {
      ConnectRefusal r = refused.refusal();
      metrics.authFailure(r.failure());
      refuse(ctx, connection, ConnectResult.REFUSED, r.connackCode(), r.reason(), r.detail() + claimed(request));
      return;
    }
    AuthResult.Accepted accepted = (AuthResult.Accepted) result;
    DeviceIdentity identity = accepted.identity();
    if (accepted.rules() == null && !dialects.has(identity.product().dialect())) {
      refuse(ctx, connection, ConnectResult.ERROR, ConnectRefusal.SERVER_UNAVAILABLE,
          DisconnectReason.INTERNAL_ERROR, "no dialect " + identity.product().dialect());
      return;
    }
    // A device follows its product's dialect; an application the application channel's rules.
    ClientRules dialect = accepted.rules() != null ? accepted.rules() : dialects.get(identity.product().dialect());
    if (identity.product().options().requireTls() && !connection.tls()) {
      refuse(ctx, connection, ConnectResult.TLS_REQUIRED, ConnectRefusal.NOT_AUTHORIZED,
          DisconnectReason.CONNECT_REFUSED, identity + ": product requires TLS");
      return;
    }
    if (limiter.isBanned(identity.key())) {
      refuse(ctx, connection, ConnectResult.BANNED, ConnectRefusal.NOT_AUTHORIZED,
          DisconnectReason.BANNED, identity + " is banned for exceeding a rate limit");
      return;
    }
    RateLimits limits = dialect.rateLimits();
    if (!limiter.allowConnect(connection, identity.key(), limits)) {
      metrics.connect(ConnectResult.RATE_LIMITED);
      return;
    }
    if (accepted.provisioning()) {
      acceptRegistration(ctx, connection, request, accepted, dialect);
      return;
    }
    if (persistentSessions == null || !dialect.supportsPersistentSessions()) {
      accept(ctx, connection, request, identity, dialect, PersistentSessions.Opened.CLEAN);
      return;
    }
    // The stored session is opened or discarded before the CONNACK, which reports it (§3.2.2.2).
    persistentSessions
        .open(identity.key(), request.cleanSession())
        .whenComplete(
            (opened, error) ->
                connection.runOnLoop(
                    () -> {
                      if (connection.state() != ConnectionState.AUTHENTICATING) {
                        return;
                      }
                      if (error != null) {
                        LOG.warn("{}: cannot open its session: {}", identity, error.toString());
                        refuse(ctx, connection, ConnectResult.ERROR, ConnectRefusal.SERVER_UNAVAILABLE,
                            DisconnectReason.STORE_FAILURE, "session store");
                        return;
                      }
                      accept(ctx, connection, request, identity, dialect, opened);
                    }));
  }

  private void accept(
      ChannelHandlerContext ctx,
      Connection connection,
      ConnectRequest request,
      DeviceIdentity identity,
      ClientRules dialect,
      PersistentSessions.Opened session) {
    markConnected(connection, identity, dialect, request, request.cleanSession());
    if (identity.isApplication() && request.cleanSession()) {
      // An application takes a fleet's events on one connection: a burst waits for packet ids rather
      // than cutting it off at once; one that stays further behind is disconnected (slow_consumer).
      connection.queueWhenInFlightFull(APPLICATION_WAITING_MESSAGES, APPLICATION_WAITING_BYTES);
    }
    if (!request.cleanSession() && persistentSessions != null && dialect.supportsPersistentSessions()) {
      PersistentSession persistent = new PersistentSession(connection, identity.key(), persistentSessions, metrics);
      connection.resumeSession(persistent);
      restoreSubscriptions(connection, persistent, session.subscriptions());
    }
    sessions.register(connection); // closes an older connection of the device (TAKEOVER)
    MqttMetrics.DialectMeters meters = metrics.dialect(dialect.name());
    connection.meters(meters);
    connection.countSession(meters.sessions(connection.listener())); // Disconnects uncounts it
    metrics.connect(ConnectResult.ACCEPTED);
    leaveThrottle(ctx);
    ConnAcks.write(ctx, metrics, ConnAcks.ACCEPTED, session.present());
    if (!identity.isApplication()) {
      sessionListener.online(identity, connection.info());
    }
    startReading(ctx, connection);
    if (connection.persistentSession() != null) {
      connection.persistentSession().pump(); // what was queued while the device was away
    }
  }

  /**
   * The stored subscriptions, judged again: a topic category deleted meanwhile, or a product option
   * changed, must not keep granting what the device may no longer subscribe to.
   */
  private void restoreSubscriptions(
      Connection connection, PersistentSession persistent, List<StoredSubscription> stored) {
    List<String> revoked = new ArrayList<>();
    for (StoredSubscription s : stored) {
      SubscribeDecision decision = connection.dialect().authorizeSubscribe(connection, s.filter(), s.qos());
      if (decision.granted()
          && connection.subscriptions().add(s.filter(), Math.min(decision.grantedQos(), s.qos()), maxSubscriptions)) {
        continue;
      }
      revoked.add(s.filter());
    }
    if (!revoked.isEmpty()) {
      LOG.info("{}: stored subscriptions no longer allowed, removed: {}", connection.describe(), revoked);
      persistent.forgetSubscriptions(revoked);
    }
  }

  /**
   * A dynamic-registration connection (protocols.md B.3): CONNACK, the answer on its reserved topic
   * whether or not the device subscribed, and nothing else. It is not the device's session (no
   * takeover, not online); a device that does not disconnect after its answer is closed.
   */
  private void acceptRegistration(
      ChannelHandlerContext ctx,
      Connection connection,
      ConnectRequest request,
      AuthResult.Accepted accepted,
      ClientRules dialect) {
    markConnected(connection, accepted.identity(), dialect, request, true);
    connection.markProvisioning();
    connection.meters(metrics.dialect(dialect.name())); // its answer counts as a downlink; not a session
    metrics.connect(ConnectResult.ACCEPTED);
    leaveThrottle(ctx);
    ConnAcks.write(ctx, metrics, ConnAcks.ACCEPTED);
    for (OutboundMessage welcome : accepted.welcome()) {
      connection.deliver(welcome, false);
    }
    LOG.info("{}: dynamic registration answered ({})", connection.describe(), connection.listener());
    startReading(ctx, connection);
    ctx.executor()
        .schedule(
            () -> connection.closeOnLoop(DisconnectReason.REGISTRATION_DONE, null),
            REGISTRATION_GRACE_SECONDS,
            TimeUnit.SECONDS);
  }

  private static void markConnected(
      Connection connection, DeviceIdentity identity, ClientRules dialect, ConnectRequest request, boolean clean) {
    connection.connected(
        identity,
        dialect,
        request.protocolLevel(),
        request.keepAliveSeconds(),
        clean);
  }

  /**
   * After the CONNACK: reading again, the packets held while the CONNECT was checked, and the CONNECT
   * phase leaves the pipeline (keepalive is watched by ConnectionTimeouts from the CONNACK on).
   */
  private void startReading(ChannelHandlerContext ctx, Connection connection) {
    connection.resumeReading(Connection.PAUSE_AUTH);
    replayHeld(connection);
    ctx.flush();
    ctx.pipeline().remove(this);
  }

  /**
   * An accepted CONNECT is no failed login: the {@link AuthThrottleHandler} leaves before its CONNACK,
   * which then does not pass through it.
   */
  private static void leaveThrottle(ChannelHandlerContext ctx) {
    ctx.pipeline().remove(MqttPipeline.AUTH_THROTTLE);
  }

  private void refuse(
      ChannelHandlerContext ctx,
      Connection connection,
      ConnectResult result,
      int connackCode,
      DisconnectReason reason,
      String detail) {
    metrics.connect(result);
    if (connackCode != ConnectRefusal.NO_CONNACK) {
      ConnAcks.write(ctx, metrics, connackCode);
    }
    connection.closeOnLoop(reason, detail);
  }

  /**
   * Who a refused CONNECT claimed to be, for its log line (design.md "Observability": every line about
   * a device names it): the client id and username as sent, shortened, control characters replaced.
   * Never the password.
   */
  static String claimed(ConnectRequest request) {
    return " [clientId=" + printable(request.clientId()) + ", username=" + printable(request.username()) + "]";
  }

  static String printable(String s) {
    if (s == null) {
      return "none";
    }
    int max = 128;
    StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 1);
    for (int i = 0; i < s.length() && i < max; i++) {
      char c = s.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    if (s.length() > max) {
      out.append('…');
    }
    return out.toString();
  }

  private void replayHeld(Connection connection) {
    ArrayDeque<Object> held = connection.takeHeld();
    for (Object msg = held.pollFirst(); msg != null; msg = held.pollFirst()) {
      if (connection.state() == ConnectionState.CONNECTED) {
        dispatcher.dispatch(connection, msg); // ownership passes on
      } else {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  private static boolean isSupported(String protocolName, int level) {
    return ("MQIsdp".equals(protocolName) && level == 3) || ("MQTT".equals(protocolName) && level == 4);
  }
}
