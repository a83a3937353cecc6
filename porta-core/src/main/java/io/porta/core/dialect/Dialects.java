package io.porta.core.dialect;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The dialects this server speaks, by name. */
public final class Dialects {
  private final Map<String, Dialect> byName;

  public Dialects(List<Dialect> dialects) {
    this.byName = dialects.stream().collect(Collectors.toUnmodifiableMap(Dialect::name, Function.identity()));
  }

  /** @throws IllegalArgumentException for an unknown dialect name */
  public Dialect get(String name) {
    Dialect d = byName.get(name);
    if (d == null) {
      throw new IllegalArgumentException("unknown dialect " + name);
    }
    return d;
  }

  public boolean has(String name) {
    return byName.containsKey(name);
  }

  public Set<String> names() {
    return byName.keySet();
  }

  public java.util.Collection<Dialect> all() {
    return byName.values();
  }
}
