package io.porta.api;

import io.javalin.http.Context;
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

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static void write(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType(CONTENT_TYPE).result(MAPPER.writeValueAsBytes(body));
  }

  static void writeProblem(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType(PROBLEM_CONTENT_TYPE).result(MAPPER.writeValueAsBytes(body));
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
