package io.porta.mqtt.pipeline;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.porta.core.dialect.ConnectAuthenticator;
import io.porta.core.dialect.ConnectRefusal;
import io.porta.core.dialect.ConnectRequest;
import io.porta.core.model.DeviceKey;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.connection.ConnectionState;
import io.porta.mqtt.limit.AuthFailureThrottle;
import io.porta.mqtt.metrics.MqttMetrics;
import io.porta.mqtt.metrics.MqttMetrics.ConnectResult;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throttles repeated failed logins (just before {@link ConnectHandler}): a first CONNECT from a
 * banned address or for a banned device gets CONNACK 5 and is closed (AUTH_THROTTLED) without its
 * credentials being checked; every CONNACK 4 the connect phase writes (bad credentials, unknown
 * device, expired token) counts as a failure of the CONNECT's address and claimed device, and the
 * failure that starts a ban logs it once and counts it in {@code porta.auth.bans{scope}}. Never logs
 * a password.
 */
@Sharable
public final class AuthThrottleHandler extends ChannelDuplexHandler {
  private static final Logger LOG = LoggerFactory.getLogger(AuthThrottleHandler.class);

  /**
   * Who the CONNECT being checked came from and claimed to be, until its CONNACK; with the request
   * read from it, which the {@link ConnectHandler} takes rather than reading the CONNECT again.
   */
  private record Attempt(InetAddress address, DeviceKey device, ConnectRequest request) {}

  private static final AttributeKey<Attempt> ATTEMPT = AttributeKey.valueOf("porta.authAttempt");

  private final AuthFailureThrottle throttle;
  private final ConnectAuthenticator authenticator;
  private final MqttMetrics metrics;

  public AuthThrottleHandler(AuthFailureThrottle throttle, ConnectAuthenticator authenticator, MqttMetrics metrics) {
    this.throttle = throttle;
    this.authenticator = authenticator;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Connection connection = Connection.of(ctx.channel());
    if (!(msg instanceof MqttConnectMessage connect)
        || connection.state() != ConnectionState.AWAITING_CONNECT
        || !throttle.enabled()) {
      ctx.fireChannelRead(msg);
      return;
    }
    long now = System.nanoTime();
    ConnectRequest request = ConnectRequests.of(connect, connection);
    Attempt attempt =
        new Attempt(
            ConnectionLimitHandler.address(ctx.channel()), authenticator.claimedDevice(request).orElse(null), request);
    AuthFailureThrottle.Scope banned = throttle.banned(attempt.address(), attempt.device(), now);
    if (banned == null) {
      ctx.channel().attr(ATTEMPT).set(attempt);
      ctx.fireChannelRead(msg);
      return;
    }
    ReferenceCountUtil.release(msg);
    connection.connectReceived(now);
    metrics.connect(ConnectResult.THROTTLED);
    ConnAcks.write(ctx, metrics, ConnectRefusal.NOT_AUTHORIZED);
    connection.closeOnLoop(
        DisconnectReason.AUTH_THROTTLED,
        "too many failed logins, " + banned.label() + " banned" + ConnectHandler.claimed(request));
  }

  /** The request this handler read from the connection's CONNECT being checked, or null. */
  static ConnectRequest checkedRequest(Channel channel) {
    if (!channel.hasAttr(ATTEMPT)) {
      return null; // not attr(): that would add an attribute to every connection when throttling is off
    }
    Attempt attempt = channel.attr(ATTEMPT).get();
    return attempt == null ? null : attempt.request();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    int code = ConnAcks.returnCode(msg);
    if (code >= 0) {
      Attempt attempt = takeAttempt(ctx.channel());
      if (attempt != null && code == ConnectRefusal.BAD_USERNAME_OR_PASSWORD) {
        failed(attempt);
      }
    }
    ctx.write(msg, promise);
  }

  /** Taken out of the pipeline at an accepted CONNECT (before its CONNACK): the attempt goes too. */
  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    takeAttempt(ctx.channel());
  }

  private static Attempt takeAttempt(Channel channel) {
    if (!channel.hasAttr(ATTEMPT)) {
      return null;
    }
    @SuppressWarnings("deprecation") // removed, not set to null: an attribute entry per connection
    Attempt attempt = channel.attr(ATTEMPT).getAndRemove();
    return attempt;
  }

  private void failed(Attempt attempt) {
    for (AuthFailureThrottle.Scope started : throttle.failed(attempt.address(), attempt.device(), System.nanoTime())) {
      metrics.authBan(started);
      Object banned =
          started == AuthFailureThrottle.Scope.ADDRESS
              ? attempt.address().getHostAddress()
              : ConnectHandler.printable(attempt.device().toString());
      LOG.warn(
          "{} {}: more than {} failed logins within {}; its CONNECTs get CONNACK 5 without a check for {}",
          started.label(),
          banned,
          started == AuthFailureThrottle.Scope.ADDRESS
              ? throttle.limits().maxPerAddress()
              : throttle.limits().maxPerDevice(),
          throttle.limits().window(),
          throttle.limits().ban());
    }
  }
}
