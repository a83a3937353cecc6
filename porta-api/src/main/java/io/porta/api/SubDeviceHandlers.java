package io.porta.api;

import io.javalin.http.Context;
import io.porta.core.dialect.Dialects;
import io.porta.core.gateway.GatewayTopology;
import io.porta.core.gateway.TopologyNotice;
import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
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
 * OneNET {@code thing/sub/topo/change}); {@link DeviceHandlers#delete} does the same for a deleted device.
 */
final class SubDeviceHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(SubDeviceHandlers.class);

  private final GatewayTopology topology;
  private final DeviceSessions sessions;
  private final Dialects dialects;
  private final Lookups lookups;

  SubDeviceHandlers(ApiServices s, Lookups lookups) {
    this.topology = s.gateways();
    this.sessions = s.sessions();
    this.dialects = s.dialects();
    this.lookups = lookups;
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

  private static boolean sameSession(SessionInfo a, SessionInfo b) {
    return a.connectedAt().equals(b.connectedAt()) && a.remoteAddress().equals(b.remoteAddress());
  }
}
