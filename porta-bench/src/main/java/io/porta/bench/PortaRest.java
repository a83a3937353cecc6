package io.porta.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few REST calls the bench makes to Porta (shared/spec/api.md). Thread-safe. */
final class PortaRest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  PortaRest(int httpPort, String token) {
    this.base = "http://127.0.0.1:" + httpPort;
    this.token = token;
  }

  String base() {
    return base;
  }

  String token() {
    return token;
  }

  JsonNode post(String path, String json) throws IOException, InterruptedException {
    return call(request(path).POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return call(request(path).GET().build());
  }

  String metrics() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request("/metrics").GET().build(), HttpResponse.BodyHandlers.ofString());
    return r.body();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
  }

  private JsonNode call(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException(request.method() + " " + request.uri() + " → " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
