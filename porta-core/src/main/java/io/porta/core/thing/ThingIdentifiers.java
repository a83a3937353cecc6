package io.porta.core.thing;

/** Identifiers of properties, events and services. */
public final class ThingIdentifiers {
  public static final int MAX_LENGTH = 50;

  private ThingIdentifiers() {}

  /**
   * 1–50 letters, digits and {@code _} (Alibaba's TSL rule, which OneNET's fits in). Keeps them safe
   * as topic levels ({@code thing/service/{id}}) and as data-stream names.
   */
  public static boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
