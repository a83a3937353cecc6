package io.porta.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Typed reads of a request's JSON object. Every failure is a 400 {@code invalid_body} whose detail
 * starts with the offending field (api.md "REST API").
 */
final class JsonBody {
  private final ObjectNode node;
  private final String prefix;

  JsonBody(ObjectNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  boolean has(String field) {
    return node.has(field);
  }

  Set<String> fields() {
    return Set.copyOf(node.propertyNames());
  }

  /** Refuses members other than the allowed ones. */
  void allowOnly(Set<String> allowed, String what) {
    for (String f : node.propertyNames()) {
      if (!allowed.contains(f)) {
        throw ApiException.invalidBody(name(f) + ": " + what);
      }
    }
  }

  String requiredString(String field) {
    String v = optionalString(field);
    if (v == null) {
      throw ApiException.invalidBody(name(field) + ": required");
    }
    return v;
  }

  /** A string member; absent or null gives null. */
  String optionalString(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw ApiException.invalidBody(name(field) + ": must be a string");
    }
    return v.stringValue();
  }

  Boolean optionalBoolean(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw ApiException.invalidBody(name(field) + ": must be true or false");
    }
    return v.booleanValue();
  }

  Long optionalLong(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw ApiException.invalidBody(name(field) + ": must be an integer");
    }
    return v.longValue();
  }

  /** An array of strings; absent or null gives null. */
  List<String> optionalStringList(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw ApiException.invalidBody(name(field) + ": must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : v) {
      if (!item.isString()) {
        throw ApiException.invalidBody(name(field) + ": must be an array of strings");
      }
      out.add(item.stringValue());
    }
    return out;
  }

  /** A nested object; absent or null gives null. */
  JsonBody optionalObject(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw ApiException.invalidBody(name(field) + ": must be an object");
    }
    return new JsonBody((ObjectNode) v, name(field) + ".");
  }

  /** A nested object as sent (thing-model params go to the device unchanged); absent or null gives null. */
  ObjectNode optionalRawObject(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw ApiException.invalidBody(name(field) + ": must be an object");
    }
    return (ObjectNode) v;
  }

  /** The field's full name for messages ({@code options.requireTls}). */
  String name(String field) {
    return prefix + field;
  }
}
