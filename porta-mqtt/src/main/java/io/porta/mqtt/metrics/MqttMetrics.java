package io.porta.mqtt.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.limit.Limit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    ERROR;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
  private final Counter[] in;
  private final Counter[] out;
  private final Counter[] disconnects;
  private final Counter[] connects;
  private final Counter[] rateLimitHits;

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

  public void connect(ConnectResult result) {
    connects[result.ordinal()].increment();
  }

  public void rateLimited(Limit limit) {
    rateLimitHits[limit.ordinal()].increment();
  }
}
