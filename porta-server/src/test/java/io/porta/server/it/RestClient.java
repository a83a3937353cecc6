package io.porta.server.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the REST API (java.net.http). */
public final class RestClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final String token;

  public RestClient(String base, String token) {
    this.base = base;
    this.token = token;
  }

  public record Response(int status, String contentType, JsonNode json, String body) {}

  public Response get(String path) {
    return send("GET", path, null);
  }

  public Response post(String path, String body) {
    return send("POST", path, body);
  }

  public Response patch(String path, String body) {
    return send("PATCH", path, body);
  }

  public Response put(String path, String body) {
    return send("PUT", path, body);
  }

  public Response delete(String path) {
    return send("DELETE", path, null);
  }

  public Response send(String method, String path, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path)))
            .timeout(Duration.ofSeconds(60))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      String text = r.body();
      JsonNode json = null;
      if (text != null && !text.isBlank() && (text.startsWith("{") || text.startsWith("["))) {
        json = JSON.readTree(text);
      }
      return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), json, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The value of one Prometheus series from {@code /metrics}, e.g. {@code porta_x_total{result="a"}}; 0 when absent. */
  public double metric(String series) {
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  /** Operations paths are at the root; everything else is relative to /api/v1. */
  private String url(String path) {
    boolean operations =
        path.startsWith("/healthz") || path.startsWith("/readyz") || path.startsWith("/metrics");
    return operations || path.startsWith("/api/") ? base + path : base + "/api/v1" + path;
  }

  /** Creates a product and returns its JSON. */
  public JsonNode createProduct(String dialect, String id) {
    Response r = post("/products", "{\"name\":\"test " + id + "\",\"dialect\":\"" + dialect + "\",\"id\":\"" + id + "\"}");
    if (r.status() != 201) {
      throw new IllegalStateException("product create failed: " + r.status() + " " + r.body());
    }
    return r.json();
  }

  public JsonNode createDevice(String productId, String name) {
    Response r = post("/products/" + productId + "/devices", "{\"name\":\"" + name + "\"}");
    if (r.status() != 201) {
      throw new IllegalStateException("device create failed: " + r.status() + " " + r.body());
    }
    return r.json();
  }

  public JsonNode connection(String productId, String name) {
    Response r = get("/products/" + productId + "/devices/" + name + "/connection");
    if (r.status() != 200) {
      throw new IllegalStateException("connection failed: " + r.status() + " " + r.body());
    }
    return r.json();
  }
}
