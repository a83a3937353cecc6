package io.porta.store.gateway;

import io.porta.core.gateway.GatewayTopology;
import io.porta.core.model.DeviceKey;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Gateway topology in {@code gateway_topology}, keyed by the sub-device. */
public final class JdbcGatewayTopology implements GatewayTopology {
  private static final String SUB = " WHERE sub_product_id = :subProduct AND sub_device_name = :subName";

  private final Jdbi jdbi;

  public JdbcGatewayTopology(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Delete and insert in one transaction (portable, where upserts differ). */
  @Override
  public void bind(DeviceKey gateway, DeviceKey sub, long nowMs) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate("DELETE FROM gateway_topology" + SUB)
              .bind("subProduct", sub.productId())
              .bind("subName", sub.deviceName())
              .execute();
          h.createUpdate(
                  "INSERT INTO gateway_topology (sub_product_id, sub_device_name, gateway_product_id, gateway_name,"
                      + " created_at) VALUES (:subProduct, :subName, :gwProduct, :gwName, :now)")
              .bind("subProduct", sub.productId())
              .bind("subName", sub.deviceName())
              .bind("gwProduct", gateway.productId())
              .bind("gwName", gateway.deviceName())
              .bind("now", nowMs)
              .execute();
        });
  }

  @Override
  public boolean unbind(DeviceKey gateway, DeviceKey sub) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "DELETE FROM gateway_topology" + SUB + " AND gateway_product_id = :gwProduct AND gateway_name = :gwName")
                    .bind("subProduct", sub.productId())
                    .bind("subName", sub.deviceName())
                    .bind("gwProduct", gateway.productId())
                    .bind("gwName", gateway.deviceName())
                    .execute())
        > 0;
  }

  @Override
  public List<DeviceKey> subDevices(DeviceKey gateway) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT sub_product_id, sub_device_name FROM gateway_topology"
                        + " WHERE gateway_product_id = :gwProduct AND gateway_name = :gwName"
                        + " ORDER BY created_at, sub_product_id, sub_device_name")
                .bind("gwProduct", gateway.productId())
                .bind("gwName", gateway.deviceName())
                .map((rs, ctx) -> new DeviceKey(rs.getString(1), rs.getString(2)))
                .list());
  }

  @Override
  public Optional<DeviceKey> gatewayOf(DeviceKey sub) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT gateway_product_id, gateway_name FROM gateway_topology" + SUB)
                .bind("subProduct", sub.productId())
                .bind("subName", sub.deviceName())
                .map((rs, ctx) -> new DeviceKey(rs.getString(1), rs.getString(2)))
                .findOne());
  }

  /** A deleted device leaves the topology on both sides: as a gateway and as a sub-device. */
  public static void deleteDevice(Handle h, DeviceKey device) {
    h.createUpdate("DELETE FROM gateway_topology" + SUB)
        .bind("subProduct", device.productId())
        .bind("subName", device.deviceName())
        .execute();
    h.createUpdate("DELETE FROM gateway_topology WHERE gateway_product_id = :p AND gateway_name = :n")
        .bind("p", device.productId())
        .bind("n", device.deviceName())
        .execute();
  }

  public static void deleteProduct(Handle h, String productId) {
    h.createUpdate("DELETE FROM gateway_topology WHERE sub_product_id = :p OR gateway_product_id = :p")
        .bind("p", productId)
        .execute();
  }
}
