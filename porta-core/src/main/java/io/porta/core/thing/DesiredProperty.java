package io.porta.core.thing;

import java.util.Objects;

/**
 * A value the application wants a property to take (Alink desired properties B.6.2, OneJSON A.7.5).
 *
 * @param valueJson the value as JSON text
 * @param version 1 when first set, one more on every change: devices delete by version
 */
public record DesiredProperty(String identifier, String valueJson, long version, long updatedMs) {
  public DesiredProperty {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(valueJson, "valueJson");
  }
}
