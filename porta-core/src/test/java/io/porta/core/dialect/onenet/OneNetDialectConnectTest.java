package io.porta.core.dialect.onenet;

import static io.porta.core.dialect.onenet.DialectFixture.DEVICE_KEY;
import static io.porta.core.dialect.onenet.DialectFixture.DN;
import static io.porta.core.dialect.onenet.DialectFixture.OTHER_DN;
import static io.porta.core.dialect.onenet.DialectFixture.OTHER_KEY;
import static io.porta.core.dialect.onenet.DialectFixture.PID;
import static io.porta.core.dialect.onenet.DialectFixture.PRODUCT_KEY;
import static io.porta.core.dialect.onenet.DialectFixture.connect;
import static io.porta.core.dialect.onenet.DialectFixture.deviceRes;
import static io.porta.core.dialect.onenet.DialectFixture.withFlags;
import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.dialect.AuthFailure;
import io.porta.core.dialect.AuthResult;
import io.porta.core.dialect.ConnectRefusal;
import io.porta.core.dialect.ConnectRequest;
import io.porta.core.dialect.ConnectionCredentials;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.RateLimits;
import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import io.porta.core.session.DisconnectReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CONNECT rules and credential checks (protocols.md A.2–A.4, design.md "Dialect rules … OneNET"). */
class OneNetDialectConnectTest {
  final DialectFixture f = new DialectFixture();

  @AfterEach
  void close() {
    f.close();
  }

  Optional<ConnectRefusal> check(ConnectRequest request) {
    return f.dialect.checkConnect(request);
  }

  AuthResult auth(String clientId, String password) {
    return f.dialect.authenticate(f.product, connect(clientId, PID, password));
  }

  static void assertRefused(AuthResult result, int code) {
    assertThat(result).isInstanceOf(AuthResult.Refused.class);
    assertThat(((AuthResult.Refused) result).refusal().connackCode()).isEqualTo(code);
  }

  static void assertAccepted(AuthResult result, String deviceName) {
    assertAccepted(result, PID, deviceName);
  }

  static void assertAccepted(AuthResult result, String productId, String deviceName) {
    assertThat(result).isInstanceOf(AuthResult.Accepted.class);
    DeviceIdentity identity = ((AuthResult.Accepted) result).identity();
    assertThat(identity.productId()).isEqualTo(productId);
    assertThat(identity.deviceName()).isEqualTo(deviceName);
  }

  // ---- claimedProductId -----------------------------------------------------------------------

  @Test
  void usernameIsTheClaimedProductId() {
    assertThat(f.dialect.claimedProductId(connect(DN, PID, "x"))).contains(PID);
  }

  @Test
  void alibabaStyleOrEmptyUsernameClaimsNothing() {
    assertThat(f.dialect.claimedProductId(connect(DN, "dev&a1pk", "x"))).isEmpty();
    assertThat(f.dialect.claimedProductId(connect(DN, "", "x"))).isEmpty();
    assertThat(f.dialect.claimedProductId(connect(DN, null, "x"))).isEmpty();
  }

  // ---- checkConnect ---------------------------------------------------------------------------

  @Test
  void conformingConnectPassesTheChecks() {
    assertThat(check(withFlags(4, true, 60, false, 0, false))).isEmpty();
    assertThat(check(withFlags(3, true, 60, false, 0, false))).isEmpty();
  }

  @Test
  void willFlagClosesWithoutConnack() {
    assertNoConnack(check(withFlags(4, true, 60, true, 0, false)));
  }

  @Test
  void willRetainClosesWithoutConnack() {
    assertNoConnack(check(withFlags(4, true, 60, false, 0, true)));
  }

  @Test
  void willQosClosesWithoutConnack() {
    assertNoConnack(check(withFlags(4, true, 60, false, 1, false)));
  }

  @Test
  void cleanSession0OnMqtt311GetsConnack2() {
    Optional<ConnectRefusal> r = check(withFlags(4, false, 60, false, 0, false));
    assertThat(r).isPresent();
    assertThat(r.get().connackCode()).isEqualTo(ConnectRefusal.IDENTIFIER_REJECTED);
  }

  @Test
  void cleanSession0OnMqtt31ClosesWithoutConnack() {
    assertNoConnack(check(withFlags(3, false, 60, false, 0, false)));
  }

  @Test
  void keepAliveOutside10To1800ClosesWithoutConnack() {
    for (int keepAlive : new int[] {0, 9, 1801, 65535}) {
      assertNoConnack(check(withFlags(4, true, keepAlive, false, 0, false)));
    }
  }

  @Test
  void keepAliveBoundsAreAccepted() {
    assertThat(check(withFlags(4, true, 10, false, 0, false))).isEmpty();
    assertThat(check(withFlags(4, true, 1800, false, 0, false))).isEmpty();
  }

  @Test
  void emptyClientIdGetsConnack2() {
    assertThat(check(connect("", PID, "token")).map(ConnectRefusal::connackCode))
        .contains(ConnectRefusal.IDENTIFIER_REJECTED);
  }

  @Test
  void missingPasswordGetsConnack4() {
    assertThat(check(connect(DN, PID, null)).map(ConnectRefusal::connackCode))
        .contains(ConnectRefusal.BAD_USERNAME_OR_PASSWORD);
  }

  private static void assertNoConnack(Optional<ConnectRefusal> refusal) {
    assertThat(refusal).isPresent();
    assertThat(refusal.get().connackCode()).isEqualTo(ConnectRefusal.NO_CONNACK);
    assertThat(refusal.get().reason()).isEqualTo(DisconnectReason.PROTOCOL_VIOLATION);
  }

  // ---- authenticate ---------------------------------------------------------------------------

  @Test
  void deviceKeyWithDeviceResourceIsAccepted() {
    for (String method : new String[] {"md5", "sha1", "sha256"}) {
      assertAccepted(auth(DN, OneNetToken.sign(deviceRes(DN), f.inOneHour(), method, DEVICE_KEY)), DN);
    }
  }

  @Test
  void productKeyWithProductResourceIsAccepted() {
    assertAccepted(auth(DN, OneNetToken.sign("products/" + PID, f.inOneHour(), "sha1", PRODUCT_KEY)), DN);
  }

  @Test
  void productKeyWithDeviceResourceIsAccepted() {
    assertAccepted(auth(DN, OneNetToken.sign(deviceRes(DN), f.inOneHour(), "sha256", PRODUCT_KEY)), DN);
  }

  @Test
  void deviceKeyWithProductResourceIsRefusedWith4() {
    assertRefused(auth(DN, OneNetToken.sign("products/" + PID, f.inOneHour(), "sha1", DEVICE_KEY)), 4);
  }

  @Test
  void anotherDevicesKeyIsRefusedWith4() {
    assertRefused(auth(DN, OneNetToken.sign(deviceRes(DN), f.inOneHour(), "sha1", OTHER_KEY)), 4);
  }

  @Test
  void resourceNamingAnotherDeviceIsRefusedWith4() {
    assertRefused(auth(DN, OneNetToken.sign(deviceRes(OTHER_DN), f.inOneHour(), "sha1", PRODUCT_KEY)), 4);
    assertRefused(auth(DN, OneNetToken.sign(deviceRes(OTHER_DN), f.inOneHour(), "sha1", OTHER_KEY)), 4);
  }

  @Test
  void resourceNamingAnotherProductIsRefusedWith4() {
    assertRefused(
        auth(DN, OneNetToken.sign("products/999/devices/" + DN, f.inOneHour(), "sha1", PRODUCT_KEY)), 4);
    assertRefused(auth(DN, OneNetToken.sign("products/999", f.inOneHour(), "sha1", PRODUCT_KEY)), 4);
  }

  @Test
  void resourceOfAnotherShapeIsRefusedWith4() {
    for (String res : new String[] {"products", "devices/" + DN, "products/" + PID + "/devices", "x/" + PID}) {
      assertRefused(auth(DN, OneNetToken.sign(res, f.inOneHour(), "sha1", PRODUCT_KEY)), 4);
    }
  }

  @Test
  void expiredTokenIsRefusedWith4() {
    long past = DialectFixture.NOW.getEpochSecond() - 1;
    assertRefused(auth(DN, OneNetToken.sign(deviceRes(DN), past, "sha1", DEVICE_KEY)), 4);
  }

  @Test
  void tokenValidUntilNowIsAccepted() {
    long now = DialectFixture.NOW.getEpochSecond();
    assertAccepted(auth(DN, OneNetToken.sign(deviceRes(DN), now, "sha1", DEVICE_KEY)), DN);
  }

  @Test
  void badSignatureIsRefusedWith4() {
    String token = OneNetToken.sign(deviceRes(DN), f.inOneHour(), "sha1", DEVICE_KEY);
    assertRefused(auth(DN, token.replace("method=sha1", "method=md5")), 4);
    assertRefused(auth(DN, token.replaceAll("sign=.*", "sign=AAAA")), 4);
  }

  @Test
  void malformedTokenIsRefusedWith4() {
    assertRefused(auth(DN, "not a token"), 4);
    assertRefused(auth(DN, ""), 4);
  }

  @Test
  void unknownDeviceIsRefusedWith4() {
    assertRefused(auth("nobody", OneNetToken.sign(deviceRes("nobody"), f.inOneHour(), "sha1", PRODUCT_KEY)), 4);
  }

  @Test
  void usernameThatIsNotTheProductIdIsRefusedWith4() {
    String token = OneNetToken.sign(deviceRes(DN), f.inOneHour(), "sha1", DEVICE_KEY);
    assertRefused(f.dialect.authenticate(f.product, connect(DN, "other", token)), 4);
  }

  @Test
  void disabledDeviceWithValidCredentialsIsRefusedWith5() {
    f.devices.setEnabled(new DeviceKey(PID, DN), false);
    assertRefused(auth(DN, OneNetToken.sign(deviceRes(DN), f.inOneHour(), "sha1", DEVICE_KEY)), 5);
  }

  @Test
  void disabledDeviceWithBadCredentialsIsRefusedWith4() {
    f.devices.setEnabled(new DeviceKey(PID, DN), false);
    assertRefused(auth(DN, OneNetToken.sign(deviceRes(DN), f.inOneHour(), "sha1", OTHER_KEY)), 4);
  }

  @Test
  void refusalsNameTheirMetricReason() {
    long past = DialectFixture.NOW.getEpochSecond() - 1;
    assertFailure(auth(DN, OneNetToken.sign(deviceRes(DN), past, "sha1", DEVICE_KEY)), AuthFailure.EXPIRED);
    assertFailure(
        auth("nobody", OneNetToken.sign(deviceRes("nobody"), f.inOneHour(), "sha1", PRODUCT_KEY)),
        AuthFailure.UNKNOWN_DEVICE);
    assertFailure(auth(DN, OneNetToken.sign(deviceRes(DN), f.inOneHour(), "sha1", OTHER_KEY)), AuthFailure.BAD_CREDENTIALS);
    f.devices.setEnabled(new DeviceKey(PID, DN), false);
    assertFailure(auth(DN, OneNetToken.sign(deviceRes(DN), f.inOneHour(), "sha1", DEVICE_KEY)), AuthFailure.DISABLED);
    f.devices.failing = true;
    assertFailure(auth(DN, OneNetToken.sign(deviceRes(DN), f.inOneHour(), "sha1", DEVICE_KEY)), AuthFailure.ERROR);
  }

  private static void assertFailure(AuthResult result, AuthFailure failure) {
    assertThat(result).isInstanceOf(AuthResult.Refused.class);
    assertThat(((AuthResult.Refused) result).refusal().failure()).isEqualTo(failure);
  }

  @Test
  void registryOutageIsRefusedWith3() {
    f.devices.failing = true;
    assertRefused(auth(DN, OneNetToken.sign(deviceRes(DN), f.inOneHour(), "sha1", DEVICE_KEY)), 3);
  }

  @Test
  void oneNetsPublishedExampleConnectIsAccepted() {
    // protocols.md §C.1 O1: ON-connect-example's ClientId, Username and Password, verbatim.
    Product product =
        new Product("238322", "example", OneNetDialect.NAME, PRODUCT_KEY, ProductOptions.DEFAULTS, DialectFixture.NOW);
    f.devices.create(new Device("238322", "mqtts-test-device", DEVICE_KEY, true, DialectFixture.NOW));
    ConnectRequest request = connect("mqtts-test-device", "238322", OneNetTokenTest.O1_TOKEN);
    assertThat(f.dialect.checkConnect(request)).isEmpty();
    assertAccepted(f.dialect.authenticate(product, request), "mqtts-test-device");
  }

  @Test
  void pastEtOfO4IsAcceptedOnlyWithAFrozenClock() {
    // protocols.md §C.1 O4: product key + res=products/{pid}, et in 2018.
    Product product =
        new Product("123123", "sample", OneNetDialect.NAME, OneNetTokenTest.KEY_O4, ProductOptions.DEFAULTS, DialectFixture.NOW);
    f.devices.create(new Device("123123", "dev-x", DEVICE_KEY, true, DialectFixture.NOW));
    String token = OneNetToken.sign("products/123123", 1537255523L, "sha1", OneNetTokenTest.KEY_O4);
    ConnectRequest request = connect("dev-x", "123123", token);
    OneNetDialect frozen =
        new OneNetDialect(
            f.devices,
            f.writer,
            f.pending,
            f.things,
            OneNetLimits.DEFAULTS,
            RateLimits.ONENET_DEFAULTS,
            io.porta.core.testing.InMemoryShadows.service(Clock.systemUTC()),
            Clock.fixed(Instant.ofEpochSecond(1537255000L), ZoneOffset.UTC));
    OneNetDialect real =
        new OneNetDialect(f.devices, f.writer, f.pending, f.things, OneNetLimits.DEFAULTS, RateLimits.ONENET_DEFAULTS,
            io.porta.core.testing.InMemoryShadows.service(Clock.systemUTC()), Clock.systemUTC());
    assertAccepted(frozen.authenticate(product, request), "123123", "dev-x");
    assertRefused(real.authenticate(product, request), 4);
  }

  // ---- connection credentials -----------------------------------------------------------------

  @Test
  void connectionCredentialsAreAcceptedUntilTheyExpire() {
    Device device = f.devices.find(new DeviceKey(PID, DN)).orElseThrow();
    ConnectionCredentials c = f.dialect.connectionCredentials(f.product, device, Duration.ofHours(1));
    assertThat(c.clientId()).isEqualTo(DN);
    assertThat(c.username()).isEqualTo(PID);
    assertThat(c.password())
        .isEqualTo(OneNetToken.sign(deviceRes(DN), f.inOneHour(), "sha256", DEVICE_KEY))
        .contains("method=sha256");
    assertAccepted(f.dialect.authenticate(f.product, connect(c.clientId(), c.username(), c.password())), DN);
    assertThat(c.toString()).doesNotContain(c.password());
  }
}
