package io.porta.core.dialect.aliyun;

import static io.porta.core.dialect.aliyun.AliyunFixture.DEVICE_SECRET;
import static io.porta.core.dialect.aliyun.AliyunFixture.DN;
import static io.porta.core.dialect.aliyun.AliyunFixture.NOW;
import static io.porta.core.dialect.aliyun.AliyunFixture.PK;
import static io.porta.core.dialect.aliyun.AliyunFixture.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.dialect.AuthResult;
import io.porta.core.dialect.ConnectRefusal;
import io.porta.core.dialect.ConnectRequest;
import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** CONNECT rules and credential checks (protocols.md B.2, B.3, B.4; C.2 A7/A8, D1). */
class AliyunDialectConnectTest {
  static final String USER = DN + "&" + PK;
  static final String C_SDK_CLIENT_ID =
      PK + "." + DN + "|timestamp=2524608000000,_v=sdk-c-4.1.0,securemode=2,signmethod=hmacsha256,lan=C,gw=0,ext=0|";
  static final String A7_UPPER = "B8CE8F1D706DD3C61D13BFD9855DEF7E321B785084CA9C93F0169A2B46785DD2";
  static final String PY_CLIENT_ID =
      PK + "&" + DN + "|securemode=2,signmethod=hmacsha1,ext=1,_ss=1,lan=Python,_v=1.2.13,timestamp=1700000000|";
  static final String A8 = "4608d3aa3c928984bb5968cbcb2b2710bea4b8db";
  static final String D1_RANDOM = "8Ygb7ULYh53B6OA";
  static final String D1 = "37c9d9c4dcab7fc75d65d25547a4e11080e59dd82f3255aafc90d83498480e88";

  final AliyunFixture f = new AliyunFixture();

  @AfterEach
  void close() {
    f.close();
  }

  AuthResult auth(Product product, ConnectRequest request) {
    Optional<ConnectRefusal> shape = f.dialect.checkConnect(request);
    if (shape.isPresent()) {
      return AuthResult.refused(shape.get());
    }
    return f.dialect.authenticate(product, request);
  }

  AuthResult auth(ConnectRequest request) {
    return auth(f.product, request);
  }

  static int code(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Refused.class);
    return ((AuthResult.Refused) result).refusal().connackCode();
  }

  static AuthResult.Accepted accepted(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Accepted.class);
    return (AuthResult.Accepted) result;
  }

  // --- claimedProductId ---

  @Test
  void productKeyFollowsTheLastAmpersandOfTheUsername() {
    assertThat(f.dialect.claimedProductId(connect("c", "a&b&" + PK, "p"))).contains(PK);
    assertThat(f.dialect.claimedProductId(connect("c", "238322", "p"))).isEmpty();
    assertThat(f.dialect.name()).isEqualTo("aliyun");
  }

  // --- checkConnect ---

  @Test
  void willFlagRetainOrQosClosesWithoutConnack() {
    for (ConnectRequest r :
        new ConnectRequest[] {
          AliyunFixture.withWill(true, 0, false),
          AliyunFixture.withWill(false, 1, false),
          AliyunFixture.withWill(false, 0, true)
        }) {
      ConnectRefusal refusal = f.dialect.checkConnect(r).orElseThrow();
      assertThat(refusal.connackCode()).isEqualTo(ConnectRefusal.NO_CONNACK);
      assertThat(refusal.reason()).isEqualTo(DisconnectReason.PROTOCOL_VIOLATION);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 29, 1201, 65535})
  void keepaliveOutside30To1200IsRefusedWithCode5(int keepAlive) {
    ConnectRequest r = connect(C_SDK_CLIENT_ID, USER, A7_UPPER, keepAlive, true);
    assertThat(f.dialect.checkConnect(r).orElseThrow().connackCode()).isEqualTo(ConnectRefusal.NOT_AUTHORIZED);
  }

  @ParameterizedTest
  @ValueSource(ints = {30, 300, 1200})
  void keepaliveWithin30To1200IsAccepted(int keepAlive) {
    assertThat(f.dialect.checkConnect(connect(C_SDK_CLIENT_ID, USER, A7_UPPER, keepAlive, true))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"register", "regnwl"})
  void registrationLoginsAreExemptFromTheKeepaliveRule(String authType) {
    String clientId = "c1|securemode=2,authType=" + authType + ",random=1,signmethod=hmacsha256|";
    assertThat(f.dialect.checkConnect(connect(clientId, USER, "x", 0, true))).isEmpty();
  }

  @Test
  void emptyOrTooLongClientIdIsCode2() {
    assertThat(f.dialect.checkConnect(connect("|securemode=3|", USER, "x")).orElseThrow().connackCode())
        .isEqualTo(ConnectRefusal.IDENTIFIER_REJECTED);
    assertThat(f.dialect.checkConnect(connect("", USER, "x")).orElseThrow().connackCode())
        .isEqualTo(ConnectRefusal.IDENTIFIER_REJECTED);
    assertThat(f.dialect.checkConnect(connect("x".repeat(65) + "|securemode=3|", USER, "x")).orElseThrow().connackCode())
        .isEqualTo(ConnectRefusal.IDENTIFIER_REJECTED);
    assertThat(f.dialect.checkConnect(connect("x".repeat(64) + "|securemode=3|", USER, "x"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "3", "-2"})
  void secureModes2And3AndMinus2AreAccepted(String mode) {
    assertThat(f.dialect.checkConnect(connect("c1|securemode=" + mode + "|", USER, "x"))).isEmpty();
    assertThat(f.dialect.checkConnect(connect("c1", USER, "x"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "8", "1", "abc"})
  void otherSecureModesAreCode5WithADetail(String mode) {
    ConnectRefusal refusal = f.dialect.checkConnect(connect("c1|securemode=" + mode + "|", USER, "x")).orElseThrow();
    assertThat(refusal.connackCode()).isEqualTo(ConnectRefusal.NOT_AUTHORIZED);
    assertThat(refusal.detail()).contains("securemode=" + mode);
  }

  @Test
  void cleanSessionZeroAndOneAreBothAccepted() {
    ConnectRequest persistent =
        new ConnectRequest(4, C_SDK_CLIENT_ID, USER, A7_UPPER.getBytes(StandardCharsets.UTF_8), false, 60, false, 0,
            false, true, "127.0.0.1:1");
    assertThat(f.dialect.checkConnect(persistent)).isEmpty();
    accepted(f.dialect.authenticate(f.product, persistent));
    assertThat(f.dialect.supportsPersistentSessions()).isTrue();
  }

  // --- normal login: every SDK form ---

  @Test
  void cSdkLoginWithUpperCaseHexAndFixedTimestampIsAccepted() {
    AuthResult.Accepted ok = accepted(auth(connect(C_SDK_CLIENT_ID, USER, A7_UPPER)));
    assertThat(ok.identity().key()).isEqualTo(new DeviceKey(PK, DN));
    assertThat(ok.identity().attribute("ext")).isEqualTo("0");
    assertThat(ok.identity().attribute("lan")).isEqualTo("C");
    assertThat(ok.provisioning()).isFalse();
    assertThat(ok.welcome()).isEmpty();
  }

  @Test
  void pythonSdkLoginWithSecondsTimestampIsAccepted() {
    AuthResult.Accepted ok = accepted(auth(connect(PY_CLIENT_ID, USER, A8)));
    assertThat(ok.identity().attribute("ext")).isEqualTo("1");
  }

  @Test
  void nodeSdkLoginWithMillisecondsAndNoSignmethodUsesHmacMd5() {
    String ts = Long.toString(NOW.toEpochMilli());
    String password =
        AliyunSign.sign(null, DEVICE_SECRET, Map.of("clientId", "node-1", "deviceName", DN, "productKey", PK, "timestamp", ts));
    accepted(auth(connect("node-1|securemode=3,timestamp=" + ts + "|", USER, password)));
  }

  @Test
  void loginMarksTheDeviceActivatedOnceAndLoadsCategories() {
    accepted(auth(connect(C_SDK_CLIENT_ID, USER, A7_UPPER)));
    assertThat(f.devices.find(new DeviceKey(PK, DN)).orElseThrow().activatedAt()).isEqualTo(NOW);
    assertThat(f.categoryRepository.reads).isEqualTo(1);
    f.devices.delete(new DeviceKey(PK, DN));
    f.devices.create(
        new Device(PK, DN, DEVICE_SECRET, true, NOW, Map.of(), null, null, NOW.minusSeconds(100)));
    accepted(auth(connect(C_SDK_CLIENT_ID, USER, A7_UPPER)));
    assertThat(f.devices.find(new DeviceKey(PK, DN)).orElseThrow().activatedAt()).isEqualTo(NOW.minusSeconds(100));
    assertThat(f.categoryRepository.reads).isEqualTo(1);
  }

  @Test
  void unknownDeviceIsCode4() {
    assertThat(code(auth(connect("c1|signmethod=hmacsha1|", "ghost1&" + PK, A8)))).isEqualTo(4);
  }

  @Test
  void badSignatureIsCode4() {
    assertThat(code(auth(connect(C_SDK_CLIENT_ID, USER, A8)))).isEqualTo(4);
    assertThat(code(auth(connect(PY_CLIENT_ID.replace("1700000000", "1700000001"), USER, A8)))).isEqualTo(4);
    assertThat(code(auth(connect(C_SDK_CLIENT_ID, USER, null)))).isEqualTo(4);
  }

  @Test
  void unknownSignmethodIsCode4() {
    assertThat(code(auth(connect(C_SDK_CLIENT_ID.replace("hmacsha256", "hmacsha512"), USER, A7_UPPER))))
        .isEqualTo(4);
  }

  @Test
  void disabledDeviceIsCode5AfterACorrectSignature() {
    f.devices.setEnabled(new DeviceKey(PK, DN), false);
    assertThat(code(auth(connect(C_SDK_CLIENT_ID, USER, A7_UPPER)))).isEqualTo(5);
    assertThat(code(auth(connect(C_SDK_CLIENT_ID, USER, "00")))).isEqualTo(4);
  }

  // --- dynamic registration (B.3) ---

  static String registerClientId(String authType) {
    return "reg-1|securemode=2,authType=" + authType + ",random=" + D1_RANDOM + ",signmethod=hmacsha256|";
  }

  static JsonNode json(OutboundMessage m) {
    return JsonMapper.builder().build().readTree(m.payload());
  }

  @Test
  void registerIssuesAFreshSecretOnExtRegister() {
    AuthResult.Accepted ok =
        accepted(auth(AliyunFixture.productWithRegistration("register"), connect(registerClientId("register"), USER, D1, 0, true)));
    assertThat(ok.provisioning()).isTrue();
    assertThat(ok.welcome()).hasSize(1);
    OutboundMessage welcome = ok.welcome().get(0);
    assertThat(welcome.topic()).isEqualTo("/ext/register");
    assertThat(welcome.onlyIfSubscribed()).isFalse();
    JsonNode body = json(welcome);
    assertThat(body.get("productKey").asString()).isEqualTo(PK);
    assertThat(body.get("deviceName").asString()).isEqualTo(DN);
    String secret = body.get("deviceSecret").asString();
    assertThat(secret).hasSize(32).isNotEqualTo(DEVICE_SECRET);
    assertThat(f.devices.find(new DeviceKey(PK, DN)).orElseThrow().secret()).isEqualTo(secret);
  }

  @Test
  void registerNeedsTls() {
    assertThat(code(auth(AliyunFixture.productWithRegistration("register"), connect(registerClientId("register"), USER, D1, 60, false))))
        .isEqualTo(5);
  }

  @Test
  void registerRefusesUnknownDevice4AndActivatedDevice5() {
    Product p = AliyunFixture.productWithRegistration("register");
    f.devices.delete(new DeviceKey(PK, DN));
    assertThat(code(auth(p, connect(registerClientId("register"), USER, D1)))).isEqualTo(4);
    f.devices.create(new Device(PK, DN, DEVICE_SECRET, true, NOW, Map.of(), null, null, NOW));
    assertThat(code(auth(p, connect(registerClientId("register"), USER, D1)))).isEqualTo(5);
  }

  @Test
  void registrationWithABadSignatureIsCode4() {
    Product p = AliyunFixture.productWithRegistration("regnwl");
    assertThat(code(auth(p, connect(registerClientId("register"), USER, D1.replace('3', '4'))))).isEqualTo(4);
    assertThat(code(auth(p, connect(registerClientId("regnwl"), USER, A8)))).isEqualTo(4);
  }

  @Test
  void registrationWithTheSwitchOffIsCode5() {
    assertThat(code(auth(connect(registerClientId("register"), USER, D1)))).isEqualTo(5);
    assertThat(code(auth(connect(registerClientId("regnwl"), USER, D1)))).isEqualTo(5);
    assertThat(code(auth(AliyunFixture.productWithRegistration("register"), connect(registerClientId("regnwl"), USER, D1))))
        .isEqualTo(5);
  }

  @Test
  void regnwlCreatesAnAbsentDeviceWithAToken() {
    f.devices.delete(new DeviceKey(PK, DN));
    AuthResult.Accepted ok =
        accepted(auth(AliyunFixture.productWithRegistration("regnwl"), connect(registerClientId("regnwl"), USER, D1, 0, true)));
    assertThat(ok.provisioning()).isTrue();
    OutboundMessage welcome = ok.welcome().get(0);
    assertThat(welcome.topic()).isEqualTo("/ext/regnwl");
    JsonNode body = json(welcome);
    assertThat(body.get("clientId").asString()).isEqualTo(PK + "." + DN);
    assertThat(body.get("productKey").asString()).isEqualTo(PK);
    assertThat(body.get("deviceName").asString()).isEqualTo(DN);
    Device created = f.devices.find(new DeviceKey(PK, DN)).orElseThrow();
    assertThat(created.deviceToken()).isEqualTo(body.get("deviceToken").asString());
    assertThat(created.secret()).hasSize(32);
    assertThat(created.enabled()).isTrue();
  }

  @Test
  void regnwlGivesAnExistingDeviceAFreshToken() {
    accepted(auth(AliyunFixture.productWithRegistration("regnwl"), connect(registerClientId("regnwl"), USER, D1)));
    String first = f.devices.find(new DeviceKey(PK, DN)).orElseThrow().deviceToken();
    accepted(auth(AliyunFixture.productWithRegistration("regnwl"), connect(registerClientId("regnwl"), USER, D1)));
    String second = f.devices.find(new DeviceKey(PK, DN)).orElseThrow().deviceToken();
    assertThat(first).isNotNull().isNotEqualTo(second);
    assertThat(f.devices.find(new DeviceKey(PK, DN)).orElseThrow().secret()).isEqualTo(DEVICE_SECRET);
  }

  @Test
  void regnwlEnablesRegisterToo() {
    AuthResult.Accepted ok =
        accepted(auth(AliyunFixture.productWithRegistration("regnwl"), connect(registerClientId("register"), USER, D1)));
    assertThat(ok.welcome().get(0).topic()).isEqualTo("/ext/register");
  }

  @Test
  void connwlLogsInWithTheStoredToken() {
    f.devices.setDeviceToken(new DeviceKey(PK, DN), "tok-123");
    String clientId = PK + "." + DN + "|securemode=-2,authType=connwl,_ss=1,ext=3|";
    AuthResult.Accepted ok = accepted(auth(connect(clientId, USER, "tok-123")));
    assertThat(ok.provisioning()).isFalse();
    assertThat(ok.identity().deviceName()).isEqualTo(DN);
    assertThat(code(auth(connect(clientId, USER, "tok-124")))).isEqualTo(4);
    assertThat(code(auth(connect(clientId, "other1&" + PK, "tok-123")))).isEqualTo(4);
  }
}
