package io.porta.core.fuzz;

import static io.porta.core.fuzz.BothDialects.DN;
import static io.porta.core.fuzz.BothDialects.OTHER_DN;
import static io.porta.core.fuzz.BothDialects.PID;
import static io.porta.core.fuzz.BothDialects.PK;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.porta.core.dialect.AuthResult;
import io.porta.core.dialect.ConnectRefusal;
import io.porta.core.dialect.ConnectRequest;
import io.porta.core.dialect.Dialect;
import io.porta.core.dialect.aliyun.AliyunClientId;
import io.porta.core.dialect.aliyun.AliyunSign;
import io.porta.core.dialect.aliyun.AliyunUsername;
import io.porta.core.dialect.onenet.OneNetToken;
import io.porta.core.model.Product;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A CONNECT as each real dialect judges it (protocols.md A.2–A.4, B.2–B.4): every request is
 * accepted or refused with a defined CONNACK code, nothing throws, no refusal repeats the password,
 * and a device is let in exactly when the test built it real credentials. Inputs are
 * {@link ConnectInput} text; seeds under DialectConnectFuzzTestInputs.
 */
class DialectConnectFuzzTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * OneNET. Password directive: {@code @token <res> <product|device|other> <et offset s> <method>}
   * signs a token with that key; {@code res} may name any resource.
   */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void oneNet(FuzzedDataProvider data) {
    BothDialects f = new BothDialects();
    ConnectInput in = ConnectInput.parse(data.consumeRemainingAsBytes());
    boolean credentialsValid = false;
    byte[] password = bytes(in.password());
    String[] directive = in.password() == null ? new String[0] : in.password().split(" ", -1);
    if (directive.length == 5 && directive[0].equals("@token")) {
      // Any other word names dev-2's key.
      String keyName = directive[2].equals("product") || directive[2].equals("device") ? directive[2] : "other";
      String key =
          switch (keyName) {
            case "product" -> BothDialects.ONENET_PRODUCT_KEY;
            case "device" -> BothDialects.ONENET_DEVICE_KEY;
            default -> BothDialects.ONENET_OTHER_KEY;
          };
      long et = BothDialects.NOW.getEpochSecond() + parseLong(directive[3]);
      String method = directive[4];
      if (method.equals("md5") || method.equals("sha1") || method.equals("sha256")) {
        password = bytes(OneNetToken.sign(directive[1], et, method, key));
        String res = directive[1];
        boolean productKey = keyName.equals("product");
        boolean ownKey = (keyName.equals("device") && DN.equals(in.clientId()))
            || (keyName.equals("other") && OTHER_DN.equals(in.clientId()));
        boolean productRes = res.equals("products/" + PID);
        boolean deviceRes = res.equals("products/" + PID + "/devices/" + in.clientId());
        // A.3: the product key signs either resource, a device key only its own device resource.
        credentialsValid = et >= BothDialects.NOW.getEpochSecond()
            && ((productKey && (productRes || deviceRes)) || (ownKey && deviceRes));
      }
    }
    ConnectRequest request = request(in, password);
    AuthResult result = connect(f.oneNet, f.oneNetProduct, request);

    boolean rulesPass = !in.flag("will", false) && !in.flag("willretain", false) && in.option("willqos", 0) == 0
        && in.flag("clean", true) && request.keepAliveSeconds() >= 10 && request.keepAliveSeconds() <= 1800;
    boolean knownDevice = DN.equals(in.clientId()) || OTHER_DN.equals(in.clientId());
    boolean expectAccepted = rulesPass && PID.equals(in.username()) && knownDevice && credentialsValid;
    checkContract(result, request, expectAccepted);
    if (result instanceof AuthResult.Accepted accepted) {
      assertThat(accepted.identity().deviceName()).isEqualTo(in.clientId());
      assertThat(accepted.provisioning()).isFalse();
    }
  }

  /**
   * Alibaba. Password directives: {@code @sign} signs the triple login (B.2.2) for the ClientId and
   * username given, with the named device's secret and the ClientId's signmethod; {@code @register}
   * signs a dynamic registration (B.3) with the product secret and the ClientId's random.
   */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void aliyun(FuzzedDataProvider data) {
    BothDialects f = new BothDialects();
    ConnectInput in = ConnectInput.parse(data.consumeRemainingAsBytes());
    AliyunClientId clientId = AliyunClientId.parse(in.clientId());
    Optional<AliyunUsername> username = AliyunUsername.parse(in.username());
    String deviceName = username.map(AliyunUsername::deviceName).orElse("");
    String method = clientId.extension("signmethod");
    String authType = clientId.extension("authType");
    boolean signedLogin = authType == null || !(authType.equals("register") || authType.equals("regnwl")
        || authType.equals("connwl"));
    byte[] password = bytes(in.password());
    boolean credentialsValid = false;
    if ("@sign".equals(in.password()) && AliyunSign.isKnownMethod(method)) {
      String secret = deviceName.equals(DN) ? BothDialects.ALIYUN_DEVICE_SECRET : BothDialects.ALIYUN_OTHER_SECRET;
      Map<String, String> params = new LinkedHashMap<>();
      if (!clientId.id().isEmpty()) {
        params.put("clientId", clientId.id());
      }
      params.put("deviceName", deviceName);
      params.put("productKey", PK);
      if (clientId.extension("timestamp") != null) {
        params.put("timestamp", clientId.extension("timestamp"));
      }
      password = bytes(AliyunSign.sign(method, secret, params));
      credentialsValid = signedLogin && (deviceName.equals(DN) || deviceName.equals(OTHER_DN));
    } else if ("@register".equals(in.password())
        && AliyunSign.isKnownMethod(method)
        && clientId.extension("random") != null) {
      Map<String, String> params =
          Map.of("deviceName", deviceName, "productKey", PK, "random", clientId.extension("random"));
      password = bytes(AliyunSign.sign(method, BothDialects.ALIYUN_PRODUCT_SECRET, params));
    }
    ConnectRequest request = request(in, password);
    AuthResult result = connect(f.aliyun, f.aliyunProduct, request);

    boolean registration = "register".equals(authType) || "regnwl".equals(authType);
    String secureMode = clientId.extension("securemode");
    boolean rulesPass = !in.flag("will", false) && !in.flag("willretain", false) && in.option("willqos", 0) == 0
        && !clientId.id().isEmpty() && !clientId.idTooLong()
        && (secureMode == null || secureMode.equals("2") || secureMode.equals("3") || secureMode.equals("-2"))
        && (registration || (request.keepAliveSeconds() >= 30 && request.keepAliveSeconds() <= 1200));
    boolean ownProduct = username.isPresent() && username.get().productKey().equals(PK);
    checkContract(result, request, rulesPass && ownProduct && credentialsValid ? true : null);
    if (result instanceof AuthResult.Accepted accepted) {
      assertThat(accepted.identity().deviceName()).isEqualTo(deviceName);
      // Only a registration connection is provisioning, and it answers with the new credentials.
      assertThat(accepted.provisioning()).isEqualTo(registration);
      if (registration) {
        assertThat(request.tls()).isTrue();
        assertThat(accepted.welcome()).hasSize(1);
        JsonNode answer = JSON.readTree(accepted.welcome().get(0).payload());
        assertThat(answer.get("deviceName").asString()).isEqualTo(deviceName);
        assertThat(f.devices.find(new io.porta.core.model.DeviceKey(PK, deviceName))).isPresent();
      } else {
        assertThat(in.password()).isEqualTo("@sign"); // no forged signature or token gets in
      }
    }
  }

  /** checkConnect, then (as the transport does) authenticate only a request that passed it. */
  private static AuthResult connect(Dialect dialect, Product product, ConnectRequest request) {
    Optional<String> claimed = dialect.claimedProductId(request);
    Optional<ConnectRefusal> early = dialect.checkConnect(request);
    if (early.isPresent()) {
      return AuthResult.refused(early.get());
    }
    if (claimed.isEmpty() || !claimed.get().equals(product.id())) {
      return AuthResult.refused(ConnectRefusal.badCredentials("not this product"));
    }
    return dialect.authenticate(product, request);
  }

  /**
   * @param expectAccepted true: must be accepted; false: must be refused; null: either (the test
   *     cannot tell, e.g. a registration)
   */
  private static void checkContract(AuthResult result, ConnectRequest request, Boolean expectAccepted) {
    if (expectAccepted != null) {
      assertThat(result).isInstanceOf(expectAccepted ? AuthResult.Accepted.class : AuthResult.Refused.class);
    }
    if (result instanceof AuthResult.Refused refused) {
      ConnectRefusal r = refused.refusal();
      assertThat(r.connackCode()).isIn(ConnectRefusal.NO_CONNACK, 1, 2, 3, 4, 5);
      assertThat(r.reason()).isNotNull();
      assertThat(r.failure()).isNotNull();
      String password = request.password() == null ? "" : new String(request.password(), StandardCharsets.UTF_8);
      // Secrets never in a log line: the refusal detail is logged.
      if (password.length() >= 8 && !contains(request.clientId(), password) && !contains(request.username(), password)) {
        assertThat(r.detail()).doesNotContain(password);
      }
    }
  }

  private static ConnectRequest request(ConnectInput in, byte[] password) {
    return BothDialects.connect(
        in.option("level", 4),
        in.clientId(),
        in.username(),
        password,
        in.flag("clean", true),
        in.option("keepalive", 60),
        in.flag("will", false),
        in.option("willqos", 0),
        in.flag("willretain", false),
        in.flag("tls", false));
  }

  private static boolean contains(String field, String password) {
    return field != null && field.contains(password);
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
