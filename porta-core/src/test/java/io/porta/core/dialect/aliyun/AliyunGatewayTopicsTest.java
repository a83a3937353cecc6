package io.porta.core.dialect.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which of a gateway's own topics are gateway requests (protocols.md B.9). Pure. */
class AliyunGatewayTopicsTest {
  static final DeviceIdentity GW =
      new DeviceIdentity(new Product("a1GwPk00001", "gateways", AliyunDialect.NAME, "s", ProductOptions.DEFAULTS, Instant.EPOCH), "gw-1");

  @Test
  void gatewayRequestsOnItsOwnTopicsAreRecognised() {
    assertThat(AliyunGateway.operation(GW, "/sys/a1GwPk00001/gw-1/thing/topo/add")).isEqualTo("topo/add");
    assertThat(AliyunGateway.operation(GW, "/sys/a1GwPk00001/gw-1/thing/topo/change_reply")).isEqualTo("topo/change_reply");
    assertThat(AliyunGateway.operation(GW, "/sys/a1GwPk00001/gw-1/thing/sub/register")).isEqualTo("sub/register");
    assertThat(AliyunGateway.operation(GW, "/ext/session/a1GwPk00001/gw-1/combine/batch_login")).isEqualTo("combine/batch_login");
  }

  @Test
  void otherTopicsAndOtherDevicesTopicsAreNot() {
    assertThat(AliyunGateway.operation(GW, "/sys/a1GwPk00001/gw-2/thing/sub/register")).isNull();
    assertThat(AliyunGateway.operation(GW, "/sys/a1GwPk00001/gw-1/thing/sub/register_reply")).isNull();
    assertThat(AliyunGateway.operation(GW, "/sys/a1GwPk00001/gw-1/thing/topo/change")).isNull();
    assertThat(AliyunGateway.operation(GW, "/sys/a1GwPk00001/gw-1/thing/event/property/post")).isNull();
  }
}
