package io.porta.core.thing;

import io.porta.core.model.DeviceKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** A device's desired property values. Blocking: call it off the event loops. */
public interface DesiredPropertyRepository {
  /** The desired values of these identifiers (all when empty), by identifier. */
  List<DesiredProperty> find(DeviceKey device, Collection<String> identifiers);

  /** Sets values (JSON text by identifier), each version one more than before (1 when new); returns them. */
  List<DesiredProperty> set(DeviceKey device, Map<String, String> values, long nowMs);

  /**
   * Deletes desired values; an identifier mapped to a version is deleted only while it has that version
   * (a device deletes what it has applied, not a newer value set meanwhile).
   *
   * @return the identifiers deleted
   */
  List<String> delete(DeviceKey device, Map<String, Long> versions);
}
