package io.porta.mqtt.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.porta.core.dialect.AuthFailure;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.limit.AuthFailureThrottle;
import io.porta.mqtt.limit.Limit;
import io.porta.mqtt.limit.OpenConnections;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transport's meters (design.md "Observability"). Hot-path counters are created up front and
 * indexed by enum ordinal, so counting a packet is an array read and an add.
 */
public final class MqttMetrics {
  /** Outcomes of a CONNECT, the {@code result} tag of {@code porta.connects}. */
  public enum ConnectResult {
    ACCEPTED,
    REFUSED,
    UNSUPPORTED_PROTOCOL,
    IDENTIFIER_REJECTED,
    TLS_REQUIRED,
    BANNED,
    RATE_LIMITED,
    /** Refused without a credential check after too many failed logins (AuthFailureThrottle). */
    THROTTLED,
    ERROR;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The auth-failure reason a non-accepted result stands for; null for ACCEPTED and REFUSED. */
    AuthFailure failure() {
      return switch (this) {
        case ACCEPTED, REFUSED -> null; // REFUSED: the dialect's refusal names the reason
        case UNSUPPORTED_PROTOCOL -> AuthFailure.UNSUPPORTED_PROTOCOL;
        case IDENTIFIER_REJECTED -> AuthFailure.IDENTIFIER_REJECTED;
        case TLS_REQUIRED -> AuthFailure.TLS_REQUIRED;
        case BANNED -> AuthFailure.BANNED;
        case RATE_LIMITED -> AuthFailure.RATE_LIMITED;
        case THROTTLED -> AuthFailure.THROTTLED;
        case ERROR -> AuthFailure.ERROR;
      };
    }
  }

  /**
   * The meters of one dialect's devices: PUBLISH packets up and down by QoS, and the registered
   * sessions per listener. Looked up once per connection and kept on it.
   */
  public static final class DialectMeters {
    private final String dialect;
    private final MeterRegistry registry;
    // QoS 0 and 1: QoS 2 is refused before it is counted, and never sent.
    private final Counter[] uplink = new Counter[2];
    private final Counter[] downlink = new Counter[2];
    private final Map<String, AtomicInteger> sessions = new ConcurrentHashMap<>();

    DialectMeters(MeterRegistry registry, String dialect) {
      this.dialect = dialect;
      this.registry = registry;
      for (int qos = 0; qos < uplink.length; qos++) {
        String q = Integer.toString(qos);
        uplink[qos] =
            Counter.builder("porta.uplink")
                .description("PUBLISH packets from devices handed to their dialect, by QoS")
                .tags("dialect", dialect, "qos", q)
                .register(registry);
        downlink[qos] =
            Counter.builder("porta.downlink")
                .description("PUBLISH packets written to devices (commands, replies, messages), by QoS")
                .tags("dialect", dialect, "qos", q)
                .register(registry);
      }
    }

    public String dialect() {
      return dialect;
    }

    public void uplink(int qos) {
      if (qos >= 0 && qos < uplink.length) {
        uplink[qos].increment();
      }
    }

    public void downlink(int qos) {
      if (qos >= 0 && qos < downlink.length) {
        downlink[qos].increment();
      }
    }

    /** The gauge of this dialect's registered device sessions on a listener ("mqtt", "mqtts"). */
    public AtomicInteger sessions(String listener) {
      AtomicInteger gauge = sessions.get(listener);
      return gauge != null
          ? gauge
          : sessions.computeIfAbsent(
              listener,
              name -> {
                AtomicInteger value = new AtomicInteger();
                Gauge.builder("porta.sessions", value, AtomicInteger::get)
                    .description("Authenticated device sessions (not dynamic-registration connections)")
                    .tags("dialect", dialect, "listener", name)
                    .register(registry);
                return value;
              });
    }
  }

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
  private final Counter[] in;
  private final Counter[] out;
  private final Counter[] disconnects;
  private final Counter[] connects;
  private final Counter[] rateLimitHits;
  private final Counter[] authFailures;
  private final Counter[] connectionsRefused;
  private final Counter[] authBans;
  private final Timer connectLatencyAccepted;
  private final Timer connectLatencyRefused;
  private final Map<String, DialectMeters> dialects = new ConcurrentHashMap<>();

  public MqttMetrics(MeterRegistry registry) {
    this.registry = registry;
    MqttMessageType[] types = MqttMessageType.values();
    in = new Counter[types.length];
    out = new Counter[types.length];
    for (MqttMessageType t : types) {
      String type = t.name().toLowerCase(Locale.ROOT);
      in[t.ordinal()] = registry.counter("porta.messages.in", "type", type);
      out[t.ordinal()] = registry.counter("porta.messages.out", "type", type);
    }
    disconnects = new Counter[DisconnectReason.values().length];
    for (DisconnectReason r : DisconnectReason.values()) {
      disconnects[r.ordinal()] = registry.counter("porta.disconnects", "reason", r.label());
    }
    connects = new Counter[ConnectResult.values().length];
    for (ConnectResult r : ConnectResult.values()) {
      connects[r.ordinal()] = registry.counter("porta.connects", "result", r.label());
    }
    rateLimitHits = new Counter[Limit.values().length];
    for (Limit l : Limit.values()) {
      rateLimitHits[l.ordinal()] = registry.counter("porta.rate.limit.hits", "limit", l.label());
    }
    authFailures = new Counter[AuthFailure.values().length];
    for (AuthFailure f : AuthFailure.values()) {
      authFailures[f.ordinal()] =
          Counter.builder("porta.auth.failures")
              .description("Refused CONNECTs, by reason")
              .tag("reason", f.label())
              .register(registry);
    }
    connectionsRefused = new Counter[OpenConnections.Refusal.values().length];
    for (OpenConnections.Refusal r : OpenConnections.Refusal.values()) {
      connectionsRefused[r.ordinal()] =
          Counter.builder("porta.connections.refused")
              .description("Connections closed as they were accepted: a connection limit was reached")
              .tag("reason", r.label())
              .register(registry);
    }
    authBans = new Counter[AuthFailureThrottle.Scope.values().length];
    for (AuthFailureThrottle.Scope s : AuthFailureThrottle.Scope.values()) {
      authBans[s.ordinal()] =
          Counter.builder("porta.auth.bans")
              .description("Bans started after too many failed logins, by what is banned")
              .tag("scope", s.label())
              .register(registry);
    }
    connectLatencyAccepted = connectLatency(registry, "accepted");
    connectLatencyRefused = connectLatency(registry, "refused");
    new NettyAllocatorMetrics().bindTo(registry);
  }

  private static Timer connectLatency(MeterRegistry registry, String result) {
    return Timer.builder("porta.connect.latency")
        .description("From a CONNECT's arrival to its CONNACK written (credential check included)")
        .tag("result", result)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  /** The meters of a dialect's devices, created on first use. */
  public DialectMeters dialect(String name) {
    DialectMeters m = dialects.get(name);
    return m != null ? m : dialects.computeIfAbsent(name, n -> new DialectMeters(registry, n));
  }

  /** The live-connection gauge of a listener ("mqtt", "mqtts"). */
  public AtomicInteger connections(String listener) {
    return connections.computeIfAbsent(
        listener,
        name -> {
          AtomicInteger value = new AtomicInteger();
          Gauge.builder("porta.connections", value, AtomicInteger::get)
              .tag("listener", name)
              .register(registry);
          return value;
        });
  }

  /** A message acknowledged but deliberately not processed, by reason. */
  public void dropped(String reason) {
    dropped(reason, 1);
  }

  public void dropped(String reason, int count) {
    registry.counter("porta.messages.dropped", "reason", reason).increment(count);
  }

  public void received(MqttMessageType type) {
    in[type.ordinal()].increment();
  }

  public void sent(MqttMessageType type) {
    out[type.ordinal()].increment();
  }

  public void disconnected(DisconnectReason reason) {
    disconnects[reason.ordinal()].increment();
  }

  /**
   * Counts a CONNECT's outcome; a refusal other than {@link ConnectResult#REFUSED} also counts as an
   * auth failure of its reason (REFUSED: see {@link #authFailure}).
   */
  public void connect(ConnectResult result) {
    connects[result.ordinal()].increment();
    AuthFailure failure = result.failure();
    if (failure != null) {
      authFailures[failure.ordinal()].increment();
    }
  }

  /** A CONNECT the dialect refused, by the refusal's reason. */
  public void authFailure(AuthFailure failure) {
    authFailures[failure.ordinal()].increment();
  }

  /** Time from a CONNECT's arrival to its CONNACK. */
  public void connectLatency(boolean accepted, long nanos) {
    (accepted ? connectLatencyAccepted : connectLatencyRefused).record(nanos, TimeUnit.NANOSECONDS);
  }

  public void connectionRefused(OpenConnections.Refusal refusal) {
    connectionsRefused[refusal.ordinal()].increment();
  }

  public void authBan(AuthFailureThrottle.Scope scope) {
    authBans[scope.ordinal()].increment();
  }

  public void rateLimited(Limit limit) {
    rateLimitHits[limit.ordinal()].increment();
  }
}
