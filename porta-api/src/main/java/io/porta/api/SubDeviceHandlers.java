package io.porta.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.porta.core.dialect.Dialects;
import io.porta.core.gateway.GatewayTopology;
import io.porta.core.gateway.TopologyNotice;
import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.registry.ProductRepository;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DeviceSessions;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.SessionInfo;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DELETE /products/{pid}/devices/{gateway}/subdevices/{subPid}/{subName}}: takes a sub-device out
 * of its gateway's topology. A sub-device online through that gateway goes offline, and the gateway,
 * when online, is told its new topology in its dialect's words (Alibaba {@code thing/topo/change},
 * OneNET {@code thing/sub/topo/change}). Deleting a device takes it out of every topology too.
 */
final class SubDeviceHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(SubDeviceHandlers.class);

  private final GatewayTopology topology;
  private final DeviceSessions sessions;
  private final Dialects dialects;
  private final Lookups lookups;
  private final ProductRepository products;

  SubDeviceHandlers(ApiServices s, Lookups lookups) {
    this.topology = s.gateways();
    this.sessions = s.sessions();
    this.dialects = s.dialects();
    this.lookups = lookups;
    this.products = s.products();
  }

  void remove(Context ctx) {
    Product product = lookups.product(ctx.pathParam("pid"));
    Device gateway = lookups.device(product.id(), ctx.pathParam("name"));
    DeviceKey sub = new DeviceKey(ctx.pathParam("subPid"), ctx.pathParam("subName"));
    if (!topology.unbind(gateway.key(), sub)) {
      throw new ApiException(404, "subdevice_not_found", sub + " is not a sub-device of " + gateway.key());
    }
    // Online through this gateway: its session is the gateway's (a direct connection of it stays).
    Optional<SessionInfo> gatewaySession = sessions.find(gateway.key()).map(DeviceLink::info);
    sessions.find(sub)
        .filter(link -> gatewaySession.map(gw -> sameSession(gw, link.info())).orElse(false))
        .ifPresent(link -> link.close(DisconnectReason.DEVICE_DELETED));
    TopologyNotice.send(sessions, topology, dialects.get(product.dialect()), gateway.key(), List.of(sub));
    LOG.info("{} removed from the topology of gateway {}", sub, gateway.key());
    ctx.status(204);
  }

  /**
   * {@code DELETE …/devices/{name}} done by {@code delete}: the store takes the device out of every
   * topology; when it was a sub-device, its gateway is told.
   */
  void deleteDevice(Context ctx, Handler delete) throws Exception {
    DeviceKey device = new DeviceKey(ctx.pathParam("pid"), ctx.pathParam("name"));
    Optional<DeviceKey> gateway = topology.gatewayOf(device);
    delete.handle(ctx);
    gateway.ifPresent(
        gw -> products.find(gw.productId())
            .ifPresent(p -> TopologyNotice.send(sessions, topology, dialects.get(p.dialect()), gw, List.of(device))));
  }

  private static boolean sameSession(SessionInfo a, SessionInfo b) {
    return a.connectedAt().equals(b.connectedAt()) && a.remoteAddress().equals(b.remoteAddress());
  }
}
