package io.porta.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;

class AuthAndOperationsTest extends ApiTestBase {

  @Test
  void apiCallWithoutTokenIs401Problem() {
    Response r = send("GET", "/api/v1/products", null, null);
    r.problem(401, "unauthorized");
  }

  @Test
  void apiCallWithWrongTokenIs401Problem() {
    send("GET", "/api/v1/products", null, "wrong").problem(401, "unauthorized");
    send("GET", "/api/v1/products", null, TOKEN + "x").problem(401, "unauthorized");
  }

  @Test
  void otherAuthorizationSchemeIs401() {
    Response r =
        send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/v1/products"))
                .header("Authorization", "Basic " + TOKEN)
                .build());
    r.problem(401, "unauthorized");
  }

  @Test
  void unauthorizedMutationChangesNothing() {
    send("POST", "/api/v1/products", "{\"name\":\"x\",\"dialect\":\"onenet\",\"id\":\"p1\"}", null)
        .problem(401, "unauthorized");
    assertThat(products.list()).isEmpty();
  }

  @Test
  void unknownRouteIs404ProblemAndStillNeedsToken() {
    send("GET", "/api/v1/nothing-here", null, null).problem(401, "unauthorized");
    get("/api/v1/nothing-here").problem(404, "not_found");
  }

  @Test
  void healthzNeedsNoToken() {
    Response r = send("GET", "/healthz", null, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").stringValue()).isEqualTo("up");
  }

  @Test
  void readyzIs200WhenReadyAnd503WhenNot() {
    assertThat(send("GET", "/readyz", null, null).status()).isEqualTo(200);
    ready.set(false);
    send("GET", "/readyz", null, null).problem(503, "not_ready");
  }

  @Test
  void metricsArePrometheusTextWithoutToken() {
    Counter.builder("porta.test.things").register(registry).increment(3);
    Response r = send("GET", "/metrics", null, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/plain");
    assertThat(r.body()).contains("porta_test_things_total 3.0");
    assertThat(r.body()).contains("porta_commands_round_trip");
  }
}
