package io.porta.core.shadow;

import tools.jackson.databind.node.ObjectNode;

/**
 * One change to a shadow, as a device or an application asks for it. In a patch, an attribute with
 * value JSON null is removed.
 *
 * @param desired attributes to set in {@code desired}, or null
 * @param clearDesired empty {@code desired} first (Alibaba {@code "desired":"null"}, done by a device
 *     once it acted on a control message)
 * @param reported attributes to set in {@code reported}, or null
 * @param clearReported empty {@code reported} first (Alibaba delete with {@code "reported":"null"})
 * @param version Alibaba devices: the document's new version, which must exceed the stored one; null
 *     for the next version
 * @param expectedVersion REST callers: the change applies only to this version (else a conflict); null
 *     for no check
 */
public record ShadowChange(
    ObjectNode desired,
    boolean clearDesired,
    ObjectNode reported,
    boolean clearReported,
    Long version,
    Long expectedVersion) {

  public static ShadowChange report(ObjectNode reported) {
    return new ShadowChange(null, false, reported, false, null, null);
  }

  public static ShadowChange desire(ObjectNode desired, Long expectedVersion) {
    return new ShadowChange(desired, false, null, false, null, expectedVersion);
  }
}
