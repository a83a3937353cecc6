package io.porta.core.gateway;

import io.porta.core.dialect.Dialect;
import io.porta.core.model.DeviceKey;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DeviceSessions;
import io.porta.core.session.OutboundMessage;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a gateway that its topology changed without it asking (Alibaba {@code thing/topo/change},
 * OneNET {@code thing/sub/topo/change}): when REST removes one of its sub-devices, or another gateway
 * takes one over. Sent only when the gateway is online on this node; a gateway that is offline reads
 * its topology with {@code topo/get} when it comes back. Blocking (reads the topology).
 */
public final class TopologyNotice {
  private static final Logger LOG = LoggerFactory.getLogger(TopologyNotice.class);

  private TopologyNotice() {}

  /**
   * @param dialect the gateway's product's dialect, which words the notice
   * @param removed the sub-devices the gateway lost
   */
  public static void send(
      DeviceSessions sessions, GatewayTopology topology, Dialect dialect, DeviceKey gateway, List<DeviceKey> removed) {
    Optional<DeviceLink> link = sessions.find(gateway);
    if (link.isEmpty()) {
      return;
    }
    List<DeviceKey> subs = topology.subDevices(gateway);
    Optional<OutboundMessage> notice = dialect.topologyChanged(link.get().identity(), removed, subs);
    notice.ifPresent(
        m -> {
          LOG.info("{}: topology changed, {} sub-devices now; gateway notified", gateway, subs.size());
          link.get().send(m);
        });
  }
}
