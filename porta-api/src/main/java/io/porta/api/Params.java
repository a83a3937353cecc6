package io.porta.api;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters; a malformed one is a 400 {@code invalid_param} naming it. */
final class Params {
  /** The {@code from} and {@code to} of a log query, in epoch milliseconds; null bounds are open. */
  record TimeRange(Long fromMs, Long toMs) {}

  private Params() {}

  static String optionalString(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isEmpty() ? null : v;
  }

  static Boolean optionalBoolean(Context ctx, String name) {
    String v = optionalString(ctx, name);
    if (v == null) {
      return null;
    }
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw ApiException.invalidParam(name + ": must be true or false");
  }

  static boolean flag(Context ctx, String name) {
    Boolean v = optionalBoolean(ctx, name);
    return v != null && v;
  }

  static long longInRange(Context ctx, String name, long defaultValue, long min, long max) {
    String v = optionalString(ctx, name);
    if (v == null) {
      return defaultValue;
    }
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.invalidParam(name + ": must be an integer");
    }
    if (n < min || n > max) {
      throw ApiException.invalidParam(name + ": must be between " + min + " and " + max);
    }
    return n;
  }

  static int intInRange(Context ctx, String name, int defaultValue, int min, int max) {
    return (int) longInRange(ctx, name, defaultValue, min, max);
  }

  /** A point in time: epoch milliseconds, or an ISO-8601 instant ({@code 2024-01-01T00:00:00Z}). */
  static Long optionalTime(Context ctx, String name) {
    String v = optionalString(ctx, name);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException notMillis) {
      try {
        return Instant.parse(v).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        throw ApiException.invalidParam(name + ": must be epoch milliseconds or an ISO-8601 instant");
      }
    }
  }

  /** {@code from} and {@code to} (see {@link #optionalTime}); from after to is a 400. */
  static TimeRange timeRange(Context ctx) {
    Long from = optionalTime(ctx, "from");
    Long to = optionalTime(ctx, "to");
    if (from != null && to != null && from > to) {
      throw ApiException.invalidParam("from: must not be after to");
    }
    return new TimeRange(from, to);
  }
}
