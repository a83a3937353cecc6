package io.porta.store.shadow;

import io.porta.core.model.DeviceKey;
import io.porta.core.shadow.ShadowRepository;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Shadows in {@code device_shadows}; saves are compare-and-set on the version. */
public final class JdbcShadowRepository implements ShadowRepository {
  private static final String DEVICE = " WHERE product_id = :productId AND device_name = :deviceName";

  private final Jdbi jdbi;

  public JdbcShadowRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Optional<String> find(DeviceKey device) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT document FROM device_shadows" + DEVICE)
                .bind("productId", device.productId())
                .bind("deviceName", device.deviceName())
                .mapTo(String.class)
                .findOne());
  }

  @Override
  public boolean save(DeviceKey device, String document, long version, long previousVersion, long nowMs) {
    if (previousVersion == 0) {
      try {
        return jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO device_shadows (product_id, device_name, document, version, updated_at)"
                                + " VALUES (:productId, :deviceName, :document, :version, :now)")
                        .bind("productId", device.productId())
                        .bind("deviceName", device.deviceName())
                        .bind("document", document)
                        .bind("version", version)
                        .bind("now", nowMs)
                        .execute())
            == 1;
      } catch (UnableToExecuteStatementException e) {
        return false; // another change created it first: read again
      }
    }
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE device_shadows SET document = :document, version = :version, updated_at = :now"
                            + DEVICE
                            + " AND version = :previous")
                    .bind("productId", device.productId())
                    .bind("deviceName", device.deviceName())
                    .bind("document", document)
                    .bind("version", version)
                    .bind("previous", previousVersion)
                    .bind("now", nowMs)
                    .execute())
        == 1;
  }

  public static void deleteDevice(Handle h, DeviceKey device) {
    h.createUpdate("DELETE FROM device_shadows" + DEVICE)
        .bind("productId", device.productId())
        .bind("deviceName", device.deviceName())
        .execute();
  }

  public static void deleteProduct(Handle h, String productId) {
    h.createUpdate("DELETE FROM device_shadows WHERE product_id = :productId").bind("productId", productId).execute();
  }
}
