package io.porta.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON in and out with Jackson 3; independent of whatever JSON mapper Javalin may find. */
final class Json {
  static final String CONTENT_TYPE = "application/json";
  static final String PROBLEM_CONTENT_TYPE = "application/problem+json";

  /** Immutable once built and thread-safe. */
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  /** Javalin's default minimum size for gzip ({@code CompressionStrategy}); smaller answers are never compressed. */
  private static final int UNCOMPRESSED_LIMIT = 1500;

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static void write(Context ctx, int status, JsonNode body) {
    send(ctx, status, CONTENT_TYPE, MAPPER.writeValueAsBytes(body));
  }

  static void writeProblem(Context ctx, int status, JsonNode body) {
    send(ctx, status, PROBLEM_CONTENT_TYPE, MAPPER.writeValueAsBytes(body));
  }

  /**
   * Answers below Javalin's gzip threshold go straight to the servlet response: {@code ctx.result}
   * would copy them through a fresh 32 KB buffer per request (half of what the command path
   * allocated). Jetty's pooled output buffer holds them until the request ends, so Jetty still sets
   * Content-Length, and still says {@code Connection: close} when it must drop a request body nobody
   * read (a length set here would commit the answer inside the handler, before Jetty knows that, and a
   * client would reuse a connection about to close). Larger answers keep Javalin's result path and so
   * its compression.
   */
  private static void send(Context ctx, int status, String contentType, byte[] bytes) {
    ctx.status(status).contentType(contentType);
    if (bytes.length >= UNCOMPRESSED_LIMIT) {
      ctx.result(bytes);
      return;
    }
    try {
      ctx.res().getOutputStream().write(bytes);
    } catch (IOException e) {
      // The client went away; there is nobody left to answer.
      throw new UncheckedIOException(e);
    }
  }

  /** The request body as a JSON object, or 400 {@code invalid_body}. */
  static JsonBody readObject(Context ctx) {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length == 0) {
      throw ApiException.invalidBody("body: a JSON object is required");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw ApiException.invalidBody("body: not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.invalidBody("body: a JSON object is required");
    }
    return new JsonBody((ObjectNode) node, "");
  }
}
