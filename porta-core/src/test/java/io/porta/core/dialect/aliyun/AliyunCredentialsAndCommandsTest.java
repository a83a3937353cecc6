package io.porta.core.dialect.aliyun;

import static io.porta.core.dialect.aliyun.AliyunFixture.DN;
import static io.porta.core.dialect.aliyun.AliyunFixture.NOW;
import static io.porta.core.dialect.aliyun.AliyunFixture.PK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.porta.core.dialect.AuthResult;
import io.porta.core.dialect.CommandRoute;
import io.porta.core.dialect.ConnectionCredentials;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.model.DeviceKey;
import io.porta.core.topic.TopicAccess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issued credentials, ids and secrets, and the RRPC command route (protocols.md B.2, B.7). */
class AliyunCredentialsAndCommandsTest {
  final AliyunFixture f = new AliyunFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void connectionCredentialsLogIn() {
    ConnectionCredentials c =
        f.dialect.connectionCredentials(f.product, f.devices.find(new DeviceKey(PK, DN)).orElseThrow(), Duration.ofHours(1));
    assertThat(c.clientId())
        .isEqualTo(PK + "." + DN + "|securemode=2,signmethod=hmacsha256,timestamp=" + NOW.toEpochMilli() + "|");
    assertThat(c.username()).isEqualTo(DN + "&" + PK);
    assertThat(c.password()).matches("[0-9a-f]{64}");
    AuthResult r = f.dialect.authenticate(f.product, AliyunFixture.connect(c.clientId(), c.username(), c.password()));
    assertThat(r).isInstanceOf(AuthResult.Accepted.class);
    assertThat(f.dialect.checkConnect(AliyunFixture.connect(c.clientId(), c.username(), c.password()))).isEmpty();
  }

  @Test
  void newIdsAndSecretsHaveAlibabasForm() {
    assertThat(f.dialect.newProductId()).matches("a1[A-Za-z0-9]{9}");
    assertThat(f.dialect.newProductSecret()).matches("[A-Za-z0-9]{16}");
    assertThat(f.dialect.newDeviceSecret()).matches("[A-Za-z0-9]{32}");
    assertThat(f.dialect.isValidSecret(f.dialect.newDeviceSecret())).isTrue();
  }

  @Test
  void validSecretsAre1To64PrintableAsciiWithoutSpaces() {
    assertThat(f.dialect.isValidSecret("x")).isTrue();
    assertThat(f.dialect.isValidSecret("!~" + "a".repeat(62))).isTrue();
    assertThat(f.dialect.isValidSecret("a".repeat(65))).isFalse();
    assertThat(f.dialect.isValidSecret("")).isFalse();
    assertThat(f.dialect.isValidSecret(null)).isFalse();
    assertThat(f.dialect.isValidSecret("a b")).isFalse();
    assertThat(f.dialect.isValidSecret("é")).isFalse();
    assertThat(f.dialect.isValidSecret("a\tb")).isFalse();
  }

  @Test
  void rrpcCommandsUseNumericIdsOnTheSysTopic() {
    CommandRoute route = f.dialect.commandRoute();
    String id = route.newCommandId();
    assertThat(id).matches("[0-9]+");
    assertThat(Long.parseLong(route.newCommandId())).isGreaterThan(Long.parseLong(id));
    DeviceIdentity device = f.link().identity();
    assertThat(route.requestTopic(device, "42")).isEqualTo("/sys/" + PK + "/" + DN + "/rrpc/request/42");
    assertThat(route.requestTopic(device, "42", null)).isEqualTo("/sys/" + PK + "/" + DN + "/rrpc/request/42");
    assertThat(route.minTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(route.maxTimeout()).isEqualTo(Duration.ofSeconds(8));
    assertThat(route.defaultTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void customTopicRrpcNeedsExt1AndOneOfTheDevicesOwnTopics() {
    f.customCategory("c1", "/${productKey}/${deviceName}/user/get", TopicAccess.SUB);
    CommandRoute route = f.dialect.commandRoute();
    String own = "/" + PK + "/" + DN + "/user/get";
    DeviceIdentity ext = f.link(Map.of("ext", "1")).identity();
    assertThat(route.requestTopic(ext, "42", own)).isEqualTo("/ext/rrpc/42" + own);
    assertThatThrownBy(() -> route.requestTopic(ext, "42", "/" + PK + "/other1/user/get"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> route.requestTopic(ext, "42", "/" + PK + "/" + DN + "/user/+"))
        .isInstanceOf(IllegalArgumentException.class);
    DeviceIdentity plain = f.link(Map.of("ext", "0")).identity();
    assertThatThrownBy(() -> route.requestTopic(plain, "42", own)).isInstanceOf(IllegalArgumentException.class);
    assertThat(f.dialect.mayDeliver(ext, "/ext/rrpc/42" + own)).isTrue();
  }

  @Test
  void limitsAndRates() {
    assertThat(f.dialect.maxFiltersPerSubscribe()).isEqualTo(32);
    assertThat(AliyunLimits.DEFAULTS).isEqualTo(new AliyunLimits(256 * 1024, 32, 128));
    assertThat(f.dialect.rateLimits()).isNotNull();
  }
}
