package io.porta.core.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the {@link RegistryCache}.
 *
 * @param maxDevices devices kept at most (about 1 KB each); beyond, the least useful are dropped
 * @param maxProducts products kept at most
 * @param expireAfterWrite how long an entry is trusted at most, for writes that do not pass through this
 *     process (another node on the same PostgreSQL, an operator's SQL); {@link Duration#ZERO}: forever
 */
public record RegistryCacheLimits(long maxDevices, long maxProducts, Duration expireAfterWrite) {
  /** Sized for about 100,000 devices. */
  public static final RegistryCacheLimits DEFAULTS = new RegistryCacheLimits(100_000, 10_000, Duration.ofMinutes(10));

  public RegistryCacheLimits {
    Objects.requireNonNull(expireAfterWrite, "expireAfterWrite");
    if (maxDevices < 0 || maxProducts < 0 || expireAfterWrite.isNegative()) {
      throw new IllegalArgumentException("registry cache limits must not be negative");
    }
  }
}
