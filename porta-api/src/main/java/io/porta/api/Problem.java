package io.porta.api;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Writes RFC 9457 problem documents: {@code {"status","title","detail","code"}} (api.md "REST API"). */
final class Problem {
  private Problem() {}

  static void write(Context ctx, ApiException e) {
    write(ctx, e.status(), e.code(), e.detail(), e.extra());
  }

  static void write(Context ctx, int status, String code, String detail) {
    write(ctx, status, code, detail, Map.of());
  }

  static void write(Context ctx, int status, String code, String detail, Map<String, Object> extra) {
    ObjectNode body = Json.object();
    body.put("status", status);
    body.put("title", title(status));
    body.put("detail", detail);
    body.put("code", code);
    extra.forEach((k, v) -> body.putPOJO(k, v));
    Json.writeProblem(ctx, status, body);
  }

  static String title(int status) {
    HttpStatus s = HttpStatus.forStatus(status);
    return s == HttpStatus.UNKNOWN ? "Error " + status : s.getMessage();
  }
}
