package io.porta.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.porta.core.dialect.aliyun.AliyunClientId;
import io.porta.core.dialect.aliyun.AliyunSign;
import io.porta.core.dialect.aliyun.AliyunUsername;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Alibaba login fields (protocols.md B.2.1, B.2.2): ClientId {@code id|k=v,…|}, username
 * {@code deviceName&productKey} and the signed password. The parsers take anything and keep to their
 * documented shape; signature verification agrees with plain comparison, case-insensitively.
 */
class AliyunLoginFuzzTest {
  /** One text read as both a ClientId and a username. Seeds: AliyunLoginFuzzTestInputs/loginFields. */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void loginFields(FuzzedDataProvider data) {
    String text = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);

    AliyunClientId clientId = AliyunClientId.parse(text);
    int bar = text.indexOf('|');
    assertThat(clientId.id()).isEqualTo((bar < 0 ? text : text.substring(0, bar)).trim());
    assertThat(clientId.idTooLong()).isEqualTo(clientId.id().length() > AliyunClientId.MAX_ID_LENGTH);
    for (Map.Entry<String, String> e : clientId.extensions().entrySet()) {
      // The parameters sit between the first two bars, comma-separated, trimmed.
      assertThat(e.getKey()).isEqualTo(e.getKey().trim()).doesNotContain(",", "|").doesNotContain("=");
      assertThat(e.getValue()).isEqualTo(e.getValue().trim()).doesNotContain(",", "|");
    }
    if (bar < 0) {
      assertThat(clientId.extensions()).isEmpty();
    }

    Optional<AliyunUsername> username = AliyunUsername.parse(text);
    if (username.isPresent()) {
      AliyunUsername u = username.get();
      assertThat(u.deviceName() + "&" + u.productKey()).isEqualTo(text);
      assertThat(u.deviceName()).isNotEmpty();
      assertThat(u.productKey()).isNotEmpty().doesNotContain("&");
    } else {
      int amp = text.lastIndexOf('&');
      assertThat(amp <= 0 || amp == text.length() - 1).isTrue();
    }
  }

  /**
   * Input: {@code method \n secret \n clientId \n deviceName \n presented}. Whatever the method and
   * the presented text, verify answers; it accepts exactly the signature in either case.
   */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void signature(FuzzedDataProvider data) {
    String[] parts = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8).split("\n", 5);
    String method = parts[0];
    String secret = part(parts, 1);
    Map<String, String> params =
        Map.of("clientId", part(parts, 2), "deviceName", part(parts, 3), "productKey", "a1X2bEnP82z");
    String presented = part(parts, 4);

    boolean verified = AliyunSign.verify(method, secret, params, presented);
    if (!AliyunSign.isKnownMethod(method) || secret.isEmpty()) {
      assertThat(verified).isFalse(); // found by this test: an empty secret threw from HMAC
      return;
    }
    String expected = AliyunSign.sign(method, secret, params);
    assertThat(expected).matches("[0-9a-f]+");
    assertThat(verified).isEqualTo(presented.toLowerCase(Locale.ROOT).equals(expected));
    assertThat(AliyunSign.verify(method, secret, params, expected)).isTrue();
    assertThat(AliyunSign.verify(method, secret, params, expected.toUpperCase(Locale.ROOT))).isTrue();
    assertThat(AliyunSign.verify(method, secret + "x", params, expected)).isFalse();
  }

  private static String part(String[] parts, int i) {
    return i < parts.length ? parts[i] : "";
  }
}
