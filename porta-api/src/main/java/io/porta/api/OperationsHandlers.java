package io.porta.api;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** {@code /healthz}, {@code /readyz}, {@code /metrics} (api.md "Operations"; no token needed). */
final class OperationsHandlers {
  /** The Prometheus text exposition format. */
  static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry metrics;
  private final BooleanSupplier ready;

  OperationsHandlers(ApiServices s) {
    this.metrics = s.metrics();
    this.ready = s.ready();
  }

  void health(Context ctx) {
    Json.write(ctx, 200, Json.object().put("status", "up"));
  }

  void readiness(Context ctx) {
    if (ready.getAsBoolean()) {
      Json.write(ctx, 200, Json.object().put("status", "ready"));
    } else {
      Problem.write(ctx, 503, "not_ready", "listeners or store are not ready yet");
    }
  }

  void metrics(Context ctx) {
    ctx.status(200)
        .contentType(PROMETHEUS_CONTENT_TYPE)
        .result(metrics.scrape().getBytes(StandardCharsets.UTF_8));
  }
}
