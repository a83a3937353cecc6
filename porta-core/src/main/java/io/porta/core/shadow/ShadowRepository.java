package io.porta.core.shadow;

import io.porta.core.model.DeviceKey;
import java.util.Optional;

/** Device shadows, one JSON document per device. Blocking: call it off the event loops. */
public interface ShadowRepository {
  /** The stored document, as {@link ShadowDocument#toJson()} wrote it. */
  Optional<String> find(DeviceKey device);

  /**
   * Stores the document if the stored version is still {@code previousVersion} (0: no document yet).
   *
   * @return false when another change came first (the caller reads again and retries)
   */
  boolean save(DeviceKey device, String document, long version, long previousVersion, long nowMs);
}
