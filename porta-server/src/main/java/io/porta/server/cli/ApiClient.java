package io.porta.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** A small client of Porta's REST API for the administrative subcommands. */
public final class ApiClient {
  /** A server and the token to use with it. Never print the token. */
  public record Target(String url, String token) {
    @Override
    public String toString() {
      return "Target[" + url + "]";
    }
  }

  /** A response: its status and body text. */
  public record Response(int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final Target target;
  private final HttpClient http;

  public ApiClient(Target target) {
    this.target = target;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  static JsonMapper mapper() {
    return MAPPER;
  }

  /** One path segment, percent-encoded ({@code a b} → {@code a%20b}). */
  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public Response get(String path) throws IOException {
    return send("GET", path, null, DEFAULT_TIMEOUT);
  }

  public Response post(String path, JsonNode body) throws IOException {
    return send("POST", path, body, DEFAULT_TIMEOUT);
  }

  /** @param timeout how long to wait for the whole answer */
  public Response send(String method, String path, JsonNode body, Duration timeout) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(target.url() + path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + target.token())
            .header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * Prints a 2xx body pretty-printed to {@code out} (exit code 0), or the problem's detail to
   * {@code err} (exit code 1).
   */
  static int print(Response r, PrintWriter out, PrintWriter err) {
    if (r.ok()) {
      if (!r.body().isBlank()) {
        out.println(pretty(r.body()));
      }
      out.flush();
      return 0;
    }
    err.println("error: " + problemText(r));
    err.flush();
    return 1;
  }

  static String pretty(String json) {
    try {
      return MAPPER.writeValueAsString(MAPPER.readTree(json));
    } catch (JacksonException e) {
      return json;
    }
  }

  /** "detail (code, HTTP status)", or the raw body when it is not a problem document. */
  static String problemText(Response r) {
    try {
      JsonNode p = MAPPER.readTree(r.body());
      if (p != null && p.isObject() && p.hasNonNull("detail")) {
        String code = p.hasNonNull("code") ? p.get("code").asString() + ", " : "";
        JsonNode id = p.get("id");
        String idText = id != null && id.isString() ? ", id " + id.stringValue() : "";
        return p.get("detail").asString() + " (" + code + "HTTP " + r.status() + idText + ")";
      }
    } catch (JacksonException e) {
      // not JSON: fall through
    }
    return "HTTP " + r.status() + (r.body().isBlank() ? "" : ": " + r.body().trim());
  }
}
