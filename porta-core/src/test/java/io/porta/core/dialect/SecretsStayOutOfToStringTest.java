package io.porta.core.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.dialect.onenet.OneNetToken;
import io.porta.core.model.Device;
import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Whatever is logged with {@code {}} goes through toString: the types that carry a password, secret
 * or token must leave it out (design.md "Observability": no secret is ever logged).
 */
class SecretsStayOutOfToStringTest {
  static final String SECRET = "s3cr3t-Value-That-Must-Not-Appear";

  @Test
  void connectRequestLeavesOutThePassword() {
    ConnectRequest request =
        new ConnectRequest(
            4, "dev-1", "pid01", SECRET.getBytes(StandardCharsets.UTF_8), true, 60, false, 0, false, false,
            "10.0.0.1:5000");
    assertThat(request.toString())
        .contains("dev-1")
        .contains("pid01")
        .doesNotContain(SECRET)
        .doesNotContainIgnoringCase("password")
        .doesNotContain("[B@"); // not even the array's identity
  }

  @Test
  void productAndDeviceLeaveOutTheirKeys() {
    Instant now = Instant.parse("2024-01-01T00:00:00Z");
    Product product = new Product("pid01", "meters", "onenet", SECRET, ProductOptions.DEFAULTS, now);
    assertThat(product.toString()).contains("pid01").doesNotContain(SECRET);
    Device device =
        new Device("pid01", "dev-1", SECRET, true, now, java.util.Map.of(), null, SECRET + "-token", null);
    assertThat(device.toString()).contains("dev-1").doesNotContain(SECRET);
    assertThat(new DeviceIdentity(product, "dev-1").toString()).isEqualTo("pid01/dev-1");
  }

  @Test
  void connectionCredentialsLeaveOutThePassword() {
    assertThat(new ConnectionCredentials("dev-1", "pid01", SECRET).toString())
        .contains("dev-1")
        .doesNotContain(SECRET);
  }

  @Test
  void oneNetTokenLeavesOutItsSignature() {
    String token = OneNetToken.sign("products/pid01/devices/dev-1", 4_000_000_000L, "sha256", "a2V5a2V5a2V5a2V5");
    OneNetToken parsed = OneNetToken.parse(token);
    assertThat(parsed.toString()).doesNotContain(parsed.sign());
  }

  @Test
  void aMalformedTokenDoesNotEchoWhatTheDeviceSent() {
    // A plain secret used as the password, in the shape of a repeated token field.
    String password = SECRET + "=1&" + SECRET + "=2";
    try {
      OneNetToken.parse(password);
    } catch (OneNetToken.MalformedTokenException e) {
      assertThat(e.getMessage()).doesNotContain(SECRET);
      return;
    }
    throw new AssertionError("parsed a malformed token");
  }
}
